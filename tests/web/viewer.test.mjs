// End-to-end test of camhub's viewer page (resources/web), in the system's Chromium.
//
//   CAMHUB_URL=http://127.0.0.1:5123 CAMHUB_STREAM=camera1_MediaProfile00000 \
//   [CAMHUB_DEAD_STREAM=garage_main] [CAMHUB_SCREENSHOT_DIR=/tmp/shots] node --test viewer.test.mjs
//
// CAMHUB_STREAM must be served by a real (RTSP) camera; CAMHUB_DEAD_STREAM (optional) by
// a camera that cannot be reached. tests/web/run.sh starts one and
// camhub, then runs this file. Every wait is a poll with a deadline, never a fixed sleep.
// The tests run in order and share two pages: the desktop one and the phone one.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const BASE = (process.env.CAMHUB_URL || '').replace(/\/+$/, '');
const STREAM = process.env.CAMHUB_STREAM || '';
const DEAD_STREAM = process.env.CAMHUB_DEAD_STREAM || ''; // optional: a camera nobody answers for
const SHOT_DIR = process.env.CAMHUB_SCREENSHOT_DIR || '';
const CHROMIUM = process.env.CAMHUB_CHROMIUM || '/usr/bin/chromium';
const DEADLINE = Number(process.env.CAMHUB_DEADLINE_MS || 20000); // a shared 2-core CI box
// Optional: serve the page's own files from this folder instead of the copy compiled into
// camhub (camhub's headers, e.g. its CSP, are kept), to try page changes without a rebuild.
const WEB_DIR = process.env.CAMHUB_WEB_DIR || '';

if (!BASE || !STREAM) {
  throw new Error('Set CAMHUB_URL (e.g. http://127.0.0.1:5123) and CAMHUB_STREAM (a stream id)');
}

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 812 };
const tileSel = (id) => `[data-stream-id=${JSON.stringify(id)}]`;

let userDataDir;
let context;
const pages = {}; // desktop, phone
const watch = new Map(); // page -> observations

// ------------------------------------------------------------------ helpers

async function apiFetch(method, p, body) {
  const res = await fetch(BASE + p, {
    method,
    headers: body ? { 'Content-Type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json();
  return { status: res.status, json };
}

// Records what the page sends and gets: server errors, page errors, start requests
// (with how many were in flight at once) and status polls.
function observe(page, name) {
  const o = {
    name,
    serverErrors: [],
    pageErrors: [],
    starts: [],
    startsInFlight: 0,
    maxStartsInFlight: 0,
    polls: 0,
  };
  const isStart = (req) => req.method() === 'POST' && new URL(req.url()).pathname === '/api/streams/start';
  const startDone = (req) => {
    if (isStart(req)) o.startsInFlight -= 1;
  };
  page.on('request', (req) => {
    const { pathname } = new URL(req.url());
    if (isStart(req)) {
      o.startsInFlight += 1;
      o.maxStartsInFlight = Math.max(o.maxStartsInFlight, o.startsInFlight);
      o.starts.push({ body: req.postData(), contentType: req.headers()['content-type'] });
    } else if (pathname.startsWith('/api/streams/status/') || pathname === '/api/streams/all') {
      o.polls += 1;
    }
  });
  page.on('requestfinished', startDone);
  page.on('requestfailed', startDone);
  page.on('response', (res) => {
    if (res.status() >= 500) o.serverErrors.push(`${res.status()} ${res.request().method()} ${res.url()}`);
  });
  page.on('pageerror', (err) => o.pageErrors.push(String(err && err.stack ? err.stack : err)));
  watch.set(page, o);
  return o;
}

// Every text any tile's .message ever showed, however briefly (a MutationObserver
// installed before the page's own script runs).
const RECORD_MESSAGES = () => {
  window.__camhubMessages = [];
  const last = new Map();
  const scan = () => {
    for (const el of document.querySelectorAll('[data-stream-id] .message')) {
      const id = el.closest('[data-stream-id]').dataset.streamId;
      const text = el.textContent;
      if (last.get(el) !== text) {
        last.set(el, text);
        window.__camhubMessages.push({ id, text });
      }
    }
  };
  new MutationObserver(scan).observe(document, { subtree: true, childList: true, characterData: true });
};

async function openPage(name, viewport) {
  const page = await context.newPage();
  await page.setViewportSize(viewport);
  const o = observe(page, name);
  await page.goto(`${BASE}/`, { waitUntil: 'domcontentloaded', timeout: DEADLINE });
  pages[name] = page;
  return { page, o };
}

// What the tiles show, for failure messages.
function describeTiles(page) {
  return page.evaluate(() => [...document.querySelectorAll('[data-stream-id]')].map((t) => {
    const v = t.querySelector('video');
    return `${t.dataset.streamId}: state=${t.querySelector('.state').dataset.state} ` +
      `playing=${t.dataset.playing} message=${JSON.stringify(t.querySelector('.message').textContent)} ` +
      `video(paused=${v.paused} t=${v.currentTime.toFixed(2)} src=${v.getAttribute('src')} ` +
      `readyState=${v.readyState} networkState=${v.networkState})`;
  }).join('; ') + ` socket=${document.querySelector('#conn').dataset.conn}`).catch((e) => String(e));
}

function waitFor(page, fn, arg, what) {
  return page.waitForFunction(fn, arg, { timeout: DEADLINE, polling: 100 }).catch(async (e) => {
    throw new Error(`${what}: not within ${DEADLINE} ms (${e.message.split('\n')[0]}); ` +
      `tiles: ${await describeTiles(page)}`);
  });
}

async function waitSocketLive(page) {
  await waitFor(page, () => {
    const c = document.querySelector('#conn');
    return c && c.dataset.conn === 'live';
  }, undefined, 'the event socket is live');
}

// The video's currentTime must move on by a second of media (two polls, deadlines).
async function waitVideoAdvances(page, id) {
  const sel = `${tileSel(id)} video`;
  const t0 = await (await waitFor(page, (s) => {
    const v = document.querySelector(s);
    return v && !v.paused && v.currentTime > 0 ? v.currentTime : false;
  }, sel, `${id}: the video starts`)).jsonValue();
  await waitFor(page, ([s, t]) => document.querySelector(s).currentTime >= t + 1, [sel, t0],
    `${id}: the video's currentTime advances past ${t0} + 1 s`);
}

async function shot(page, file) {
  if (!SHOT_DIR) return;
  await mkdir(SHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SHOT_DIR, file) });
}

function assertClean(o) {
  assert.deepEqual(o.serverErrors, [], `${o.name}: HTTP responses with status >= 500`);
  assert.deepEqual(o.pageErrors, [], `${o.name}: uncaught errors in the page`);
}

// ------------------------------------------------------------------ set-up

before(async () => {
  userDataDir = await mkdtemp(path.join(os.tmpdir(), 'camhub-web-e2e-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--autoplay-policy=no-user-gesture-required',
      // A document served by route.fulfill has no IP address, so Chromium's local
      // network checks would refuse its WebSocket to 127.0.0.1.
      ...(WEB_DIR ? ['--disable-features=LocalNetworkAccessChecks'] : []),
    ],
    viewport: DESKTOP,
    timeout: DEADLINE,
  });
  context.setDefaultTimeout(DEADLINE);
  if (WEB_DIR) {
    await context.route((url) => url.origin === new URL(BASE).origin &&
      (url.pathname === '/' || /^\/assets\/(app\.js|style\.css|favicon\.svg)$/.test(url.pathname)),
    async (route) => {
      const { pathname } = new URL(route.request().url());
      const file = pathname === '/' ? 'index.html' : pathname.slice('/assets/'.length);
      const response = await route.fetch();
      await route.fulfill({ response, body: await readFile(path.join(WEB_DIR, file)) });
    });
  }
  await context.addInitScript(RECORD_MESSAGES);
  // Start from a stopped stream, so Play has to wait for the camera.
  const r = await apiFetch('POST', '/api/streams/stop', { stream_id: STREAM });
  assert.equal(r.status, 200, `stop ${STREAM} before the test: ${JSON.stringify(r.json)}`);
});

after(async () => {
  if (context) await context.close().catch(() => {});
  if (userDataDir) await rm(userDataDir, { recursive: true, force: true }).catch(() => {});
});

// ------------------------------------------------------------------ tests

test('the page lists every camera profile as a tile and connects its event socket', async () => {
  const { json } = await apiFetch('GET', '/api/cameras');
  assert.equal(json.success, true);
  const ids = json.cameras.flatMap((c) => c.profiles.map((p) => p.stream_id));
  assert.ok(ids.includes(STREAM), `${STREAM} is one of the configured streams (${ids.join(', ')})`);

  const { page, o } = await openPage('desktop', DESKTOP);
  await waitFor(page, (n) => document.querySelectorAll('[data-stream-id]').length === n, ids.length,
    `${ids.length} tiles`);
  const shown = await page.$$eval('[data-stream-id]', (els) => els.map((e) => e.dataset.streamId));
  assert.deepEqual(shown, ids, 'one tile per profile, in the API order');
  const tile = page.locator(tileSel(STREAM));
  for (const cls of ['.play', '.stop', '.state', '.uptime', '.message', 'video']) {
    assert.equal(await tile.locator(cls).count(), 1, `the tile has one ${cls}`);
  }
  assert.equal(await tile.locator('video').evaluate((v) => v.muted && v.playsInline), true,
    'the video is muted and inline');
  await waitSocketLive(page);
  assert.equal(await tile.locator('.state').getAttribute('data-state'), 'stopped');
  assert.equal((await page.title()).toLowerCase().includes('camhub'), true);
  assert.match(await page.locator('.topbar').innerText(), /camhub/i);
  assertClean(o);
});

test('ten fast clicks on Play send one start request, then the video plays', async () => {
  const page = pages.desktop;
  const o = watch.get(page);
  const tile = page.locator(tileSel(STREAM));
  const play = tile.locator('.play');
  const startsBefore = o.starts.length;
  // Hold the start request until all ten clicks are in, so that they all land while it
  // is in flight (a gate, not a delay: it opens as soon as the clicks are done).
  let openGate;
  const gate = new Promise((resolve) => { openGate = resolve; });
  const startRoute = (url) => url.pathname === '/api/streams/start';
  await page.route(startRoute, async (route) => {
    await gate;
    await route.continue();
  });
  try {
    for (let i = 0; i < 10; i += 1) await play.click();
    assert.equal(o.startsInFlight, 1, 'the start request is in flight during the clicks');
  } finally {
    openGate();
  }

  await waitVideoAdvances(page, STREAM);
  await page.unroute(startRoute); // its one request is long done
  assert.ok(o.maxStartsInFlight <= 1, `at most one start request in flight (saw ${o.maxStartsInFlight})`);
  const sent = o.starts.slice(startsBefore);
  assert.equal(sent.length, 1, `ten clicks sent ${sent.length} start requests`);
  assert.deepEqual(JSON.parse(sent[0].body), { stream_id: STREAM });
  assert.match(sent[0].contentType || '', /^application\/json/);
  const messages = await page.evaluate(() => window.__camhubMessages);
  assert.ok(messages.some((m) => m.text.startsWith('Starting stream…')),
    `"Starting stream…" was shown (${JSON.stringify(messages)})`);
  assert.equal(await tile.locator('.state').getAttribute('data-state'), 'running');
  assert.equal(await tile.locator('.state').textContent(), 'live');
  const uptime = await tile.locator('.uptime').textContent();
  assert.match(uptime, /^up \d+ s$/);
  await waitFor(page, ([s, before]) => {
    const now = document.querySelector(`${s} .uptime`).textContent;
    return /^up \d+ s$/.test(now) && now !== before;
  }, [tileSel(STREAM), uptime], 'the uptime ticks');
  assert.deepEqual(await tile.locator('.message[data-kind="error"]').count(), 0, 'no error shown');
  assertClean(o);
  await shot(page, 'web-desktop.png');
});

test('a second page pressing Play on the running stream says "Connecting to existing stream…"', async () => {
  const { page, o } = await openPage('phone', PHONE);
  const tile = page.locator(tileSel(STREAM));
  await waitSocketLive(page);
  // The socket's snapshot already shows the stream live here, before any Play.
  await waitFor(page, (s) => document.querySelector(`${s} .state`).dataset.state === 'running',
    tileSel(STREAM), 'the second page shows the running stream as live');
  await tile.locator('.play').click();
  await waitFor(page, (id) => window.__camhubMessages.some(
    (m) => m.id === id && m.text.startsWith('Connecting to existing stream…')), STREAM,
  '"Connecting to existing stream…" on the second page');
  await waitVideoAdvances(page, STREAM);
  assert.equal(o.starts.length, 1, 'one start request from the second page');
  assertClean(o);

  // Phone layout: one column, nothing wider than the screen, buttons big enough to tap.
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scrollWidth <= PHONE.width, `no horizontal scrolling at 375 px (scrollWidth ${scrollWidth})`);
  const boxes = await page.$$eval('[data-stream-id]', (els) => els.map((e) => e.getBoundingClientRect().toJSON()));
  assert.ok(boxes.every((b) => b.left >= 0 && b.right <= 375), 'every tile fits the screen');
  assert.ok(new Set(boxes.map((b) => Math.round(b.left))).size === 1, 'tiles are in one column');
  for (const cls of ['.play', '.stop']) {
    const b = await tile.locator(cls).boundingBox();
    assert.ok(b && b.width >= 44 && b.height >= 44, `${cls} is at least 44x44 (${JSON.stringify(b)})`);
  }
  await tile.evaluate((el) => el.scrollIntoView({ block: 'end' }));
  await shot(page, 'web-phone.png');
});

test('a stream stopped through the API updates both pages through the event socket', async () => {
  for (const page of Object.values(pages)) await waitSocketLive(page);
  const pollsBefore = new Map([...watch].map(([p, o]) => [p, o.polls]));
  const r = await apiFetch('POST', '/api/streams/stop', { stream_id: STREAM });
  assert.equal(r.status, 200);
  assert.equal(r.json.success, true);
  assert.equal(r.json.stopped, true, 'the stream was running');

  for (const [name, page] of Object.entries(pages)) {
    await waitFor(page, (s) => {
      const t = document.querySelector(s);
      const v = t.querySelector('video');
      return t.querySelector('.state').dataset.state === 'stopped' &&
        t.querySelector('.state').textContent === 'stopped' &&
        t.querySelector('.message').textContent === 'Stream stopped' &&
        t.dataset.playing === 'false' && v.paused && !v.hasAttribute('src') &&
        v.readyState === HTMLMediaElement.HAVE_NOTHING && v.networkState === HTMLMediaElement.NETWORK_EMPTY;
    }, tileSel(STREAM), `${name}: badge "stopped", message "Stream stopped", player stopped`);
    assert.equal(await page.locator(`${tileSel(STREAM)} .uptime`).textContent(), '', `${name}: no uptime`);
    const o = watch.get(page);
    assert.equal(o.polls - pollsBefore.get(page), 0, `${name}: learned it from the socket, not by polling`);
    assertClean(o);
  }
});

test('a camera that cannot be reached shows "Camera unavailable" on both pages',
  { skip: DEAD_STREAM ? false : 'set CAMHUB_DEAD_STREAM to a stream whose camera is unreachable' },
  async () => {
    const page = pages.desktop;
    await page.locator(`${tileSel(DEAD_STREAM)} .play`).click();
    for (const [name, p] of Object.entries(pages)) {
      await waitFor(p, (sel) => {
        const t = document.querySelector(sel);
        return t.querySelector('.state').dataset.state === 'dead' &&
          t.querySelector('.state').textContent === 'dead' &&
          /^Camera unavailable: \S/.test(t.querySelector('.message').textContent) &&
          t.dataset.playing === 'false';
      }, tileSel(DEAD_STREAM), `${name}: the unreachable camera's tile says "dead", "Camera unavailable: …"`);
      assertClean(watch.get(p));
    }
    const msg = await page.locator(`${tileSel(DEAD_STREAM)} .message`).textContent();
    assert.equal(await page.locator(`${tileSel(DEAD_STREAM)} .message`).getAttribute('data-kind'), 'error');
    assert.doesNotMatch(msg, /undefined|null|\[object/, `a readable reason: ${msg}`);
  });

test('Clean up dead streams shows the server\'s message and updates the tiles', async () => {
  const page = pages.desktop;
  const { json } = await apiFetch('GET', '/api/streams/all');
  const dead = json.streams.filter((st) => st.state === 'dead').map((st) => st.stream_id);
  await page.locator('#cleanup').click();
  await waitFor(page, (n) => document.querySelector('#notice').textContent === `Cleaned up ${n} dead stream(s)`,
    dead.length, `the message "Cleaned up ${dead.length} dead stream(s)"`);
  for (const [name, p] of Object.entries(pages)) {
    for (const id of dead) {
      await waitFor(p, (sel) => document.querySelector(`${sel} .state`).dataset.state === 'stopped',
        tileSel(id), `${name}: ${id} is stopped after the cleanup`);
    }
    assertClean(watch.get(p));
  }
});

test('without the event socket, Play still plays (status polled with backoff) and sees a stop', async () => {
  const { status } = await apiFetch('POST', '/api/streams/stop', { stream_id: STREAM });
  assert.equal(status, 200);
  const page = await context.newPage();
  await page.setViewportSize(DESKTOP);
  const o = observe(page, 'no-socket');
  try {
    // As if the server had no /api/events: every socket is closed at once.
    let socketTries = 0;
    await page.routeWebSocket(/\/api\/events$/, (ws) => {
      socketTries += 1;
      ws.close({ code: 1011, reason: 'test: no event socket' });
    });
    await page.goto(`${BASE}/`, { waitUntil: 'domcontentloaded' });
    await waitFor(page, (sel) => document.querySelector(sel) !== null, tileSel(STREAM), 'the tile');
    await waitFor(page, () => document.querySelector('#conn').dataset.conn === 'offline', undefined,
      'the header says the socket is offline');
    await page.locator(`${tileSel(STREAM)} .play`).click();
    await waitVideoAdvances(page, STREAM);
    assert.ok(o.polls > 0, 'the page polled the status');
    assert.equal(o.starts.length, 1);
    assert.ok(socketTries >= 1, 'the page tried the socket');

    const r = await apiFetch('POST', '/api/streams/stop', { stream_id: STREAM });
    assert.equal(r.json.stopped, true);
    await waitFor(page, (sel) => {
      const t = document.querySelector(sel);
      return t.querySelector('.state').dataset.state === 'stopped' &&
        t.querySelector('.message').textContent === 'Stream stopped' && t.dataset.playing === 'false';
    }, tileSel(STREAM), 'the polling page sees the stop');
    assert.ok(socketTries >= 2, `the page keeps trying the socket (${socketTries} tries)`);
    assertClean(o);
  } finally {
    await page.close();
  }
});

test('a token in the address is removed from it', async () => {
  const page = await context.newPage();
  const o = observe(page, 'token');
  try {
    await page.goto(`${BASE}/?token=e2e-not-a-real-token#x`, { waitUntil: 'domcontentloaded' });
    await waitFor(page, () => !window.location.search.includes('token'), undefined, 'token gone from the URL');
    assert.equal(new URL(page.url()).hash, '#x');
    await waitFor(page, () => document.querySelectorAll('[data-stream-id]').length > 0, undefined,
      'the tiles still load');
    assertClean(o);
  } finally {
    await page.close();
  }
});

test('a 401 from the API shows the access-token page', async () => {
  const page = await context.newPage();
  try {
    await page.route('**/api/**', (route) => route.fulfill({
      status: 401,
      contentType: 'application/json',
      body: JSON.stringify({ success: false, error: 'Access token required' }),
    }));
    await page.goto(`${BASE}/`, { waitUntil: 'domcontentloaded' });
    const wall = page.locator('#authwall');
    await wall.waitFor({ state: 'visible' });
    assert.match(await wall.innerText(),
      /This camhub needs an access token: open the link shown in camhub's window \(Share on LAN\)/);
  } finally {
    await page.close();
  }
});
