/**
 * The server's limits against abuse (docs/limits.md), each against a real
 * process with the limit made small by its environment variable: every test
 * here fails without its limit.
 */
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { until } from '../transports/client.js';
import { api, startServer } from '../transports/harnesses.js';
import { redisUrl } from './redis.js';

type Server = Awaited<ReturnType<typeof startServer>>;
type Frame = { type?: string; commandId?: string; ok?: boolean; error?: { code: string }; offer?: unknown };

/** A raw WebSocket agent: frames received, close code. */
function agent(server: Server, i = 0) {
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}/ws?token=${encodeURIComponent(server.agents[i].token)}`);
  const frames: Frame[] = [];
  const state = { code: 0 as number, hello: false };
  ws.onmessage = (e) => {
    const f = JSON.parse(String(e.data)) as Frame;
    if (f.type === 'hello') state.hello = true;
    frames.push(f);
  };
  ws.onclose = (e) => (state.code = e.code);
  const acks = (prefix: string) => frames.filter((f) => f.type === 'ack' && f.commandId?.startsWith(prefix));
  return { ws, frames, state, acks, ready: () => until(() => state.hello, 'hello') };
}

/**
 * An SSE stream read with fetch (EventSource hides event ids and cannot set
 * Last-Event-ID): the stream's id, the last event's sequence number, acks
 * by commandId prefix, and commands posted to it.
 */
function sseReader(server: Server, token: string, lastEventId?: string) {
  const abort = new AbortController();
  const state = { streamId: '', seq: Number(lastEventId?.split('.')[1] ?? 0), resumed: false, frames: [] as Frame[] };
  const headers: Record<string, string> = lastEventId ? { 'last-event-id': lastEventId } : {};
  void (async () => {
    const res = await fetch(`${server.url}/events?token=${encodeURIComponent(token)}`, { headers, signal: abort.signal });
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const id = /^id: [\w-]+\.(\d+)$/m.exec(block);
        if (id) state.seq = Number(id[1]);
        const data = block.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
        if (!data) continue;
        const parsed = JSON.parse(data) as Frame & { streamId?: string; resumed?: boolean };
        if (/^event: omni-stream$/m.test(block)) Object.assign(state, { streamId: parsed.streamId ?? '', resumed: parsed.resumed === true });
        else state.frames.push(parsed);
      }
    }
  })().catch(() => undefined);
  return {
    streamId: async () => (await until(() => state.streamId, 'the omni-stream event'), state.streamId),
    resumed: () => state.resumed,
    lastSeq: () => state.seq,
    acks: (prefix: string) => state.frames.filter((f) => f.type === 'ack' && f.commandId?.startsWith(prefix)).length,
    post: (command: object) =>
      fetch(`${server.url}/commands?stream=${encodeURIComponent(state.streamId)}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(command),
      }),
    close: () => abort.abort(),
  };
}

/** Whether the server resumes a stream from `lastEventId` (the first event's `resumed`); the probe is then dropped. */
async function resumed(server: Server, token: string, lastEventId: string): Promise<boolean> {
  const probe = sseReader(server, token, lastEventId);
  try {
    await probe.streamId();
    return probe.resumed();
  } finally {
    probe.close();
  }
}

/** One ping's round trip, in ms. */
async function roundTrip(a: ReturnType<typeof agent>, id: string): Promise<number> {
  const t0 = performance.now();
  a.ws.send(JSON.stringify({ v: 1, type: 'ping', commandId: id, clientTime: Date.now() }));
  await until(() => a.acks(id).length > 0, `ack of ${id}`);
  return performance.now() - t0;
}

// Every limit holds whatever keeps the state: the embedded memory store and Redis (one node, its own key prefix).
for (const store of ['memory', 'redis'] as const) describe(`reference server: limits (${store} store)`, function () {
  this.timeout(30_000);
  const started: Server[] = [];
  const start = async (env: Record<string, string> = {}, agents = 2) => {
    const storeEnv: Record<string, string> =
      store === 'redis' ? { OMNI_REDIS_URL: await redisUrl(), OMNI_REDIS_PREFIX: `lim${Math.random().toString(36).slice(2, 8)}:` } : {};
    const s = await startServer({ agents, env: { ...storeEnv, ...env } });
    started.push(s);
    return s;
  };
  afterEach(async () => {
    for (const s of started.splice(0)) await executeServerCommand('omni-server-stop', { id: s.id });
  });

  it('cuts off a request whose body trickles in (OMNI_REQUEST_TIMEOUT_MS); an SSE stream lives on', async () => {
    const server = await start({ OMNI_REQUEST_TIMEOUT_MS: '1000' });
    const events: string[] = [];
    const source = new EventSource(`${server.url}/events?token=${encodeURIComponent(server.agents[0].token)}`);
    source.onmessage = (e) => events.push(String(e.data));
    try {
      const r = (await executeServerCommand('omni-trickle', { port: server.port, everyMs: 200, maxMs: 8000 })) as { closedAfterMs: number | null; answer: string };
      expect(r.closedAfterMs, 'the trickling request was still open after 8 s').to.be.a('number');
      expect(r.closedAfterMs).to.be.below(8000);
      // The stream opened before the trickle is older than the request timeout, and still delivers.
      await call(server, 'POST', '/api/conversations', { channel: 'chat', customer: { name: 'Late' }, agentId: 'a1' });
      await until(() => events.some((e) => e.includes('"type":"offer"')), 'the offer on the SSE stream');
    } finally {
      source.close();
    }
  });

  it('closes the oldest of 17 connections of one agent with 1008 (OMNI_MAX_AGENT_CONNECTIONS 16)', async () => {
    const server = await start();
    const tabs: ReturnType<typeof agent>[] = [];
    let source: EventSource | undefined;
    try {
      for (let i = 0; i < 16; i++) {
        tabs.push(agent(server));
        await tabs[i].ready();
      }
      tabs.push(agent(server));
      await tabs[16].ready();
      await until(() => tabs[0].state.code === 1008, 'the oldest closed with 1008');
      expect(tabs.slice(1).every((t) => t.ws.readyState === WebSocket.OPEN)).to.equal(true);
      // An SSE stream counts too: the next oldest WebSocket goes.
      source = new EventSource(`${server.url}/events?token=${encodeURIComponent(server.agents[0].token)}`);
      await until(() => tabs[1].state.code === 1008, 'the next oldest closed by an SSE stream');
      expect(tabs.slice(2).every((t) => t.ws.readyState === WebSocket.OPEN)).to.equal(true);
    } finally {
      source?.close();
      for (const t of tabs) t.ws.close();
    }
  });

  it("shrinks an SSE stream's resume log as the agent's connections grow (500 events with one, 31 with 16)", async () => {
    const server = await start({ OMNI_COMMAND_BURST: '1000' }, 1);
    const token = server.agents[0].token;
    let stream = sseReader(server, token);
    const tabs: ReturnType<typeof agent>[] = [];
    try {
      const id = await stream.streamId();
      const pings = async (prefix: string, n: number) => {
        for (let i = 0; i < n; i++) await stream.post({ v: 1, type: 'ping', commandId: `${prefix}${i}`, clientTime: Date.now() });
        await until(() => stream.acks(prefix) === n, `${n} acks of ${prefix}`);
      };
      // One connection: 60 events back is well inside the log (up to 500 events).
      await pings('a', 60);
      const back60 = stream.lastSeq() - 60;
      expect(await resumed(server, token, `${id}.${back60}`), 'resume 60 back, one connection').to.equal(true);
      // That probe took the stream over and let it go: read it again from where it was.
      stream.close();
      stream = sseReader(server, token, `${id}.${stream.lastSeq()}`);
      expect(await stream.streamId()).to.equal(id);
      expect(stream.resumed()).to.equal(true);
      // Sixteen (15 WebSockets beside the stream): each keeps max(20, 500 / 16) = 31 events.
      for (let i = 0; i < 15; i++) {
        tabs.push(agent(server));
        await tabs[i].ready();
      }
      await pings('b', 60);
      const last = stream.lastSeq();
      expect(await resumed(server, token, `${id}.${last - 10}`), 'resume 10 back, sixteen connections').to.equal(true);
      expect(await resumed(server, token, `${id}.${last - 60}`), 'resume 60 back, sixteen connections').to.equal(false);
    } finally {
      stream.close();
      for (const t of tabs) t.ws.close();
    }
  });

  it('keeps OMNI_KEEP_FINISHED finished conversations for GET /api/state, the newest', async () => {
    const server = await start({ OMNI_KEEP_FINISHED: '2' });
    const call = api(server);
    const ids: string[] = [];
    for (const name of ['Ada', 'Ben', 'Cy']) {
      // Nobody is connected: each waits in the queue until it is cancelled.
      const { conversationId } = await call<{ conversationId: string }>('POST', '/api/conversations', { channel: 'chat', customer: { name } });
      await call('POST', `/api/conversations/${conversationId}/cancel`);
      ids.push(conversationId);
    }
    const state = await call<{ conversations: { id: string; status: string }[] }>('GET', '/api/state');
    expect(state.conversations.map((c) => c.id).sort()).to.deep.equal(ids.slice(1).sort());
    expect(state.conversations.every((c) => c.status === 'abandoned')).to.equal(true);
  });

  it('answers a burst beyond the bucket with rate-limited, closes a flood with 1008; another agent is answered meanwhile', async () => {
    const server = await start({ OMNI_COMMAND_BURST: '20', OMNI_COMMAND_RATE: '1', OMNI_COMMAND_FLOOD: '40' });
    const flooder = agent(server, 0);
    const other = agent(server, 1);
    try {
      await Promise.all([flooder.ready(), other.ready()]);
      for (let i = 0; i < 30; i++) flooder.ws.send(JSON.stringify({ v: 1, type: 'presence.set', commandId: `b${i}`, presence: i % 2 ? 'available' : 'busy' }));
      await until(() => flooder.acks('b').length === 30, '30 acks');
      const limited = flooder.acks('b').filter((a) => a.error?.code === 'rate-limited').length;
      expect(limited, 'rate-limited acks').to.be.within(8, 10);
      expect(flooder.acks('b').filter((a) => a.ok).length).to.be.within(20, 22);
      const rtt = await roundTrip(other, 'p1');
      for (let i = 0; i < 100; i++) flooder.ws.send(JSON.stringify({ v: 1, type: 'presence.set', commandId: `f${i}`, presence: 'busy' }));
      await until(() => flooder.state.code === 1008, 'the flood closed with 1008');
      expect(flooder.acks('f').length, 'commands answered before the close').to.be.below(100);
      const after = await roundTrip(other, 'p2');
      console.log(`limits: the other agent's round trips ${rtt.toFixed(1)} ms, ${after.toFixed(1)} ms`);
    } finally {
      flooder.ws.close();
      other.ws.close();
    }
  });

  it('counts a frame in bytes: 70,000 bytes of 3-byte characters are too-large (WebSocket and SSE)', async () => {
    const server = await start();
    const a = agent(server);
    try {
      await a.ready();
      const pad = '€'.repeat(Math.ceil(70_000 / 3));
      const frame = JSON.stringify({ v: 1, type: 'presence.set', commandId: 'big', presence: 'away', note: pad });
      expect(frame.length).to.be.below(64 * 1024);
      a.ws.send(frame);
      await until(() => a.acks('big').length === 1, 'the ack');
      expect(a.acks('big')[0].error?.code).to.equal('too-large');
      const res = await fetch(`${server.url}/commands?stream=x`, { method: 'POST', body: frame, headers: { authorization: `Bearer ${server.agents[0].token}` } });
      expect(res.status).to.be.oneOf([404, 413]); // no such stream, or too large: never taken
    } finally {
      a.ws.close();
    }
  });

  it('answers a malformed path escape with 400 and refuses template ids __proto__, constructor, prototype', async () => {
    const server = await start();
    const auth = { authorization: `Bearer ${server.apiToken}`, 'content-type': 'application/json' };
    const res = await fetch(`${server.url}/api/conversations/%E0%A4%A/end`, { method: 'POST', headers: auth });
    expect(res.status).to.equal(400);
    for (const id of ['__proto__', 'constructor', 'prototype']) {
      const put = await fetch(`${server.url}/api/settings`, { method: 'PUT', headers: auth, body: `{"templates":{"${id}":{"timeoutSec":5}}}` });
      expect(put.status, id).to.equal(400);
    }
    const settings = await call<{ templates: Record<string, unknown> }>(server, 'GET', '/api/settings');
    expect(Object.keys(settings.templates)).to.not.include.members(['__proto__', 'constructor', 'prototype']);
  });

  it('throttles failed authentications per address (OMNI_AUTH_FAILURES, OMNI_AUTH_RETRY_MS)', async () => {
    const server = await start({ OMNI_AUTH_FAILURES: '5', OMNI_AUTH_RETRY_MS: '60000' });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await fetch(`${server.url}/api/state`, { headers: { authorization: 'Bearer wrong' } })).status);
    expect(statuses).to.deep.equal([401, 401, 401, 401, 401, 429]);
    const right = await fetch(`${server.url}/api/state`, { headers: { authorization: `Bearer ${server.apiToken}` } });
    expect(right.status, 'even the right token waits').to.equal(429);
  });

  it('logs no token: every token-like query parameter is redacted (OMNI_LOG=1)', async () => {
    const server = await start({ OMNI_LOG: '1' });
    const secret = server.agents[0].token;
    await fetch(`${server.url}/events?token=${encodeURIComponent(secret)}&probe=1`);
    await fetch(`${server.url}/api/state?apiToken=${encodeURIComponent(server.apiToken)}&access_token=s3cr3t-a&x=1`);
    const a = agent(server);
    await a.ready();
    a.ws.close();
    const output = async () => ((await executeServerCommand('omni-server-output', { id: server.id })) as string[]).join('\n');
    await until(async () => (await output()).includes('access_token'), 'the log lines');
    const log = await output();
    for (const s of [secret, server.apiToken, 's3cr3t-a']) expect(log).to.not.include(s);
    expect(log).to.include('x=1');
  });

  it('serves HTML with a CSP and frame protection, and source maps only with OMNI_SOURCEMAPS=1', async () => {
    const dir = 'test/server/fixtures/static';
    const server = await start({ OMNI_STATIC_DIR: dir });
    const head = (s: Server, path: string) => executeServerCommand('omni-head', { url: `${s.url}${path}` }) as Promise<{ status: number; headers: Record<string, string> }>;
    const page = await head(server, '/');
    expect(page.status).to.equal(200);
    expect(page.headers['content-security-policy']).to.equal("default-src 'self'; frame-ancestors 'self'; object-src 'none'");
    expect(page.headers['x-frame-options']).to.equal('SAMEORIGIN');
    expect((await head(server, '/app.js')).status).to.equal(200);
    expect((await head(server, '/app.js.map')).status).to.equal(404);
    const withMaps = await start({ OMNI_STATIC_DIR: dir, OMNI_SOURCEMAPS: '1' });
    expect((await head(withMaps, '/app.js.map')).status).to.equal(200);
    if (navigator.userAgent.includes('Chrome')) {
      // The probe the demo check below relies on does see violations: an inline script and an inline style.
      const r = (await executeServerCommand('omni-csp-page', { url: `${server.url}/inline.html` })) as { violations: string[] };
      expect(r.violations.join('\n')).to.include('script-src').and.to.include('style-src');
    }
  });

  it('the built demo runs under that CSP with no violation (Chromium; needs npm run build)', async function () {
    if (!navigator.userAgent.includes('Chrome')) this.skip();
    this.timeout(90_000);
    const server = await start({ OMNI_STATIC_DIR: 'demo-dist' }, 1);
    const token = encodeURIComponent(server.agents[0].token);
    const pages = [
      ['/', 'omni-notification-host'],
      [`/?transport=ws&token=${token}`, 'omni-notification-host'],
      [`/demo/hosted.html?transport=ws&token=${token}`, 'iframe'],
    ];
    for (const [path, selector] of pages) {
      const r = (await executeServerCommand('omni-csp-page', { url: `${server.url}${path}`, selector, needs: 'demo-dist/index.html' })) as {
        missing?: string;
        violations: string[];
        errors: string[];
        found: boolean;
      };
      if (r.missing) this.skip();
      expect(r.violations, `CSP violations on ${path}`).to.deep.equal([]);
      expect(r.errors, `page errors on ${path}`).to.deep.equal([]);
      expect(r.found, `${path} rendered its ${selector}`).to.equal(true);
    }
  });
});

function call<T = unknown>(server: Server, method: string, path: string, body?: unknown): Promise<T> {
  return api(server)<T>(method, path, body);
}
