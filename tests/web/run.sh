#!/usr/bin/env bash
# End-to-end test of the viewer page against a real camhub and a real RTSP camera.
#
#   CAMHUB_BIN=build/app/camhub tests/web/run.sh [PORT]
#
# Starts the RTSP test camera (tests/fixtures/rtsp_server.py) and camhub --headless on
# 127.0.0.1:PORT (PORT: the argument, else $CAMHUB_PORT, else a free port), installs the
# test's npm packages if needed (npm ci), runs `node --test viewer.test.mjs` in the
# system Chromium (/usr/bin/chromium, or $CAMHUB_CHROMIUM), and stops everything it
# started on exit. The exit code is the test's. Set CAMHUB_SCREENSHOT_DIR to keep
# web-desktop.png and web-phone.png.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BIN=${CAMHUB_BIN:?set CAMHUB_BIN to the camhub binary}
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
PYTHON=${CAMHUB_PYTHON:-/usr/bin/python3}
DEADLINE_S=${CAMHUB_START_DEADLINE_S:-30}

say() { printf 'run.sh: %s\n' "$*" >&2; }

[ -x "$BIN" ] || { say "not an executable: $BIN"; exit 2; }
CHROMIUM=${CAMHUB_CHROMIUM:-/usr/bin/chromium}
[ -x "$CHROMIUM" ] || { say "no Chromium at $CHROMIUM (apt-get install chromium)"; exit 2; }
command -v node >/dev/null || { say "node is not installed"; exit 2; }
# The test runs in this folder: make the folders it is given absolute.
for var in CAMHUB_SCREENSHOT_DIR CAMHUB_WEB_DIR; do
    if [ -n "${!var:-}" ]; then
        mkdir -p "${!var}" && export "$var=$(cd "${!var}" && pwd)"
    fi
done

PORT=${1:-${CAMHUB_PORT:-}}
if [ -z "$PORT" ]; then
    PORT=$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/camhub-web.XXXXXX")
RTSP_PID=
CAMHUB_PID=
TEST_PID=

stop_pid() { # pid: SIGTERM, then SIGKILL after 5 s
    local pid=$1 i
    [ -n "$pid" ] || return 0
    kill -TERM "$pid" 2>/dev/null || return 0
    for i in $(seq 50); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
}

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    stop_pid "$TEST_PID" # node kills its Chromium when it goes
    stop_pid "$CAMHUB_PID"
    exec 3>&- 2>/dev/null # closing its stdin also stops the camera
    stop_pid "$RTSP_PID"
    if [ "$rc" -ne 0 ]; then
        say "exit $rc; camhub's log (last 40 lines):"
        tail -n 40 "$WORK/camhub.log" >&2 2>/dev/null
    fi
    rm -rf "$WORK"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The camera: it quits when its stdin closes, so it gets a pipe this script holds (fd 3).
mkfifo "$WORK/rtsp.in"
"$PYTHON" "$ROOT/tests/fixtures/rtsp_server.py" <"$WORK/rtsp.in" >"$WORK/rtsp.log" 2>&1 &
RTSP_PID=$!
exec 3>"$WORK/rtsp.in"

RTSP_PORT=
for _ in $(seq $((DEADLINE_S * 10))); do
    RTSP_PORT=$(sed -n 's/^PORT \([0-9]*\)$/\1/p' "$WORK/rtsp.log" | head -n 1)
    [ -n "$RTSP_PORT" ] && break
    kill -0 "$RTSP_PID" 2>/dev/null || break
    sleep 0.1
done
if [ -z "$RTSP_PORT" ]; then
    say "the RTSP camera did not start:"
    cat "$WORK/rtsp.log" >&2
    exit 1
fi

# camera1 is the real camera; garage points at a port where nothing listens (a dead stream).
cat >"$WORK/cameras.json" <<EOF
{"cameras": [
  {"id": "camera1", "name": "Front door", "profiles": [
    {"token": "MediaProfile00000", "name": "Main", "url": "rtsp://127.0.0.1:$RTSP_PORT/cam"}]},
  {"id": "garage", "name": "Garage", "profiles": [
    {"token": "main", "name": "Main", "url": "rtsp://127.0.0.1:1/cam"}]}
]}
EOF

"$BIN" --headless --bind 127.0.0.1 --port "$PORT" --config "$WORK/cameras.json" \
    --data-dir "$WORK/data" --cleanup-interval 0 </dev/null >"$WORK/camhub.log" 2>&1 &
CAMHUB_PID=$!

URL="http://127.0.0.1:$PORT"
up=
for _ in $(seq $((DEADLINE_S * 5))); do
    kill -0 "$CAMHUB_PID" 2>/dev/null || break
    if node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' \
        "$URL/api/info" 2>/dev/null; then
        up=1
        break
    fi
    sleep 0.2
done
if [ -z "$up" ]; then
    say "camhub did not answer on $URL"
    exit 1
fi

cd "$HERE" || exit 1
if [ ! -d node_modules/playwright-core ]; then
    npm ci --no-audit --no-fund || { say "npm ci failed"; exit 1; }
fi

say "camhub on $URL (camera on rtsp port $RTSP_PORT)"
CAMHUB_URL="$URL" CAMHUB_STREAM=camera1_MediaProfile00000 CAMHUB_DEAD_STREAM=garage_main \
    node --test viewer.test.mjs &
TEST_PID=$!
wait "$TEST_PID"
rc=$?
TEST_PID=
exit "$rc"
