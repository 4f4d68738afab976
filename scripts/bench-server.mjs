#!/usr/bin/env node
/**
 * Server benchmark (`npm run bench:server`). One function per case; each
 * returns `{ name, figures: {label: value}, goal?, ok? }` and prints a line.
 *
 * - flood: a real server process, 3,000 conversations queued, agent A sends
 *   3,000 `presence.set` commands over WebSocket in one burst while agent B
 *   pings (one at a time): B's round trip p50/p99 (goal p99 < 100 ms), and
 *   how many of A's commands were taken, rate-limited, or cut by a close.
 * - routing: the engine in this process, 5,000 queued conversations and
 *   1,000 agents all at capacity: a routing decision (a session ends, the
 *   freed agent gets the oldest queued conversation; a conversation arrives
 *   and waits) timed one by one: p50/p99 (goal p99 < 10 ms).
 *
 *   node scripts/bench-server.mjs [--case flood|routing] [--json]
 *
 * Other cases (several nodes, a store) add a function and a CASES entry: routed, failover and fanout
 * (several nodes on Redis) come from scripts/bench-cluster.mjs.
 */
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import WebSocket from 'ws';
import { ROOT, buildServer } from '../server/build.mjs';
import { startServer } from '../server/tools/spawn.mjs';
import { CLUSTER_CASES } from './bench-cluster.mjs';

const args = process.argv.slice(2);
const only = args.includes('--case') ? args[args.indexOf('--case') + 1] : null;
const asJson = args.includes('--json');
const token = () => randomBytes(12).toString('base64url');
const CACHE = resolve(ROOT, 'node_modules/.cache/omni-bench');

/** p-th percentile (0..100) of numbers, nearest rank. */
export function percentile(values, p) {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}
const ms = (v) => `${v < 10 ? v.toFixed(2) : v.toFixed(0)} ms`;

/** A started server process with `n` agents; `api(method, path, body)` calls its HTTP API. */
export async function benchServer({ agents: n = 2, env = {} } = {}) {
  const entry = await buildServer({ outdir: resolve(CACHE, 'server') });
  const agents = Array.from({ length: n }, (_, i) => ({ id: `b${i + 1}`, token: token() }));
  const apiToken = token();
  const proc = await startServer({
    entry,
    cwd: ROOT,
    env: {
      PORT: '0',
      OMNI_STATIC_DIR: '',
      OMNI_DEMO_CONTACTS: '0',
      OMNI_HEARTBEAT_TIMEOUT_MS: '60000',
      OMNI_API_TOKEN: apiToken,
      OMNI_AGENTS: agents.map((a) => `${a.id}:Agent ${a.id}:${a.token}`).join(','),
      ...env,
    },
  });
  const api = async (method, path, body) => {
    const r = await fetch(`${proc.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${apiToken}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
    return r.json();
  };
  return { proc, agents, api, ws: (a) => `${proc.url.replace(/^http/, 'ws')}/ws?token=${encodeURIComponent(a.token)}` };
}

/** Opens a WebSocket, resolves after its `hello`; `frames` collects what arrives. */
export function openAgent(url) {
  const ws = new WebSocket(url);
  const frames = [];
  const listeners = new Set();
  ws.on('message', (d) => {
    const m = JSON.parse(String(d));
    frames.push(m);
    for (const l of listeners) l(m);
  });
  ws.on('error', () => {});
  const closed = new Promise((r) => ws.once('close', (code) => r(code)));
  const ready = new Promise((res, rej) => {
    ws.once('message', () => res());
    ws.once('error', rej);
  });
  return { ws, frames, closed, ready, on: (l) => (listeners.add(l), () => listeners.delete(l)) };
}

async function createMany(api, n) {
  const batch = 50;
  for (let i = 0; i < n; i += batch) {
    await Promise.all(
      Array.from({ length: Math.min(batch, n - i) }, (_, j) => api('POST', '/api/conversations', { channel: 'chat', customer: { name: `C${i + j}` } })),
    );
  }
}

/** Agent B's ping round trips while agent A floods. */
async function caseFlood({ queued = 3000, commands = 3000, env = {}, label = 'flood' } = {}) {
  const s = await benchServer({ agents: 2, env: { OMNI_CAPACITY: '2', ...env } });
  try {
    await createMany(s.api, queued + 4); // the two agents take two each on connecting
    const a = openAgent(s.ws(s.agents[0]));
    const b = openAgent(s.ws(s.agents[1]));
    await Promise.all([a.ready, b.ready]);
    const rtts = [];
    let flooding = true;
    const since = performance.now();
    // One ping every 40 ms at most (25/s, within the default command rate: B is a well-behaved client), for as
    // long as the flood lasts and at least 3 s (a flood cut short may still leave work behind).
    const pinger = (async () => {
      let i = 0;
      while ((flooding || performance.now() - since < 3000) && rtts.length < 5000) {
        const id = `p${++i}`;
        const t0 = performance.now();
        const answered = await new Promise((res) => {
          const timer = setTimeout(() => res(false), 30_000);
          const off = b.on((m) => {
            if (m.type === 'ack' && m.commandId === id) {
              off();
              clearTimeout(timer);
              res(m.ok);
            }
          });
          b.ws.send(JSON.stringify({ v: 1, type: 'ping', commandId: id, clientTime: Date.now() }));
        });
        const rtt = performance.now() - t0;
        if (!answered) throw new Error(`B's ping ${id} was not answered ok`);
        rtts.push(rtt);
        await new Promise((r) => setTimeout(r, Math.max(0, 40 - rtt)));
      }
    })();
    // Give the pinger a few undisturbed round trips, then the burst.
    await new Promise((r) => setTimeout(r, 50));
    const acks = { ok: 0, limited: 0, other: 0 };
    let answered = 0;
    const done = new Promise((res) => {
      a.on((m) => {
        if (m.type !== 'ack' || !String(m.commandId).startsWith('f')) return;
        if (m.ok) acks.ok++;
        else if (m.error?.code === 'rate-limited') acks.limited++;
        else acks.other++;
        if (++answered === commands) res('all answered');
      });
      void a.closed.then((code) => res(`closed ${code}`));
    });
    for (let i = 0; i < commands; i++) {
      a.ws.send(JSON.stringify({ v: 1, type: 'presence.set', commandId: `f${i}`, presence: i % 2 ? 'available' : 'busy' }));
    }
    const end = await Promise.race([done, new Promise((r) => setTimeout(() => r('timed out (60 s)'), 60_000))]);
    flooding = false;
    await pinger;
    a.ws.terminate();
    b.ws.terminate();
    return {
      name: label,
      line: `${label}: ${commands} presence.set from one agent over ${queued} queued → another agent's ping p50 ${ms(percentile(rtts, 50))}, p99 ${ms(percentile(rtts, 99))}, max ${ms(Math.max(...rtts))} (${rtts.length} pings; goal p99 < 100 ms); flood: ${acks.ok} taken, ${acks.limited} rate-limited, ${acks.other} other, ${end}`,
      figures: { p50: percentile(rtts, 50), p99: percentile(rtts, 99), pings: rtts.length, ...acks, end },
      ok: percentile(rtts, 99) < 100,
    };
  } finally {
    await s.proc.stop('SIGKILL');
  }
}

/** The engine bundled for this process (it is TypeScript). */
async function loadEngine() {
  const outfile = await buildServer({ outdir: resolve(CACHE, 'engine'), entry: 'engine/index.ts' });
  return import(`${pathToFileURL(outfile).href}?t=${Date.now()}`);
}

/** Routing decisions at 5,000 queued conversations and 1,000 agents, each timed. */
async function caseRouting({ queued = 5000, agents = 1000, decisions = 500 } = {}) {
  const { RoutingEngine } = await loadEngine();
  const engine = new RoutingEngine({ idPrefix: 'x-', settings: { displayWindowMs: 3_600_000 } });
  // The engine before the ordered queue (main at 872ddda) re-sorted the whole queue and scanned every agent on
  // each change: filling it through its API takes many minutes, so for it the bench holds dispatch while it
  // fills the engine, then dispatches once. The engine with the ordered queue is filled through its API alone.
  const legacy = typeof engine.rebuildIndexes !== 'function';
  if (legacy) engine.dispatching = true;
  const conns = [];
  const offers = new Map(); // agent index → its live offer
  const sessionOf = new Map(); // agent index → conversation id of its session
  for (let i = 0; i < agents; i++) {
    engine.addAgent({ id: `g${i}`, name: `G${i}`, capacity: 1 });
    conns.push(
      engine.connect(`g${i}`, (m) => {
        if (m.type === 'offer') offers.set(i, m.offer);
      }),
    );
  }
  for (let i = 0; i < agents + queued; i++) engine.createConversation({ channel: 'chat', customer: { name: `C${i}` } });
  if (legacy) {
    engine.dispatching = false;
    engine.dispatch();
  }
  // Everyone accepts the offer they got: all at capacity, `queued` waiting.
  const accept = (i) => {
    const offer = offers.get(i);
    if (!offer) throw new Error(`g${i} was not offered work`);
    offers.delete(i);
    conns[i].receive({ v: 1, type: 'accept', commandId: `acc-${offer.offerId}`, offerId: offer.offerId });
    sessionOf.set(i, offer.conversationId);
  };
  for (let i = 0; i < agents; i++) accept(i);
  const freeing = [];
  const arriving = [];
  const cpu = []; // CPU time of each decision (this process's, so a busy machine's preemption is left out)
  /** Runs one decision; records its wall-clock and CPU time. */
  const timed = (into, fn) => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    into.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  };
  for (let d = 0; d < decisions; d++) {
    const i = (d * 7919) % agents;
    timed(freeing, () => engine.endConversation(sessionOf.get(i))); // frees g_i: it gets the oldest queued conversation
    accept(i);
    timed(arriving, () => engine.createConversation({ channel: 'chat', customer: { name: `N${d}` } })); // nobody free: it waits
  }
  engine.dispose();
  const all = [...freeing, ...arriving];
  return {
    name: 'routing',
    line: `routing at ${queued} queued / ${agents} agents: decision p50 ${ms(percentile(all, 50))}, p99 ${ms(percentile(all, 99))} (agent freed → offer: p99 ${ms(percentile(freeing, 99))}; arrival → queued: p99 ${ms(percentile(arriving, 99))}; CPU time p99 ${ms(percentile(cpu, 99))}; ${all.length} decisions; goal p99 < 10 ms)`,
    figures: { p50: percentile(all, 50), p99: percentile(all, 99), freeP99: percentile(freeing, 99), arriveP99: percentile(arriving, 99), cpuP99: percentile(cpu, 99) },
    ok: percentile(all, 99) < 10,
  };
}

/** The flood with the rate limit out of the way: the engine alone takes all 3,000. */
const caseFloodUnlimited = () => caseFlood({ label: 'flood-unlimited', env: { OMNI_COMMAND_BURST: '1000000', OMNI_COMMAND_FLOOD: '1000000' } });

export const CASES = { flood: caseFlood, 'flood-unlimited': caseFloodUnlimited, routing: caseRouting, ...CLUSTER_CASES };

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const results = [];
  for (const [name, run] of Object.entries(CASES)) {
    if (only && only !== name) continue;
    const r = await run();
    results.push(r);
    if (!asJson) console.log(r.line);
  }
  if (asJson) console.log(JSON.stringify(results, null, 2));
  process.exit(0);
}
