#!/usr/bin/python3
"""camhub benchmark: time to first playlist, memory/CPU, reuse-answer latency.

Runs against ONE live RTSP test camera (tests/fixtures/rtsp_server.py) that this script
starts, compares camhub with the ffmpeg CLI and GStreamer's hlssink2, prints a markdown
report and writes it to docs/benchmarks.md.

  bench/run_bench.py [--build] [--camhub PATH] [--output FILE | --no-write] [--runs N]

Needs: a built camhub (default build-bench/app/camhub; built with cmake if missing),
ffmpeg, gst-launch-1.0 (+ plugins good/bad), wrk (installed with apt-get if missing),
/usr/bin/python3 with python3-gi for the RTSP camera. Everything listens on 127.0.0.1.
Python standard library only.
"""
import argparse
import datetime
import http.client
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RTSP_SERVER = os.path.join(ROOT, "tests", "fixtures", "rtsp_server.py")
LUA = os.path.join(ROOT, "bench", "reuse.lua")
CLK_TCK = os.sysconf("SC_CLK_TCK")
N_CAMERAS = 8
POLL = 0.02  # seconds between playlist polls
FIRST_PLAYLIST_DEADLINE = 15.0  # seconds, per run
TOTAL_DEADLINE = 360  # seconds; SIGALRM aborts (with cleanup) a hung run

# Targets stated in the report.
TARGET_TTFP_RATIO = 1.0  # camhub median / ffmpeg (-hls_time 1) median, must be <= this
AIM_TTFP_RATIO = 0.6
TARGET_EXTRA_STREAM_MIB = 8.0
TARGET_REUSE_P99_MS = 5.0


class BenchError(Exception):
    pass


def log(msg):
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tail(path, n=15):
    try:
        with open(path, "rb") as f:
            lines = f.read().decode("utf-8", "replace").splitlines()
        return "\n".join(lines[-n:])
    except OSError:
        return ""


# --------------------------------------------------------------------------- processes


class Procs:
    """Every child runs in its own process group; kill_all() ends them all."""

    def __init__(self):
        self.procs = []

    def spawn(self, args, log_path=None, **kw):
        """log_path: append the child's stderr (and stdout unless given) to this file."""
        kw.setdefault("stdin", subprocess.DEVNULL)
        logf = None
        if log_path:
            logf = open(log_path, "ab")
            kw.setdefault("stdout", logf)
            kw["stderr"] = logf
        try:
            p = subprocess.Popen(args, start_new_session=True, **kw)
        finally:
            if logf:
                logf.close()  # the child has its own copy
        self.procs.append(p)
        return p

    @staticmethod
    def _signal_group(p, sig):
        try:
            os.killpg(p.pid, sig)
        except (ProcessLookupError, PermissionError):
            pass

    def kill(self, p, grace=3.0):
        if p.poll() is None:
            self._signal_group(p, signal.SIGTERM)
            try:
                p.wait(grace)
            except subprocess.TimeoutExpired:
                self._signal_group(p, signal.SIGKILL)
                try:
                    p.wait(3)
                except subprocess.TimeoutExpired:
                    log(f"pid {p.pid} did not die")
        for f in (p.stdin, p.stdout, p.stderr):
            if f:
                try:
                    f.close()
                except OSError:
                    pass
        if p in self.procs:
            self.procs.remove(p)

    def kill_all(self):
        for p in list(reversed(self.procs)):
            self.kill(p)


class RtspCamera:
    """tests/fixtures/rtsp_server.py, with its CLIENT/CLOSED count followed live."""

    def __init__(self, procs, logdir):
        self.procs = procs
        self.clients = 0
        self.port = None
        self.cond = threading.Condition()
        self.errlog = os.path.join(logdir, "rtsp_server.err")
        self.proc = procs.spawn(
            ["/usr/bin/python3", RTSP_SERVER, "--size", "1280x720", "--fps", "25"],
            stdin=subprocess.PIPE,  # the server quits when this closes
            stdout=subprocess.PIPE,
            log_path=self.errlog,
        )
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        with self.cond:
            self.cond.wait_for(lambda: self.port is not None or self.proc.poll() is not None, 15)
        if self.port is None:
            raise BenchError("RTSP test camera did not start:\n" + tail(self.errlog))
        self.url = f"rtsp://127.0.0.1:{self.port}/cam"

    def _read(self):
        try:
            self._read_lines()
        except (OSError, ValueError):
            pass  # stdout closed while the bench shuts the camera down
        with self.cond:
            self.cond.notify_all()

    def _read_lines(self):
        for raw in self.proc.stdout:
            words = raw.decode("utf-8", "replace").split()
            if len(words) != 2:
                continue
            with self.cond:
                if words[0] == "PORT":
                    self.port = int(words[1])
                elif words[0] in ("CLIENT", "CLOSED"):
                    self.clients = int(words[1])
                self.cond.notify_all()

    def wait_clients(self, n, timeout=8.0):
        with self.cond:
            ok = self.cond.wait_for(lambda: self.clients == n, timeout)
        if not ok:
            raise BenchError(f"RTSP camera: expected {n} clients, have {self.clients}")


# --------------------------------------------------------------------------- /proc


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise BenchError(f"no VmRSS for pid {pid}")


def rss_anon_kib(pid):
    """RssAnon: the private, per-process part of RSS (RssFile is mostly shared libraries)."""
    v = proc_field(pid, "RssAnon")
    return int(v.split()[0]) if v != "?" else 0


def proc_field(pid, name):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(name + ":"):
                return line.split(":", 1)[1].strip()
    return "?"


def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        data = f.read()
    fields = data[data.rindex(")") + 2:].split()  # fields from #3 (state) on
    return int(fields[11]) + int(fields[12])  # utime (#14) + stime (#15)


def thread_ticks(pid):
    """{tid: (thread name, utime+stime)} for every thread of pid."""
    out = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/comm") as f:
                name = f.read().strip()
            out[tid] = (name, cpu_ticks(f"{pid}/task/{tid}"))
        except (OSError, ValueError):
            pass
    return out


def count_lines(path):
    try:
        with open(path, "rb") as f:
            return sum(1 for _ in f)
    except OSError:
        return 0


def cpu_percent(pid, seconds):
    """CPU use of pid over `seconds`, in % of one core."""
    t0, c0 = time.monotonic(), cpu_ticks(pid)
    time.sleep(seconds)
    t1, c1 = time.monotonic(), cpu_ticks(pid)
    return 100.0 * (c1 - c0) / CLK_TCK / (t1 - t0)


def mib(kib):
    return kib / 1024.0


# --------------------------------------------------------------------------- source


def probe_source(url, seconds=2.6):
    """A minimal RTSP/TCP client: when does the first RTP packet and each H.264 IDR arrive
    (seconds after connect)? Gives the lower bound for a first 1 s segment."""
    m = re.match(r"rtsp://([^:/]+):(\d+)(/.*)", url)
    host, port = m.group(1), int(m.group(2))
    t0 = time.monotonic()
    sock = socket.create_connection((host, port), timeout=5)
    buf = bytearray()
    cseq = 0

    def fill(n):
        while len(buf) < n:
            chunk = sock.recv(65536)
            if not chunk:
                raise BenchError("RTSP probe: connection closed")
            buf.extend(chunk)

    def request(method, target, extra=""):
        nonlocal cseq
        cseq += 1
        sock.sendall(f"{method} {target} RTSP/1.0\r\nCSeq: {cseq}\r\n{extra}\r\n".encode())
        while b"\r\n\r\n" not in buf:
            fill(len(buf) + 1)
        end = buf.index(b"\r\n\r\n") + 4
        head = bytes(buf[:end]).decode("latin-1")
        del buf[:end]
        n = re.search(r"Content-Length: *(\d+)", head, re.I)
        n = int(n.group(1)) if n else 0
        fill(n)
        body = bytes(buf[:n]).decode("latin-1")
        del buf[:n]
        if " 200 " not in head.split("\r\n")[0] + " ":
            raise BenchError(f"RTSP probe: {method} -> {head.splitlines()[0]}")
        return head, body

    try:
        head, sdp = request("DESCRIBE", url, "Accept: application/sdp\r\n")
        video = sdp.split("m=video", 1)[1]
        control = re.search(r"a=control:(\S+)", video).group(1)
        base = re.search(r"Content-Base: *(\S+)", head)
        track = control if control.startswith("rtsp") else \
            (base.group(1) if base else url + "/").rstrip("/") + "/" + control
        head, _ = request("SETUP", track, "Transport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n")
        session = re.search(r"Session: *([^;\r\n]+)", head).group(1)
        request("PLAY", url, f"Session: {session}\r\nRange: npt=0-\r\n")
        t_play = time.monotonic() - t0
        first_rtp = None
        idrs = []
        while time.monotonic() - t0 < seconds:
            fill(4)
            if buf[0] != 0x24:
                raise BenchError("RTSP probe: unexpected data on the interleaved connection")
            length = int.from_bytes(buf[2:4], "big")
            fill(4 + length)
            channel, pkt = buf[1], bytes(buf[4:4 + length])
            del buf[:4 + length]
            if channel != 0 or len(pkt) < 14:
                continue
            t = time.monotonic() - t0
            if first_rtp is None:
                first_rtp = t
            payload = pkt[12 + 4 * (pkt[0] & 0x0F):]
            nal = payload[0] & 0x1F
            is_idr = nal == 5 or (nal == 28 and payload[1] & 0x80 and payload[1] & 0x1F == 5)
            if nal == 24:  # STAP-A: look inside
                i = 1
                while i + 2 < len(payload):
                    size = int.from_bytes(payload[i:i + 2], "big")
                    if i + 2 < len(payload) and payload[i + 2] & 0x1F == 5:
                        is_idr = True
                    i += 2 + size
            if is_idr and (not idrs or t - idrs[-1] > 0.3):
                idrs.append(t)
        sock.settimeout(1)
        try:
            request("TEARDOWN", url, f"Session: {session}\r\n")
        except (OSError, BenchError):
            pass
    finally:
        sock.close()
    return {"play": t_play, "first_rtp": first_rtp, "idrs": idrs}


# --------------------------------------------------------------------------- camhub


class Camhub:
    def __init__(self, procs, binary, config, workdir, name):
        self.procs = procs
        self.port = free_port()
        self.log = os.path.join(workdir, f"{name}.log")
        self.proc = procs.spawn(
            [binary, "--headless", "--port", str(self.port), "--config", config,
             "--data-dir", os.path.join(workdir, f"{name}-data"), "--cleanup-interval", "0"],
            log_path=self.log,
        )
        deadline = time.monotonic() + 15
        while True:
            if self.proc.poll() is not None:
                raise BenchError(f"camhub exited with {self.proc.returncode}:\n" + tail(self.log))
            try:
                if self.request("GET", "/api/streams/all", timeout=1)[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise BenchError("camhub did not answer on its port:\n" + tail(self.log))
            time.sleep(0.05)

    @property
    def pid(self):
        return self.proc.pid

    def request(self, method, path, body=None, timeout=5.0):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            headers = {}
            data = None
            if body is not None:
                data = json.dumps(body).encode()
                headers["Content-Type"] = "application/json"
            conn.request(method, path, body=data, headers=headers)
            r = conn.getresponse()
            return r.status, r.read()
        finally:
            conn.close()

    def api(self, method, path, body=None):
        status, data = self.request(method, path, body)
        try:
            doc = json.loads(data)
        except ValueError:
            doc = None
        if status != 200 or not isinstance(doc, dict) or not doc.get("success"):
            raise BenchError(f"{method} {path} {body} -> {status} {data[:300]!r}")
        return doc

    def start(self, sid):
        return self.api("POST", "/api/streams/start", {"stream_id": sid})

    def stop(self, sid):
        return self.api("POST", "/api/streams/stop", {"stream_id": sid})

    def streams(self):
        return {s["stream_id"]: s for s in self.api("GET", "/api/streams/all")["streams"]}

    def playlist_has_segment(self, sid):
        status, data = self.request("GET", f"/static/streams/{sid}/stream.m3u8")
        return status == 200 and b"#EXTINF" in data

    def wait_ready(self, sids, timeout=20.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            s = self.streams()
            if all(s.get(i, {}).get("ready") for i in sids):
                return s
            dead = [i for i in sids if s.get(i, {}).get("state") == "dead"]
            if dead:
                raise BenchError(f"streams died: {[(i, s[i].get('last_error')) for i in dead]}")
            time.sleep(0.1)
        raise BenchError(f"streams not ready after {timeout} s: {self.streams()}")


def write_config(path, url, n):
    cams = [{"id": f"camera{i}", "name": f"Bench camera {i}",
             "profiles": [{"token": "MediaProfile00000", "name": "Main", "url": url}]}
            for i in range(1, n + 1)]
    with open(path, "w") as f:
        json.dump({"cameras": cams}, f, indent=1)
    return [f"camera{i}_MediaProfile00000" for i in range(1, n + 1)]


# --------------------------------------------------------------------------- measurements


def camhub_first_playlist(hub, cam, sid, baseline):
    """POST start -> playlist with a segment; then stop and wait until it is gone."""
    t0 = time.monotonic()
    wall0 = time.time()
    doc = hub.start(sid)
    if doc.get("already_running"):
        raise BenchError(f"{sid} was still running before a first-playlist run")
    deadline = t0 + FIRST_PLAYLIST_DEADLINE
    while True:
        status, data = hub.request("GET", f"/static/streams/{sid}/stream.m3u8")
        if status == 200 and b"#EXTINF" in data:
            ttfp = time.monotonic() - t0
            break
        if time.monotonic() > deadline:
            raise BenchError(f"camhub: no playlist for {sid} after {FIRST_PLAYLIST_DEADLINE} s:\n"
                             + tail(hub.log))
        time.sleep(POLL)
    t1 = time.monotonic()
    hub.stop(sid)
    deadline = t1 + 10
    while sid in hub.streams():
        if time.monotonic() > deadline:
            raise BenchError(f"{sid} still listed 10 s after stop")
        time.sleep(POLL)
    cam.wait_clients(baseline)  # camhub's RTSP session is closed
    # When did the keyframe that opens the first segment reach camhub (its wall clock)?
    seg_start = None
    m = re.search(rb"#EXT-X-PROGRAM-DATE-TIME:(\S+)", data)
    if m:
        try:
            pdt = datetime.datetime.fromisoformat(m.group(1).decode().replace("Z", "+00:00"))
            seg_start = pdt.timestamp() - wall0
        except ValueError:
            pass
    return ttfp, time.monotonic() - t1, seg_start, first_extinf(data)


def file_first_playlist(procs, cam, baseline, args, playlist, errlog):
    """Spawn a remuxer process -> its playlist file lists a segment; then kill it."""
    t0 = time.monotonic()
    p = procs.spawn(args, stdout=subprocess.DEVNULL, log_path=errlog)
    try:
        deadline = t0 + FIRST_PLAYLIST_DEADLINE
        while True:
            try:
                with open(playlist, "rb") as f:
                    data = f.read()
            except FileNotFoundError:
                data = b""
            if b"#EXTINF" in data:
                ttfp = time.monotonic() - t0
                break
            if p.poll() is not None:
                raise BenchError(f"{args[0]} exited with {p.returncode}:\n" + tail(errlog))
            if time.monotonic() > deadline:
                raise BenchError(f"{args[0]}: no playlist after {FIRST_PLAYLIST_DEADLINE} s:\n"
                                 + tail(errlog))
            time.sleep(POLL)
    finally:
        procs.kill(p)
    cam.wait_clients(baseline)
    return ttfp, first_extinf(data)


def first_extinf(playlist):
    m = re.search(rb"#EXTINF:([0-9.]+)", playlist)
    return float(m.group(1)) if m else None


def ffmpeg_args(url, outdir, hls_time):
    a = ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error",
         "-rtsp_transport", "tcp", "-i", url, "-c", "copy", "-f", "hls"]
    if hls_time is not None:
        a += ["-hls_time", str(hls_time)]
    return a + [os.path.join(outdir, "stream.m3u8")]


def gst_args(url, outdir):
    return ["gst-launch-1.0", "-q", "rtspsrc", f"location={url}", "protocols=tcp", "!",
            "rtph264depay", "!", "h264parse", "!", "hlssink2", "target-duration=1",
            f"location={os.path.join(outdir, 'seg%05d.ts')}",
            f"playlist-location={os.path.join(outdir, 'stream.m3u8')}"]


def stats(values):
    return {"median": statistics.median(values), "min": min(values), "max": max(values),
            "runs": list(values)}


def process_footprint(procs, cam, baseline, args, playlist, errlog, settle, cpu_window):
    """RSS after `settle` s of running and CPU% over the following `cpu_window` s."""
    p = procs.spawn(args, stdout=subprocess.DEVNULL, log_path=errlog)
    try:
        deadline = time.monotonic() + FIRST_PLAYLIST_DEADLINE
        while True:
            try:
                with open(playlist, "rb") as f:
                    if b"#EXTINF" in f.read():
                        break
            except FileNotFoundError:
                pass
            if p.poll() is not None:
                raise BenchError(f"{args[0]} exited with {p.returncode}:\n" + tail(errlog))
            if time.monotonic() > deadline:
                raise BenchError(f"{args[0]}: no playlist:\n" + tail(errlog))
            time.sleep(POLL)
        time.sleep(settle)
        rss, anon = rss_kib(p.pid), rss_anon_kib(p.pid)
        cpu = cpu_percent(p.pid, cpu_window)
        rss_late = rss_kib(p.pid)
        return {"rss_kib": rss, "anon_kib": anon, "rss_late_kib": rss_late, "cpu": cpu}
    finally:
        procs.kill(p)
        cam.wait_clients(baseline)


def run_wrk(hub, sid, workdir):
    out_path = os.path.join(workdir, "wrk.out")
    args = ["wrk", "-t2", "-c100", "-d5s", "--timeout", "5s", "--latency", "-s", LUA,
            f"http://127.0.0.1:{hub.port}/api/streams/start", "--", sid]
    with open(out_path, "wb") as out:
        r = subprocess.run(args, stdout=out, stderr=subprocess.STDOUT, timeout=60,
                           start_new_session=True)
    text = open(out_path, encoding="utf-8", errors="replace").read()
    if r.returncode != 0:
        raise BenchError(f"wrk failed ({r.returncode}):\n{text}")
    result = None
    for line in text.splitlines():
        if line.startswith("CAMHUB_WRK "):
            result = json.loads(line[len("CAMHUB_WRK "):])
    if result is None:
        raise BenchError("wrk printed no CAMHUB_WRK line:\n" + text)
    non2xx = 0
    for line in text.splitlines():
        if line.strip().startswith("Non-2xx or 3xx responses:"):
            non2xx = int(line.split(":")[1])
    result["non2xx_text"] = non2xx
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    result["raw"] = text
    return result


# --------------------------------------------------------------------------- environment


def ensure_wrk():
    if shutil.which("wrk"):
        return
    log("wrk not found; installing it with apt-get")
    sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")

    def apt(*words):
        return subprocess.run(sudo + ["apt-get", *words], stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, timeout=600, env=env)

    r = apt("install", "-y", "wrk")
    if r.returncode != 0:  # a fresh machine may have no package lists yet
        apt("update")
        r = apt("install", "-y", "wrk")
    if r.returncode != 0 or not shutil.which("wrk"):
        raise BenchError("could not install wrk: " + r.stderr.decode(errors="replace")[-500:])


def ensure_camhub(path, default_path, rebuild):
    if os.access(path, os.X_OK) and not rebuild:
        return path
    if path != default_path:
        raise BenchError(f"{path} is not an executable (--build only builds the default)")
    build = os.path.dirname(os.path.dirname(default_path))
    log(f"building camhub in {build}")
    for cmd in (["cmake", "-S", ROOT, "-B", build, "-G", "Ninja", "-DCAMHUB_BUILD_TESTS=OFF"],
                ["cmake", "--build", build]):
        r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=1800)
        if r.returncode != 0:
            raise BenchError(f"{' '.join(cmd)} failed:\n" + r.stderr.decode(errors="replace")[-2000:])
    return path


def first_line(cmd):
    try:
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=20)
        return r.stdout.decode(errors="replace").splitlines()[0].strip()
    except (OSError, IndexError, subprocess.SubprocessError):
        return "?"


def environment(camhub):
    cpu = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = "?"
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    distro = "?"
    try:
        with open("/etc/os-release") as f:
            for line in f:
                if line.startswith("PRETTY_NAME="):
                    distro = line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    commit = first_line(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"])
    dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--", "core", "http",
                            "app", "CMakeLists.txt"], stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL).stdout.strip()
    with open("/proc/loadavg") as f:
        load = " ".join(f.read().split()[:3])
    return {
        "load": load,
        "date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "mem": mem,
        "os": f"{distro}, kernel {platform.release()}",
        "ffmpeg": first_line(["ffmpeg", "-version"]),
        "gstreamer": first_line(["gst-launch-1.0", "--version"]).replace("gst-launch-1.0 ", ""),
        "wrk": first_line(["wrk", "--version"]).split(" Copyright")[0],
        "camhub": first_line([camhub, "--headless", "--version"]),
        "commit": commit + (" (with uncommitted changes)" if dirty else ""),
        "binary": os.path.relpath(camhub, ROOT) if camhub.startswith(ROOT) else camhub,
        "built": datetime.datetime.fromtimestamp(os.path.getmtime(camhub)).astimezone()
        .strftime("%Y-%m-%d %H:%M %Z"),
    }


# --------------------------------------------------------------------------- report


def fmt_s(x):
    return f"{x:.2f} s"


def ttfp_row(name, s):
    runs = ", ".join(f"{v:.2f}" for v in s["runs"])
    seg = seg_range(s)
    return (f"| {name} | **{s['median']:.2f} s** | {s['min']:.2f}–{s['max']:.2f} s | {runs} |"
            f" {s['warmup']:.2f} s | {seg} |")


def seg_range(s):
    lens = [v for v in s.get("seg_len", []) if v is not None]
    if not lens:
        return "?"
    lo, hi = f"{min(lens):.2f}", f"{max(lens):.2f}"
    return f"{lo} s" if lo == hi else f"{lo}–{hi} s"


def verdict(ok):
    return "**met**" if ok else "**NOT met**"


def report(env, args, r):
    L = []
    w = L.append
    w("# camhub benchmarks")
    w("")
    w(f"Generated by `bench/run_bench.py` on {env['date']}. Re-run: `bench/run_bench.py` "
      "(see `bench/README.md`).")
    w("")
    w("| | |")
    w("|---|---|")
    w(f"| Machine | {env['nproc']} CPU(s), {env['cpu']}, {env['mem']} RAM; load average {env['load']} at start, {env['load_end']} at the end |")
    w(f"| OS | {env['os']} |")
    w(f"| camhub | {env['camhub']}, commit {env['commit']}, binary `{env['binary']}` built {env['built']} |")
    w(f"| FFmpeg | {env['ffmpeg']} |")
    w(f"| GStreamer | {env['gstreamer']} |")
    w(f"| wrk | {env['wrk']} |")
    w(f"| Source | `tests/fixtures/rtsp_server.py`: H.264 1280x720 25 fps, 1 s GOP, "
      f"shared media over RTSP/TCP on 127.0.0.1, ~{r['bitrate_kbps']:.0f} kbit/s |")
    w("")
    busy = max(float(env["load"].split()[0]), float(env["load_end"].split()[0]))
    if busy > 0.75 * (env["nproc"] or 1) + 1:
        w(f"> **Warning:** the machine was busy with other work during this run (1-minute load "
          f"average up to {busy:.1f} on {env['nproc']} CPUs, of which the bench itself accounts "
          "for about 1); CPU-bound figures, the reuse latency above all, are pessimistic. "
          "Re-run on a quiet machine.")
        w("")
    w("Everything (camera encoder, camhub, the compared tools, wrk) runs on the same machine, "
      "so all figures include contention for its cores. One extra RTSP client stays "
      "connected for the whole run so the camera's shared pipeline is already running "
      "(like a real camera) and each client joins mid-GOP.")
    w("")

    # Targets
    t = r["targets"]
    w("## Targets")
    w("")
    w("| Target | Measured | Verdict |")
    w("|---|---|---|")
    w(f"| First playlist no later than the ffmpeg CLI (`-hls_time 1`), aim 0.6× | "
      f"{t['ratio']:.2f}× ({r['ttfp']['camhub']['median']:.2f} s vs "
      f"{r['ttfp']['ffmpeg1']['median']:.2f} s) | {verdict(t['ttfp_ok'])}"
      f"{'' if not t['ttfp_ok'] else (', aim 0.6× ' + ('met' if t['ttfp_aim'] else 'not met'))} |")
    w(f"| Each extra stream ≤ {TARGET_EXTRA_STREAM_MIB:.0f} MiB RSS | "
      f"{t['extra']:.2f} MiB per stream | {verdict(t['extra_ok'])} |")
    w(f"| Reuse answer p99 ≤ {TARGET_REUSE_P99_MS:.0f} ms (100 clients) | "
      f"{t['p99']:.2f} ms | {verdict(t['p99_ok'])} |")
    w("")

    # 1. first playlist
    tt = r["ttfp"]
    w("## 1. Time to first playlist")
    w("")
    w("From `POST /api/streams/start` (camhub) or process spawn (ffmpeg, gst-launch) until "
      f"the playlist lists at least one segment, polled every {POLL * 1000:.0f} ms. "
      f"{args.runs} measured runs each, after one discarded warm-up run; camhub's stream is "
      "stopped between runs and the script waits until it is gone from `/api/streams/all` "
      "and its RTSP session is closed; the tools' processes are killed between runs.")
    w("")
    w("| Pipeline | Median | Min–max | Runs (s) | Warm-up run | First segment's `#EXTINF` |")
    w("|---|---|---|---|---|---|")
    w(ttfp_row("camhub (segment target 1 s)", tt["camhub"]))
    w(ttfp_row("`ffmpeg -rtsp_transport tcp -i URL -c copy -f hls -hls_time 1`", tt["ffmpeg1"]))
    w(ttfp_row("`ffmpeg ... -f hls` (default `-hls_time 2`)", tt["ffmpeg2"]))
    w(ttfp_row("`gst-launch-1.0 rtspsrc protocols=tcp ! rtph264depay ! h264parse ! "
               "hlssink2 target-duration=1`", tt["gst"]))
    w("")
    w(f"Ratio camhub / ffmpeg `-hls_time 1`: **{tt['camhub']['median'] / tt['ffmpeg1']['median']:.2f}×**; "
      f"camhub / ffmpeg defaults: {tt['camhub']['median'] / tt['ffmpeg2']['median']:.2f}×; "
      f"camhub / GStreamer: {tt['camhub']['median'] / tt['gst']['median']:.2f}×.")
    w("")
    if r.get("probe"):
        pr = r["probe"]
        first_idr = [p["idrs"][0] for p in pr if p["idrs"]]
        gaps = [b - a for p in pr for a, b in zip(p["idrs"], p["idrs"][1:])]
        if first_idr and gaps:
            bound = statistics.median(first_idr) + statistics.median(gaps)
            w(f"The source itself (a minimal RTSP/TCP client in the script, {len(pr)} runs): PLAY "
              f"answered after {statistics.median([p['play'] for p in pr]) * 1000:.0f} ms, the "
              f"first RTP packet is an IDR arriving {statistics.median(first_idr) * 1000:.0f} ms "
              f"after connect, then one every {statistics.median(gaps):.2f} s. So a first 1 s "
              f"segment can be complete about **{bound:.2f} s** after connecting; that is the "
              f"floor for every pipeline above ({bound / r['ttfp']['ffmpeg1']['median']:.2f}× "
              "the ffmpeg `-hls_time 1` median).")
            w("")
            r["floor"] = bound
            r["first_idr"] = statistics.median(first_idr)
            r["gop"] = statistics.median(gaps)
    if tt.get("seg_start"):
        w(f"camhub's first segment begins with a keyframe that reached camhub "
          f"{statistics.median(tt['seg_start']):.2f} s after the POST (median; from its "
          "`#EXT-X-PROGRAM-DATE-TIME`, same clock).")
        w("")
    w(f"Stopping a camhub stream (POST stop → gone from the list and RTSP session closed): "
      f"median {statistics.median(tt['stop_s']) * 1000:.0f} ms, "
      f"max {max(tt['stop_s']) * 1000:.0f} ms.")
    w("")

    # 2. memory
    m = r["mem"]
    w("## 2. Memory and CPU")
    w("")
    w(f"camhub with {N_CAMERAS} cameras configured, all pointing at the same RTSP URL. RSS is "
      "`VmRSS` from `/proc/PID/status`, read ~5 s after the stream(s) became ready (first "
      "segment); CPU is utime+stime from `/proc/PID/stat` over the following "
      f"{args.cpu_window:.0f} s, in % of one core. \"RSS later\" is read again at the end of that "
      "CPU window (playlist window and segment buffers fuller).")
    w("")
    w("| Process | RSS | of which RssAnon | RSS later | CPU |")
    w("|---|---|---|---|---|")
    w(f"| camhub idle (no stream) | {mib(m['idle']):.1f} MiB | {mib(m['idle_anon']):.1f} MiB | | |")
    w(f"| camhub, 1 stream | {mib(m['rss1']):.1f} MiB | {mib(m['rss1_anon']):.1f} MiB | | |")
    w(f"| camhub, {N_CAMERAS} streams | {mib(m['rss8']):.1f} MiB | {mib(m['rss8_anon']):.1f} MiB "
      f"| {mib(m['rss8_late']):.1f} MiB | {m['cpu8']:.1f} % |")
    for key, label in (("ffmpeg", "one `ffmpeg ... -c copy -f hls -hls_time 1`"),
                       ("gst", "one `gst-launch-1.0 ... hlssink2`")):
        x = m[key]
        w(f"| {label} | {mib(x['rss_kib']):.1f} MiB | {mib(x['anon_kib']):.1f} MiB | "
          f"{mib(x['rss_late_kib']):.1f} MiB | {x['cpu']:.1f} % |")
    w("")
    extra = (m["rss8"] - m["rss1"]) / (N_CAMERAS - 1)
    extra_late = (m["rss8_late"] - m["rss1"]) / (N_CAMERAS - 1)
    w(f"- First stream: +{mib(m['rss1'] - m['idle']):.1f} MiB over idle.")
    w(f"- Each extra stream: (RSS{N_CAMERAS} − RSS1) / {N_CAMERAS - 1} = **{mib(extra):.2f} MiB** "
      f"({mib(extra_late):.2f} MiB using the later RSS{N_CAMERAS} reading).")
    def fleet(x):
        shared = x["rss_kib"] - x["anon_kib"]
        return (f"{mib(x['rss_kib']) * N_CAMERAS:.0f} MiB summed RSS "
                f"({mib(shared + N_CAMERAS * x['anon_kib']):.0f} MiB if the file-backed pages are "
                f"shared) and {x['cpu'] * N_CAMERAS:.1f} % CPU")

    w(f"- {N_CAMERAS} streams in camhub: {mib(m['rss8']):.1f} MiB and {m['cpu8']:.1f} % CPU, vs "
      f"{N_CAMERAS} × ffmpeg ≈ {fleet(m['ffmpeg'])}, {N_CAMERAS} × gst-launch ≈ "
      f"{fleet(m['gst'])} (estimates: one process × {N_CAMERAS}).")
    w(f"- camhub threads with {N_CAMERAS} streams: {m['threads8']}; RTSP sessions to the camera "
      f"from camhub: {m['sessions8']}.")
    w("")

    # 3. reuse
    q = r["reuse"]
    w("## 3. Reuse answer latency")
    w("")
    w("One stream running; `wrk -t2 -c100 -d5s --latency -s bench/reuse.lua` POSTs "
      "`{\"stream_id\": ...}` to `/api/streams/start` over 100 keep-alive connections "
      "(wrk shares the machine's cores with camhub and the camera).")
    w("")
    w("| p50 | p90 | p99 | max | Requests/s | Requests | Non-200 | Not `already_running` | Socket errors |")
    w("|---|---|---|---|---|---|---|---|---|")
    errs = q["err_connect"] + q["err_read"] + q["err_write"] + q["err_timeout"]
    w(f"| {q['p50_us'] / 1000:.2f} ms | {q['p90_us'] / 1000:.2f} ms | **{q['p99_us'] / 1000:.2f} ms** "
      f"| {q['max_us'] / 1000:.2f} ms | {q['rps']:.0f} | {q['requests']} | "
      f"{q['non200'] + q['non2xx_text']} | {q['not_reused']} | {errs} |")
    w("")
    all_ok = q["non200"] == 0 and q["non2xx_text"] == 0 and q["err_status"] == 0 and errs == 0
    w(f"All responses 200: **{'yes' if all_ok else 'NO'}** (wrk's own non-2xx count: "
      f"{q['non2xx_text']}; connect/read/write/timeout errors: {q['err_connect']}/"
      f"{q['err_read']}/{q['err_write']}/{q['err_timeout']}). "
      f"After the run the stream was still the same instance: "
      f"{'yes' if r['reuse_same'] else 'NO'} (RTSP sessions from camhub: {r['reuse_sessions']}).")
    w("")
    top = ", ".join(f"`{name}` {pct:.0f} %" for name, pct in q["cpu_top"])
    w(f"camhub CPU during the wrk run: {q['cpu_total']:.0f} % of one core in total; busiest "
      f"threads: {top}. camhub wrote {q['log_lines']} log lines during the run.")
    w("")
    w("<details><summary>wrk output</summary>")
    w("")
    w("```")
    w("\n".join(l for l in q["raw"].splitlines() if not l.startswith("CAMHUB_WRK")).strip())
    w("```")
    w("")
    w("</details>")
    w("")
    w("## Notes")
    w("")
    for note in notes(r):
        w(f"- {note}")
    w("")
    return "\n".join(L) + "\n"


def notes(r):
    """Observations derived from this run's figures (so a re-run stays truthful)."""
    out = []
    tt = r["ttfp"]
    if r.get("first_idr") is not None and tt.get("seg_start"):
        ss = statistics.median(tt["seg_start"])
        if ss > r["first_idr"] + 0.5 * r["gop"]:
            out.append(
                f"camhub's first segment starts at the source's *second* keyframe "
                f"(~{ss:.2f} s after the POST, while the first IDR reaches a client "
                f"~{r['first_idr']:.2f} s after connect): the first GOP is discarded, which "
                f"costs ~{r['gop']:.1f} s of time to first playlist "
                f"(camhub median {tt['camhub']['median']:.2f} s vs a floor of "
                f"~{r['floor']:.2f} s). Cause as diagnosed when this script was written (libav "
                "5.1): without `avformat_find_stream_info`, the first packet `av_read_frame` "
                "returns for this RTSP source is the IDR with pts = dts = AV_NOPTS_VALUE; "
                "`TimestampRepair::fix` drops a packet with no timestamp while it has no "
                "reference yet, and then drops everything up to the next keyframe.")
    out.append(
        "The GStreamer command line keeps `rtspsrc`'s default `latency=2000` (ms) jitter "
        "buffer, which is part of its figure; its first segment lasted "
        f"{seg_range(tt['gst'])} (not a full GOP), so it is not a like-for-like 1 s segment.")
    out.append(
        f"ffmpeg's first segment lasted {seg_range(tt['ffmpeg1'])} with `-hls_time 1` and "
        f"{seg_range(tt['ffmpeg2'])} with the default; camhub's lasted {seg_range(tt['camhub'])}.")
    br = r.get("bitrate_kbps", 0)
    out.append(
        f"The test camera's bitrate is low (~{br:.0f} kbit/s), and camhub keeps up to 10 segments "
        "(playlist window 6 + 4 extra) of every stream in memory, so the per-stream RSS grows with "
        "the camera bitrate: at 4 Mbit/s expect roughly 10 × 0.5 MB = 5 MB more per stream than "
        "measured here.")
    q = r["reuse"]
    if q["cpu_top"] and q["cpu_top"][0][1] > 70:
        name, pct = q["cpu_top"][0]
        out.append(
            f"Reuse answers are CPU-bound on one camhub thread (`{name}` at {pct:.0f} % of a core "
            f"while serving {q['rps']:.0f} req/s, i.e. ~{1e6 * pct / 100 / q['rps']:.0f} µs of CPU "
            "per request). With 100 closed-loop clients the latency is mostly queueing "
            f"(100 / {q['rps']:.0f} req/s = {100 / q['rps'] * 1000:.1f} ms mean), so p99 ≤ 5 ms "
            "needs more throughput (less work per request, or more than one serving thread).")
    if q["log_lines"] >= 0.5 * q["requests"]:
        out.append(
            f"camhub logs one info line per reused start ({q['log_lines']} lines for "
            f"{q['requests']} requests in 5 s); that is part of the per-request cost and floods "
            "the log when many viewers poll `/api/streams/start`.")
    return out


# --------------------------------------------------------------------------- main


def native_player_section():
    """Runs bench_player (built with the tests: build/bench/bench_player) if present."""
    for candidate in (os.path.join(ROOT, "build", "bench", "bench_player"),
                      os.path.join(ROOT, "build-bench", "bench", "bench_player")):
        if os.access(candidate, os.X_OK):
            break
    else:
        return "\n## 4. Native player\n\n(bench_player not built: configure with tests on.)\n\n"
    log("native player: " + candidate)
    try:
        out = subprocess.run([candidate, "10"], capture_output=True, text=True, timeout=180,
                             env=dict(os.environ, QT_QPA_PLATFORM="offscreen")).stdout
    except subprocess.TimeoutExpired:
        return "\n## 4. Native player\n\nbench_player timed out.\n\n"
    table = "\n".join(line for line in out.splitlines() if line.startswith("|"))
    return ("\n## 4. Native player\n\n"
            "`bench/player_bench.cpp`: one player tile (offscreen Qt) on a 720p25 H.264 RTSP camera. "
            "Latency is from a packet's arrival on the stream's reader thread to "
            "`QVideoSink::setVideoFrame` on the GUI thread; CPU is the process's, with and without "
            "the player, against `ffmpeg -i URL -f null -` decoding the same camera. Targets: "
            "frame within 100 ms of its packet; decode + present under a quarter of a core.\n\n"
            + table + "\n\n")


def main():
    default_bin = os.path.join(ROOT, "build-bench", "app", "camhub")
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--camhub", default=default_bin, help=f"camhub binary (default {default_bin})")
    ap.add_argument("--build", action="store_true",
                    help="(re)build the default binary with cmake first (it is built anyway "
                         "when missing)")
    ap.add_argument("--output", default=os.path.join(ROOT, "docs", "benchmarks.md"))
    ap.add_argument("--no-write", action="store_true", help="only print the report")
    ap.add_argument("--no-keep", action="store_true",
                    help="delete the temporary directory (logs) also when the run fails")
    ap.add_argument("--runs", type=int, default=5, help="measured first-playlist runs (default 5)")
    ap.add_argument("--settle", type=float, default=5.0, help="seconds before reading RSS")
    ap.add_argument("--cpu-window", type=float, default=10.0, help="seconds of CPU measurement")
    args = ap.parse_args()
    if not 1 <= args.runs <= 20:
        ap.error("--runs must be 1..20")

    for tool in ("ffmpeg", "gst-launch-1.0"):
        if not shutil.which(tool):
            raise BenchError(f"{tool} not found")
    if not os.path.exists("/usr/bin/python3"):
        raise BenchError("/usr/bin/python3 (with python3-gi) is needed for the RTSP camera")
    ensure_wrk()
    camhub = ensure_camhub(os.path.abspath(args.camhub), default_bin, args.build)
    env = environment(camhub)

    def on_signal(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, on_signal)
    def on_alarm(_signum, _frame):
        raise BenchError(f"bench exceeded {TOTAL_DEADLINE} s")

    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(TOTAL_DEADLINE)

    procs = Procs()
    workdir = tempfile.mkdtemp(prefix="camhub-bench-")
    started = time.monotonic()
    r = {}
    ok = False
    try:
        cam = RtspCamera(procs, workdir)
        log(f"RTSP camera at {cam.url}")
        # A client that stays connected keeps the shared pipeline (and encoder) running.
        procs.spawn(["gst-launch-1.0", "-q", "rtspsrc", f"location={cam.url}", "protocols=tcp",
                     "!", "fakesink"], stdout=subprocess.DEVNULL,
                    log_path=os.path.join(workdir, "keepalive.err"))
        cam.wait_clients(1, 15)
        time.sleep(1.0)
        baseline = 1
        config = os.path.join(workdir, "cameras.json")
        sids = write_config(config, cam.url, N_CAMERAS)

        # ---- 0. the source itself: when does a new client get its first keyframe?
        probes = []
        for i in range(2):
            try:
                probes.append(probe_source(cam.url))
            except (OSError, BenchError, AttributeError, IndexError) as e:
                log(f"RTSP probe failed: {e}")
            cam.wait_clients(baseline)
        r["probe"] = probes
        for pr in probes:
            log(f"source: PLAY answered {pr['play']:.3f} s, IDRs at "
                + ", ".join(f"{t:.3f}" for t in pr["idrs"]) + " s after connect")

        # ---- 1. time to first playlist
        ttfp = {}
        hub = Camhub(procs, camhub, config, workdir, "camhub-ttfp")
        stop_s = []
        seg_start = []
        seg_len = []
        runs = []
        for i in range(args.runs + 1):
            t, s, ss, d = camhub_first_playlist(hub, cam, sids[0], baseline)
            runs.append(t)
            seg_len.append(d)
            stop_s.append(s)
            if ss is not None and i > 0:
                seg_start.append(ss)
            log(f"camhub first playlist run {i}: {t:.3f} s (stop {s * 1000:.0f} ms, first "
                f"segment starts {'?' if ss is None else f'{ss:.3f}'} s after POST)")
        ttfp["camhub"] = dict(stats(runs[1:]), warmup=runs[0], seg_len=seg_len[1:])
        ttfp["stop_s"] = stop_s
        ttfp["seg_start"] = seg_start
        procs.kill(hub.proc)

        variants = [
            ("ffmpeg1", lambda d: ffmpeg_args(cam.url, d, 1)),
            ("ffmpeg2", lambda d: ffmpeg_args(cam.url, d, None)),
            ("gst", lambda d: gst_args(cam.url, d)),
        ]
        for key, make in variants:
            runs = []
            seg_len = []
            for i in range(args.runs + 1):
                out = tempfile.mkdtemp(prefix=f"{key}-{i}-", dir=workdir)
                t, d = file_first_playlist(procs, cam, baseline, make(out),
                                           os.path.join(out, "stream.m3u8"),
                                           os.path.join(workdir, f"{key}.err"))
                runs.append(t)
                seg_len.append(d)
                log(f"{key} first playlist run {i}: {t:.3f} s (first segment "
                    f"{'?' if d is None else f'{d:.2f}'} s)")
            ttfp[key] = dict(stats(runs[1:]), warmup=runs[0], seg_len=seg_len[1:])
        r["ttfp"] = ttfp

        # ---- 2. memory and CPU (fresh camhub)
        m = {}
        hub = Camhub(procs, camhub, config, workdir, "camhub-mem")
        time.sleep(1.0)
        m["idle"] = rss_kib(hub.pid)
        m["idle_anon"] = rss_anon_kib(hub.pid)
        hub.start(sids[0])
        hub.wait_ready(sids[:1])
        time.sleep(args.settle)
        m["rss1"] = rss_kib(hub.pid)
        m["rss1_anon"] = rss_anon_kib(hub.pid)
        st = hub.streams()[sids[0]]
        r["bitrate_kbps"] = st["bytes_in"] * 8 / 1000 / max(st["uptime"], 0.1)
        for sid in sids[1:]:
            hub.start(sid)
        hub.wait_ready(sids)
        time.sleep(args.settle)
        m["rss8"] = rss_kib(hub.pid)
        m["rss8_anon"] = rss_anon_kib(hub.pid)
        m["cpu8"] = cpu_percent(hub.pid, args.cpu_window)
        m["rss8_late"] = rss_kib(hub.pid)
        m["threads8"] = proc_field(hub.pid, "Threads")
        m["sessions8"] = cam.clients - baseline
        running = [s for s, v in hub.streams().items() if v.get("state") == "running"]
        if len(running) != N_CAMERAS:
            raise BenchError(f"only {len(running)} of {N_CAMERAS} streams running: {hub.streams()}")
        log(f"camhub RSS idle {mib(m['idle']):.1f} MiB, 1 stream {mib(m['rss1']):.1f} MiB, "
            f"{N_CAMERAS} streams {mib(m['rss8']):.1f} MiB, CPU {m['cpu8']:.1f} %")

        # ---- 3. reuse latency, one stream running (same camhub)
        for sid in sids[1:]:
            hub.stop(sid)
        cam.wait_clients(baseline + 1)
        before = hub.streams()[sids[0]]
        log_lines0 = count_lines(hub.log)
        threads0, wall0 = thread_ticks(hub.pid), time.monotonic()
        reuse = run_wrk(hub, sids[0], workdir)
        threads1, wall1 = thread_ticks(hub.pid), time.monotonic()
        reuse["log_lines"] = count_lines(hub.log) - log_lines0
        busy = {}
        for tid, (name, ticks) in threads1.items():
            prev = threads0.get(tid, (name, 0))[1]
            busy[f"{name} ({tid})"] = 100.0 * (ticks - prev) / CLK_TCK / (wall1 - wall0)
        reuse["cpu_total"] = sum(busy.values())
        reuse["cpu_top"] = sorted(busy.items(), key=lambda kv: -kv[1])[:2]
        after = hub.streams()[sids[0]]
        r["reuse"] = reuse
        r["reuse_same"] = (after["started_at"] == before["started_at"]
                           and after["state"] == "running")
        r["reuse_sessions"] = cam.clients - baseline
        log(f"reuse: p50 {reuse['p50_us']} us, p99 {reuse['p99_us']} us, "
            f"{reuse['rps']:.0f} req/s")
        procs.kill(hub.proc)
        cam.wait_clients(baseline)

        # ---- 2b. the same source through one ffmpeg / one gst-launch
        for key, make in (("ffmpeg", lambda d: ffmpeg_args(cam.url, d, 1)),
                          ("gst", lambda d: gst_args(cam.url, d))):
            out = tempfile.mkdtemp(prefix=f"{key}-mem-", dir=workdir)
            m[key] = process_footprint(procs, cam, baseline, make(out),
                                       os.path.join(out, "stream.m3u8"),
                                       os.path.join(workdir, f"{key}-mem.err"),
                                       args.settle, args.cpu_window)
            log(f"{key}: RSS {mib(m[key]['rss_kib']):.1f} MiB, CPU {m[key]['cpu']:.1f} %")
        r["mem"] = m

        ratio = ttfp["camhub"]["median"] / ttfp["ffmpeg1"]["median"]
        extra = mib((m["rss8"] - m["rss1"]) / (N_CAMERAS - 1))
        p99 = reuse["p99_us"] / 1000
        r["targets"] = {
            "ratio": ratio, "ttfp_ok": ratio <= TARGET_TTFP_RATIO,
            "ttfp_aim": ratio <= AIM_TTFP_RATIO,
            "extra": extra, "extra_ok": extra <= TARGET_EXTRA_STREAM_MIB,
            "p99": p99, "p99_ok": p99 <= TARGET_REUSE_P99_MS,
        }
        ok = True
    finally:
        signal.alarm(0)
        procs.kill_all()
        if ok or args.no_keep:
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            for name in sorted(os.listdir(workdir)):
                if name.startswith("camhub") and name.endswith(".log"):
                    log(f"last lines of {name}:\n" + tail(os.path.join(workdir, name), 25))
            log(f"failed; logs kept in {workdir}")

    with open("/proc/loadavg") as f:
        env["load_end"] = " ".join(f.read().split()[:3])
    text = report(env, args, r)
    text += native_player_section()
    text += f"_Benchmark wall time: {time.monotonic() - started:.0f} s._\n"
    print(text)
    if not args.no_write:
        os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
        with open(args.output, "w") as f:
            f.write(text)
        log(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (BenchError, OSError, ValueError, KeyError, subprocess.SubprocessError) as e:
        print(f"bench failed: {type(e).__name__}: {e}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt as e:
        print(f"bench interrupted {e}", file=sys.stderr)
        sys.exit(130)
