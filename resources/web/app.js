/*
 * camhub viewer page.
 *
 * One tile per camera profile. Play sends one POST /api/streams/start per tile (further
 * clicks while a start is in flight, or while the tile is playing, send nothing), then
 * plays the stream's HLS playlist with hls.js (or natively on Safari/iOS) as soon as the
 * stream is ready: from the start answer, from the event socket (/api/events), or, only
 * while that socket is down, from GET /api/streams/status/<id> polled with backoff.
 * Badges, uptimes and messages follow the event socket, so the page agrees with
 * camhub's window. No fixed sleeps anywhere.
 *
 * Plain ES2020, no framework, no build step. Loaded with `defer` after hls.min.js.
 */
'use strict';

(() => {
  // ---------------------------------------------------------------- constants

  const STATE_LABEL = {
    stopped: 'stopped',
    starting: 'starting',
    running: 'live',
    reconnecting: 'reconnecting',
    dead: 'dead',
  };
  const ALIVE = new Set(['starting', 'running', 'reconnecting']);

  const MSG = {
    starting: 'Starting stream…',
    connecting: 'Connecting to existing stream…',
    playing: 'Playing',
    stopped: 'Stream stopped',
    reconnecting: 'Camera lost — reconnecting…',
    liveIdle: 'Live — press Play to watch',
    unavailable: (err) => `Camera unavailable: ${err || 'no reason given'}`,
  };

  // hls.js retries: 404 is what a (re)starting stream's playlist answers, so retry it a
  // few times; never retry an access refusal.
  function retryUnlessDenied(cfg, count, _isTimeout, response, retry) {
    const code = response && response.code;
    if (code === 401 || code === 403) return false;
    if (code === 404) return count < cfg.maxNumRetry;
    return retry;
  }

  function loadPolicy(firstByteMs, loadMs, retries) {
    return {
      default: {
        maxTimeToFirstByteMs: firstByteMs,
        maxLoadTimeMs: loadMs,
        timeoutRetry: { maxNumRetry: 2, retryDelayMs: 0, maxRetryDelayMs: 0 },
        errorRetry: {
          maxNumRetry: retries,
          retryDelayMs: 500,
          maxRetryDelayMs: 4000,
          backoff: 'exponential',
          shouldRetry: retryUnlessDenied,
        },
      },
    };
  }

  // Live, low latency: camhub cuts ~1 s segments and keeps a window of 6.
  const HLS_CONFIG = {
    enableWorker: true,
    lowLatencyMode: true,
    liveSyncDurationCount: 2,
    liveMaxLatencyDurationCount: 5,
    maxLiveSyncPlaybackRate: 1.2,
    initialLiveManifestSize: 1,
    backBufferLength: 10,
    maxBufferLength: 8,
    maxMaxBufferLength: 16,
    startFragPrefetch: true,
    manifestLoadPolicy: loadPolicy(10000, 20000, 4),
    playlistLoadPolicy: loadPolicy(8000, 15000, 6),
    fragLoadPolicy: loadPolicy(10000, 30000, 4),
  };

  const NET_RETRIES = 6; // fatal network errors recovered before giving up
  const STALL_WARN_S = 4; // "No picture for N s" after this long without progress
  const STALL_KICK_S = 10; // then nudge the player back to the live edge

  // ---------------------------------------------------------------- state

  const tiles = new Map(); // stream id -> Tile
  let authBlocked = false;
  let socket = null; // the event WebSocket, while open or opening
  let socketLive = false; // true once the snapshot arrived
  let socketAttempt = 0;
  let socketSnapshots = 0; // snapshots received (the first is the page's start)
  let socketTimer = 0;
  let allPollTimer = 0;
  let allPollDelay = 1000;
  let camerasReloadTimer = 0;
  let noticeTimer = 0;

  const $ = (sel, root = document) => root.querySelector(sel);

  // ---------------------------------------------------------------- helpers

  function formatDuration(seconds) {
    const s = Math.max(0, Math.floor(seconds));
    if (s < 60) return `${s} s`;
    if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
    return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
  }

  class ApiError extends Error {
    constructor(message, status) {
      super(message);
      this.status = status;
    }
  }

  async function api(method, path, body) {
    if (authBlocked) throw new ApiError('Access token required', 401);
    const init = { method, cache: 'no-store', credentials: 'same-origin', headers: {} };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let res;
    try {
      res = await fetch(path, init);
    } catch (e) {
      throw new ApiError('camhub is not reachable', 0);
    }
    if (res.status === 401) {
      showAuthWall();
      throw new ApiError('Access token required', 401);
    }
    let data = null;
    try {
      data = await res.json();
    } catch (e) {
      data = null;
    }
    if (!res.ok || !data || data.success === false) {
      const reason = data && typeof data.error === 'string' && data.error
        ? data.error
        : `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`;
      throw new ApiError(reason, res.status);
    }
    return data;
  }

  function blankStatus(id) {
    return {
      stream_id: id,
      state: 'stopped',
      running: false,
      ready: false,
      uptime: 0,
      last_error: null,
      started_at: null,
    };
  }

  function streamPath(id) {
    return `/api/streams/status/${encodeURIComponent(id)}`;
  }

  function showNotice(text, kind = 'info') {
    const el = $('#notice');
    el.textContent = text;
    el.dataset.kind = kind;
    el.hidden = false;
    clearTimeout(noticeTimer);
    noticeTimer = setTimeout(() => {
      el.hidden = true;
    }, kind === 'error' ? 15000 : 8000);
  }

  // ---------------------------------------------------------------- access token

  // /?token=XYZ: the server answered with an HttpOnly cookie; keep the token out of the
  // address bar, the history and bookmarks.
  function stripTokenFromAddress() {
    let url;
    try {
      url = new URL(window.location.href);
    } catch (e) {
      return;
    }
    if (!url.searchParams.has('token')) return;
    url.searchParams.delete('token');
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
  }

  function showAuthWall() {
    if (authBlocked) return;
    authBlocked = true;
    const wall = $('#authwall');
    wall.hidden = false;
    wall.focus();
    $('#main').inert = true;
    $('.topbar').inert = true;
    for (const tile of tiles.values()) tile.endSession(null);
    clearTimeout(socketTimer);
    clearTimeout(allPollTimer);
    if (socket) {
      const ws = socket;
      socket = null;
      ws.close();
    }
    setSocketLive(false);
  }

  // ---------------------------------------------------------------- tiles

  let sessionCounter = 0;

  class Tile {
    constructor(camera, profile) {
      this.id = profile.stream_id;
      this.status = blankStatus(this.id);
      this.anchor = null; // performance.now() at which the stream started (alive only)
      this.session = null;
      this.stopping = false;
      this.messageKind = '';

      const node = $('#tile-template').content.firstElementChild.cloneNode(true);
      this.el = node;
      node.dataset.streamId = this.id;
      this.badge = $('.state', node);
      this.uptimeEl = $('.uptime', node);
      this.messageEl = $('.message', node);
      this.hintEl = $('.screen-hint', node);
      this.playBtn = $('.play', node);
      this.stopBtn = $('.stop', node);

      const video = $('video', node);
      this.video = video;
      video.muted = true;
      video.defaultMuted = true;
      video.playsInline = true;
      this.setNames(camera, profile);

      this.playBtn.addEventListener('click', () => this.onPlay());
      this.stopBtn.addEventListener('click', () => this.onStop());
      video.addEventListener('playing', () => this.onVideoPlaying());
      video.addEventListener('error', () => this.onNativeError());

      this.render();
    }

    // ------------------------------------------------ rendering

    setNames(camera, profile) {
      const cameraName = camera.name || camera.id;
      const profileName = profile.name || profile.token || '';
      const title = profileName ? `${cameraName} — ${profileName}` : cameraName;
      $('.camera-name', this.el).textContent = cameraName;
      $('.profile-name', this.el).textContent = profileName;
      $('.sep', this.el).hidden = !profileName;
      $('.tile-title', this.el).title = title;
      this.el.setAttribute('aria-label', title);
      this.playBtn.setAttribute('aria-label', `Play ${title}`);
      this.stopBtn.setAttribute('aria-label', `Stop ${title}`);
      this.video.setAttribute('aria-label', `Video of ${title}`);
    }

    render() {
      const state = this.status.state in STATE_LABEL ? this.status.state : 'stopped';
      this.el.dataset.state = state;
      this.badge.dataset.state = state;
      this.badge.textContent = STATE_LABEL[state];
      this.badge.title = this.status.last_error || '';
      this.renderHint();
      this.tick();
    }

    renderHint() {
      const s = this.session;
      let hint;
      if (s) hint = s.phase === 'playing' ? '' : 'Loading video…';
      else if (this.status.state === 'running') hint = this.status.ready ? 'Live' : 'Starting…';
      else if (this.status.state === 'starting') hint = 'Starting…';
      else if (this.status.state === 'reconnecting') hint = 'Reconnecting…';
      else if (this.status.state === 'dead') hint = 'Camera unavailable';
      else hint = 'Not playing';
      this.hintEl.textContent = hint;
      this.el.dataset.playing = s && s.phase === 'playing' ? 'true' : 'false';
    }

    setMessage(text, kind = '') {
      if (this.messageEl.textContent !== text) this.messageEl.textContent = text;
      if (this.messageKind !== kind) {
        this.messageKind = kind;
        if (kind) this.messageEl.dataset.kind = kind;
        else delete this.messageEl.dataset.kind;
      }
    }

    setBusy(busy) {
      if (busy) this.playBtn.setAttribute('aria-busy', 'true');
      else this.playBtn.removeAttribute('aria-busy');
    }

    // Called every second: uptime and player health.
    tick() {
      const text = this.anchor !== null && ALIVE.has(this.status.state)
        ? `up ${formatDuration((performance.now() - this.anchor) / 1000)}`
        : '';
      if (this.uptimeEl.textContent !== text) this.uptimeEl.textContent = text;
      this.checkPlayer();
    }

    // ------------------------------------------------ server status

    updateAnchor(st) {
      if (!ALIVE.has(st.state)) {
        this.anchor = null;
        return;
      }
      const now = performance.now();
      let started = null;
      if (typeof st.uptime === 'number' && Number.isFinite(st.uptime)) {
        started = now - st.uptime * 1000; // immune to clock differences between machines
      } else if (st.started_at) {
        const t = Date.parse(st.started_at);
        if (!Number.isNaN(t)) started = now - Math.max(0, Date.now() - t);
      }
      if (started === null) return;
      // Ignore the 0.1 s rounding jitter of successive updates.
      if (this.anchor === null || Math.abs(this.anchor - started) > 1500) this.anchor = started;
    }

    // A status from the event socket, a poll or a start answer. `type` is the event
    // type ("snapshot", "started", "changed", "stopped", "died", "cleaned_up", ...), or
    // "poll"/"status" for a polled status.
    applyStatus(raw, type) {
      const st = Object.assign(blankStatus(this.id), raw || {});
      if (type === 'stopped' || type === 'cleaned_up') {
        st.state = 'stopped';
        st.running = false;
        st.ready = false;
      }
      if (!(st.state in STATE_LABEL)) st.state = 'stopped';
      const prev = this.status;
      this.status = st;
      this.updateAnchor(st);
      this.render();

      const s = this.session;
      if (s) {
        if (s.inFlight) {
          // The start answer is still on its way: an end seen now may be an older
          // instance's. Check again once the answer is in.
          s.recheck = !ALIVE.has(st.state);
          return;
        }
        if (!ALIVE.has(st.state) && (type === 'snapshot' || type === 'poll')) {
          // Absent from a list: make sure before ending playback.
          this.refreshStatus();
          return;
        }
        this.followSession(s, prev);
        return;
      }

      // Not playing here: describe what the stream is doing (only on a change, so a
      // message from the user's last action stays until something happens).
      const key = `${st.state}/${st.ready}`;
      const prevKey = `${prev.state}/${prev.ready}`;
      if (key === prevKey && type !== 'snapshot') return;
      if (st.state === 'dead') this.setMessage(MSG.unavailable(st.last_error), 'error');
      else if (st.state === 'reconnecting') this.setMessage(MSG.reconnecting, 'warn');
      else if (st.state === 'running' && st.ready) this.setMessage(MSG.liveIdle);
      else if (st.state === 'starting' || st.state === 'running') this.setMessage('Starting…');
      else if (ALIVE.has(prev.state)) this.setMessage(MSG.stopped);
      else if (prev.state === 'dead') this.setMessage('');
    }

    // The stream of an active session changed state.
    followSession(s, prev) {
      const st = this.status;
      if (st.state === 'stopped') {
        this.endSession(MSG.stopped);
      } else if (st.state === 'dead') {
        this.endSession(MSG.unavailable(st.last_error), 'error');
      } else if (st.state === 'reconnecting') {
        this.setMessage(MSG.reconnecting, 'warn');
      } else if (prev.state === 'reconnecting' && st.state === 'running') {
        this.setMessage(s.phase === 'playing' ? MSG.playing : MSG.starting);
        s.lastProgress = performance.now();
      }
      if (this.session === s && s.phase === 'waiting' && st.ready && ALIVE.has(st.state)) {
        this.attach(s);
      }
    }

    async refreshStatus() {
      try {
        const st = await api('GET', streamPath(this.id));
        this.applyStatus(st, 'status');
      } catch (e) {
        // Unreachable: the socket or the poll will tell later.
      }
    }

    // ------------------------------------------------ Play / Stop

    onPlay() {
      if (authBlocked) return;
      const s = this.session;
      if (s) {
        // Already starting or playing: never a second request.
        if (s.phase === 'playing') {
          if (this.video.paused) this.playVideo(s);
          if (s.hls && Number.isFinite(s.hls.liveSyncPosition) &&
              s.hls.liveSyncPosition - this.video.currentTime > 6) {
            this.video.currentTime = s.hls.liveSyncPosition;
          }
        }
        return;
      }
      if (this.stopping) return;
      this.startSession();
    }

    async startSession() {
      const s = {
        n: ++sessionCounter,
        phase: 'starting',
        inFlight: true,
        recheck: false,
        cancelled: false,
        playlistUrl: this.status.playlist_url || '',
        hls: null,
        native: false,
        pollTimer: 0,
        pollDelay: 0,
        retryTimer: 0,
        netRetries: 0,
        mediaRecoveredAt: 0,
        codecSwapped: false,
        waitingSince: performance.now(),
        lastTime: -1,
        lastProgress: performance.now(),
        stallShown: false,
        kicked: false,
        baseMessage: '',
        startPromise: null,
      };
      this.session = s;
      this.setBusy(true);
      // A good guess until the answer says which it is.
      s.baseMessage = ALIVE.has(this.status.state) ? MSG.connecting : MSG.starting;
      this.setMessage(s.baseMessage);
      this.renderHint();

      s.startPromise = api('POST', '/api/streams/start', { stream_id: this.id });
      let answer;
      try {
        answer = await s.startPromise;
      } catch (e) {
        s.inFlight = false;
        if (this.session === s) {
          this.setBusy(false);
          if (e.status !== 401) this.endSession(`Could not start: ${e.message}`, 'error');
        }
        return;
      }
      s.inFlight = false;
      if (this.session !== s) return;
      this.setBusy(false);
      if (s.cancelled) return;

      s.playlistUrl = answer.playlist_url || s.playlistUrl ||
        `/static/streams/${encodeURIComponent(this.id)}/stream.m3u8`;
      if (answer.already_running) {
        const up = typeof answer.uptime === 'number' ? ` (up ${formatDuration(answer.uptime)})` : '';
        s.baseMessage = MSG.connecting;
        this.setMessage(`${MSG.connecting}${up}`);
      } else {
        s.baseMessage = MSG.starting;
        this.setMessage(MSG.starting);
      }

      // The answer is the freshest word unless the socket has spoken since it left.
      if (s.recheck) {
        // Something ended while the answer travelled: ask which instance is current.
        // applyStatus then ends the session, or attaches if it is ready.
        s.phase = 'waiting';
        s.recheck = false;
        await this.refreshStatus();
        if (this.session !== s || s.phase !== 'waiting') return;
      } else if (!ALIVE.has(this.status.state) || answer.ready) {
        this.status = Object.assign({}, this.status, {
          state: answer.state || 'starting',
          running: true,
          ready: Boolean(answer.ready),
          uptime: typeof answer.uptime === 'number' ? answer.uptime : 0,
          playlist_url: s.playlistUrl,
        });
        this.updateAnchor(this.status);
        this.render();
      }

      s.phase = 'waiting';
      if (this.status.state === 'dead') {
        this.endSession(MSG.unavailable(this.status.last_error), 'error');
      } else if (answer.ready || (this.status.ready && ALIVE.has(this.status.state))) {
        this.attach(s);
      } else if (!socketLive) {
        this.pollUntilReady(s);
      }
      // Otherwise the event socket says when the first segment is there.
    }

    // Fallback while the event socket is down: poll the status with backoff.
    pollUntilReady(s) {
      if (socketLive || this.session !== s || s.phase !== 'waiting' || s.pollTimer) return;
      s.pollDelay = s.pollDelay ? Math.min(2000, Math.round(s.pollDelay * 1.6)) : 250;
      s.pollTimer = setTimeout(async () => {
        s.pollTimer = 0;
        if (socketLive || this.session !== s || s.phase !== 'waiting') return;
        try {
          const st = await api('GET', streamPath(this.id));
          if (this.session === s) this.applyStatus(st, 'status');
        } catch (e) {
          if (e.status === 404 && this.session === s) {
            this.endSession(`Could not start: ${e.message}`, 'error');
            return;
          }
        }
        this.pollUntilReady(s);
      }, s.pollDelay);
    }

    async onStop() {
      if (authBlocked || this.stopping) return;
      this.stopping = true;
      const s = this.session;
      if (s && s.inFlight) {
        // Let the start land first so the stop cannot overtake it.
        s.cancelled = true;
        try {
          await s.startPromise;
        } catch (e) {
          // Nothing started.
        }
      }
      this.endSession('Stopping…');
      try {
        const answer = await api('POST', '/api/streams/stop', { stream_id: this.id });
        this.setMessage(answer.stopped === false ? 'Stream was not running' : MSG.stopped);
        if (!socketLive) this.applyStatus(blankStatus(this.id), 'stopped');
      } catch (e) {
        if (e.status !== 401) this.setMessage(`Could not stop: ${e.message}`, 'error');
      } finally {
        this.stopping = false;
      }
    }

    // Ends this tile's playback; `message` (if not null) says why.
    endSession(message, kind = '') {
      const s = this.session;
      if (s) {
        s.cancelled = true;
        clearTimeout(s.pollTimer);
        clearTimeout(s.retryTimer);
        this.destroyPlayer(s);
        this.session = null;
        this.setBusy(false);
      }
      if (message !== null && message !== undefined) this.setMessage(message, kind);
      this.renderHint();
    }

    destroyPlayer(s) {
      const video = this.video;
      if (s.hls) {
        const hls = s.hls;
        s.hls = null;
        try {
          hls.destroy();
        } catch (e) {
          // Already torn down.
        }
      }
      video.controls = false;
      try {
        video.pause();
      } catch (e) {
        // Nothing to pause.
      }
      if (s.phase !== 'starting' || video.hasAttribute('src') || video.currentSrc) {
        video.removeAttribute('src');
        video.load(); // release the decoder and the connection
      }
    }

    // ------------------------------------------------ playback

    attach(s) {
      if (this.session !== s || s.phase !== 'waiting') return;
      clearTimeout(s.pollTimer);
      s.pollTimer = 0;
      s.phase = 'attaching';
      s.lastProgress = performance.now();
      const video = this.video;
      const Hls = window.Hls;
      if (Hls && Hls.isSupported()) {
        const hls = new Hls(HLS_CONFIG);
        s.hls = hls;
        hls.on(Hls.Events.MEDIA_ATTACHED, () => {
          if (s.hls === hls) hls.loadSource(s.playlistUrl);
        });
        hls.on(Hls.Events.MANIFEST_PARSED, () => {
          if (s.hls === hls) this.playVideo(s);
        });
        hls.on(Hls.Events.FRAG_BUFFERED, () => {
          s.netRetries = 0;
        });
        hls.on(Hls.Events.ERROR, (_event, data) => this.onHlsError(s, hls, data));
        hls.attachMedia(video);
      } else if (video.canPlayType('application/vnd.apple.mpegurl')) {
        s.native = true;
        video.src = s.playlistUrl;
        this.playVideo(s);
      } else if (!Hls) {
        this.endSession('The video player (hls.min.js) did not load', 'error');
      } else {
        this.endSession('This browser cannot play HLS video', 'error');
      }
    }

    playVideo(s) {
      const p = this.video.play();
      if (p && typeof p.catch === 'function') {
        p.catch((e) => {
          if (this.session !== s || !e) return;
          if (e.name === 'NotAllowedError') {
            this.video.controls = true;
            this.setMessage('The browser blocked autoplay: press the video to start it', 'warn');
          }
          // AbortError: a newer load or a stop interrupted play(); nothing to report.
        });
      }
    }

    onVideoPlaying() {
      const s = this.session;
      if (!s) return;
      const first = s.phase !== 'playing';
      s.phase = 'playing';
      s.lastProgress = performance.now();
      s.lastTime = this.video.currentTime;
      this.video.controls = true;
      if (this.status.state === 'reconnecting') this.setMessage(MSG.reconnecting, 'warn');
      else if (first || this.messageKind) this.setMessage(MSG.playing);
      this.renderHint();
    }

    onHlsError(s, hls, data) {
      if (this.session !== s || s.hls !== hls) return;
      const code = data.response && data.response.code;
      if (code === 401) {
        // Only an API answer proves the token is missing (a segment may just be gone).
        api('GET', '/api/info').catch(() => {});
      }
      if (!data.fatal) return;
      const Hls = window.Hls;
      if (data.type === Hls.ErrorTypes.MEDIA_ERROR) {
        const now = performance.now();
        if (now - s.mediaRecoveredAt > 5000) {
          s.mediaRecoveredAt = now;
          this.setMessage('Decoding problem — recovering…', 'warn');
          hls.recoverMediaError();
        } else if (!s.codecSwapped) {
          s.codecSwapped = true;
          s.mediaRecoveredAt = now;
          hls.swapAudioCodec();
          hls.recoverMediaError();
        } else {
          this.failSession(`Playback failed: ${data.details}`);
        }
        return;
      }
      if (data.type === Hls.ErrorTypes.NETWORK_ERROR) {
        s.netRetries += 1;
        if (s.netRetries > NET_RETRIES) {
          this.failSession(`Playback failed: ${data.details}${code ? ` (HTTP ${code})` : ''}`);
          return;
        }
        this.setMessage('Network problem — retrying…', 'warn');
        const delay = Math.min(8000, 500 * 2 ** (s.netRetries - 1));
        clearTimeout(s.retryTimer);
        s.retryTimer = setTimeout(async () => {
          if (this.session !== s || s.hls !== hls) return;
          // Is the stream still there? With the socket down, ask.
          if (!socketLive) await this.refreshStatus();
          if (this.session !== s || s.hls !== hls) return;
          if (!ALIVE.has(this.status.state)) return; // applyStatus ended the session
          if (!hls.levels || hls.levels.length === 0) hls.loadSource(s.playlistUrl);
          else hls.startLoad(-1);
        }, delay);
        return;
      }
      this.failSession(`Playback failed: ${data.details || data.type}`);
    }

    onNativeError() {
      const s = this.session;
      if (!s || !s.native) return;
      s.netRetries += 1;
      if (s.netRetries > NET_RETRIES) {
        const err = this.video.error;
        this.failSession(`Playback failed${err && err.message ? `: ${err.message}` : ''}`);
        return;
      }
      this.setMessage('Network problem — retrying…', 'warn');
      clearTimeout(s.retryTimer);
      s.retryTimer = setTimeout(async () => {
        if (this.session !== s) return;
        if (!socketLive) await this.refreshStatus();
        if (this.session !== s || !ALIVE.has(this.status.state)) return;
        this.video.src = s.playlistUrl;
        this.playVideo(s);
      }, Math.min(8000, 500 * 2 ** (s.netRetries - 1)));
    }

    failSession(message) {
      this.endSession(`${message} — press Play to try again`, 'error');
    }

    // Stall watch: "No picture for N s", then a nudge back to the live edge.
    checkPlayer() {
      const s = this.session;
      if (!s) return;
      const now = performance.now();
      if (s.phase === 'waiting') {
        const waited = (now - s.waitingSince) / 1000;
        if (waited >= 10 && this.status.state !== 'reconnecting') {
          this.setMessage(`${s.baseMessage} still waiting for the camera (${Math.floor(waited)} s)`);
        }
        return;
      }
      if (s.phase === 'attaching') {
        const waited = (now - s.lastProgress) / 1000;
        if (waited >= 8 && !this.messageKind) {
          this.setMessage(`Waiting for the first picture (${Math.floor(waited)} s)`);
        }
        return;
      }
      if (s.phase !== 'playing' || this.video.paused) return;
      const t = this.video.currentTime;
      if (t !== s.lastTime) {
        s.lastTime = t;
        s.lastProgress = now;
        s.kicked = false;
        if (s.stallShown) {
          s.stallShown = false;
          if (this.status.state !== 'reconnecting') this.setMessage(MSG.playing);
        }
        return;
      }
      const stalled = (now - s.lastProgress) / 1000;
      if (stalled >= STALL_WARN_S && this.status.state === 'running') {
        s.stallShown = true;
        this.setMessage(`No picture for ${Math.floor(stalled)} s`, 'warn');
      }
      if (stalled >= STALL_KICK_S && !s.kicked && s.hls) {
        s.kicked = true;
        const live = s.hls.liveSyncPosition;
        if (Number.isFinite(live) && live > t) this.video.currentTime = live;
        else s.hls.startLoad(-1);
      }
    }

    dispose() {
      this.endSession(null);
      this.el.remove();
    }
  }

  // ---------------------------------------------------------------- cameras

  async function loadCameras(attempt = 0) {
    let answer;
    try {
      answer = await api('GET', '/api/cameras');
    } catch (e) {
      if (e.status === 401) return;
      $('#loading').textContent = `Could not load the cameras: ${e.message}. Retrying…`;
      setTimeout(() => loadCameras(attempt + 1), Math.min(10000, 1000 * 2 ** attempt));
      return;
    }
    renderCameras(Array.isArray(answer.cameras) ? answer.cameras : []);
  }

  function renderCameras(cameras) {
    const grid = $('#grid');
    const seen = new Set();
    const order = [];
    for (const camera of cameras) {
      for (const profile of camera.profiles || []) {
        if (!profile || !profile.stream_id || seen.has(profile.stream_id)) continue;
        seen.add(profile.stream_id);
        let tile = tiles.get(profile.stream_id);
        if (tile) {
          tile.setNames(camera, profile);
        } else {
          tile = new Tile(camera, profile);
          tiles.set(tile.id, tile);
        }
        order.push(tile);
      }
    }
    for (const [id, tile] of tiles) {
      if (!seen.has(id)) {
        tile.dispose();
        tiles.delete(id);
      }
    }
    // Keep the API's order; move only what is out of place (a playing <video> that is
    // re-inserted would pause).
    let cursor = grid.firstElementChild;
    for (const tile of order) {
      if (tile.el === cursor) cursor = cursor.nextElementSibling;
      else grid.insertBefore(tile.el, cursor);
    }
    const loading = $('#loading');
    loading.hidden = order.length > 0;
    if (!order.length) loading.textContent = 'No cameras are configured in camhub.';
  }

  function reloadCamerasSoon() {
    if (camerasReloadTimer) return;
    camerasReloadTimer = setTimeout(() => {
      camerasReloadTimer = 0;
      loadCameras();
    }, 300);
  }

  // A list of statuses (snapshot or /api/streams/all): streams absent are stopped.
  function applyList(list, type) {
    const byId = new Map();
    for (const st of Array.isArray(list) ? list : []) {
      if (st && st.stream_id) byId.set(st.stream_id, st);
    }
    for (const [id, tile] of tiles) {
      tile.applyStatus(byId.get(id) || blankStatus(id), type);
      byId.delete(id);
    }
    if (byId.size) reloadCamerasSoon(); // a camera we do not know yet
  }

  // ---------------------------------------------------------------- event socket

  function setSocketLive(live, label = live ? 'live' : 'offline') {
    socketLive = live;
    const conn = $('#conn');
    conn.dataset.conn = label;
    $('.conn-text', conn).textContent = label;
    conn.title = live
      ? 'Live updates from camhub are on'
      : 'No live updates from camhub: reconnecting; states are polled meanwhile';
  }

  function connectEvents() {
    if (authBlocked || socket) return;
    clearTimeout(socketTimer);
    socketTimer = 0;
    const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
    let ws;
    try {
      ws = new WebSocket(`${scheme}//${window.location.host}/api/events`);
    } catch (e) {
      scheduleReconnect();
      return;
    }
    socket = ws;
    ws.addEventListener('message', (ev) => {
      if (socket !== ws) return;
      let msg;
      try {
        msg = JSON.parse(ev.data);
      } catch (e) {
        return;
      }
      onEvent(msg);
    });
    ws.addEventListener('close', (ev) => {
      if (socket !== ws) return;
      socket = null;
      const wasLive = socketLive;
      setSocketLive(false);
      if (ev.code === 1008) {
        // Refused (token or origin): an API call tells which, and shows the wall on 401.
        api('GET', '/api/info').catch(() => {});
      }
      if (wasLive) allPollDelay = 1000;
      startFallbackPolling();
      scheduleReconnect();
    });
  }

  function scheduleReconnect() {
    if (authBlocked || socketTimer) return;
    const base = Math.min(15000, 500 * 2 ** Math.min(socketAttempt, 5));
    socketAttempt += 1;
    socketTimer = setTimeout(() => {
      socketTimer = 0;
      connectEvents();
    }, base * (0.75 + Math.random() * 0.5));
  }

  function onEvent(msg) {
    if (!msg || typeof msg !== 'object') return;
    if (msg.type === 'snapshot') {
      socketAttempt = 0;
      setSocketLive(true);
      clearTimeout(allPollTimer);
      allPollTimer = 0;
      applyList(msg.streams, 'snapshot');
      // Back after a drop: the camera list may have changed meanwhile.
      if (socketSnapshots > 0) reloadCamerasSoon();
      socketSnapshots += 1;
      return;
    }
    if (msg.type === 'cameras_changed') {
      reloadCamerasSoon();
      return;
    }
    const st = msg.stream;
    if (!st || !st.stream_id) return;
    // Only a stop (event "stopped"/"cleaned_up") makes a stream stopped. A "changed" that
    // says "stopped" is the last word of an instance already stopped, and it can arrive
    // after the "started" of its successor: it must not end the new one.
    if (msg.type === 'changed' && st.state === 'stopped') return;
    const tile = tiles.get(st.stream_id);
    if (!tile) {
      reloadCamerasSoon();
      return;
    }
    tile.applyStatus(st, msg.type);
  }

  // While the socket is down: keep the badges right by polling /api/streams/all, and let
  // waiting tiles poll their own status.
  function startFallbackPolling() {
    for (const tile of tiles.values()) {
      if (tile.session && tile.session.phase === 'waiting') tile.pollUntilReady(tile.session);
    }
    if (allPollTimer || authBlocked) return;
    allPollTimer = setTimeout(pollAll, allPollDelay);
  }

  async function pollAll() {
    allPollTimer = 0;
    if (socketLive || authBlocked) return;
    try {
      const answer = await api('GET', '/api/streams/all');
      if (!socketLive) applyList(answer.streams, 'poll');
      allPollDelay = Math.min(8000, Math.round(allPollDelay * 1.5));
    } catch (e) {
      allPollDelay = Math.min(15000, allPollDelay * 2);
    }
    if (!socketLive && !authBlocked && !allPollTimer) allPollTimer = setTimeout(pollAll, allPollDelay);
  }

  function reconnectNow() {
    if (authBlocked || socket || document.visibilityState === 'hidden') return;
    socketAttempt = 0;
    clearTimeout(socketTimer);
    socketTimer = 0;
    connectEvents();
  }

  // ---------------------------------------------------------------- header

  let cleaningUp = false;

  async function onCleanup() {
    if (cleaningUp || authBlocked) return;
    cleaningUp = true;
    const btn = $('#cleanup');
    btn.setAttribute('aria-busy', 'true');
    try {
      const answer = await api('POST', '/api/streams/cleanup');
      const n = Number(answer.cleaned_up) || 0;
      showNotice(answer.message || `Cleaned up ${n} dead stream(s)`);
      if (!socketLive && n > 0) startFallbackPolling();
    } catch (e) {
      if (e.status !== 401) showNotice(`Could not clean up: ${e.message}`, 'error');
    } finally {
      cleaningUp = false;
      btn.removeAttribute('aria-busy');
    }
  }

  // ---------------------------------------------------------------- start

  function main() {
    stripTokenFromAddress();
    setSocketLive(false, 'connecting…');
    $('#cleanup').addEventListener('click', onCleanup);
    window.addEventListener('online', reconnectNow);
    document.addEventListener('visibilitychange', reconnectNow);
    window.addEventListener('pagehide', () => {
      for (const tile of tiles.values()) tile.endSession(null);
    });
    window.addEventListener('pageshow', (ev) => {
      if (ev.persisted) reconnectNow();
    });
    setInterval(() => {
      for (const tile of tiles.values()) tile.tick();
    }, 1000);
    loadCameras().then(() => {
      if (!authBlocked) connectEvents();
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', main);
  else main();
})();
