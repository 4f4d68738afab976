#!/usr/bin/env node
/**
 * Reroute benchmark: how long from an agent's network vanishing to the
 * conversation being offered to another agent (goal ≤ 30 s; Dynamics 365
 * waits 480 s).
 *
 * A real reference server process runs with its production timings (server
 * heartbeat 5 s / 15 s, reconnect grace 5 s, display window 15 s). Agent A
 * reaches it through a TCP proxy, agent B directly; both are WebSocket
 * clients speaking the protocol (they confirm offers as displayed, the way
 * the widget does). Each run: the proxy blackholes A's traffic (no FIN, no
 * RST: a laptop that left the Wi-Fi), a conversation for A arrives at once,
 * and the clock runs until B is offered it. Also shown: when the server
 * stopped counting A as connected. A last run uses `OMNI_COMPAT=1` (480 s
 * display window), where only the heartbeat takes the offer back.
 *
 *   node scripts/bench-reroute.mjs [--runs 3] [--no-compat] [--json]
 *   node scripts/bench-reroute.mjs --quick    # test timings (seconds → ~1 s), to check the script
 */
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import WebSocket from 'ws';
import { ROOT, buildServer } from '../server/build.mjs';
import { startServer } from '../server/tools/spawn.mjs';
import { startProxy } from '../server/tools/proxy.mjs';

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 3;
const quick = args.includes('--quick');
const compat = !args.includes('--no-compat');
const asJson = args.includes('--json');

const QUICK = { OMNI_HEARTBEAT_INTERVAL_MS: '100', OMNI_HEARTBEAT_TIMEOUT_MS: '1000', OMNI_RECONNECT_GRACE_MS: '500' };
const timings = (compatMode) => (quick ? { ...QUICK, ...(compatMode ? {} : { OMNI_DISPLAY_WINDOW_MS: '1500' }) } : {});

const pause = (ms) => new Promise((r) => setTimeout(r, ms));
const token = () => randomBytes(12).toString('base64url');

/** A protocol client: confirms every offer as displayed, records offers. */
function agentClient(url, onOffer) {
  const ws = new WebSocket(url);
  let seq = 0;
  ws.on('error', () => {});
  ws.on('message', (data) => {
    const m = JSON.parse(String(data));
    if (m.type !== 'offer') return;
    ws.send(JSON.stringify({ v: 1, type: 'displayed', commandId: `d${++seq}`, offerId: m.offer.offerId, surface: 'page' }));
    onOffer(m.offer);
  });
  const ready = new Promise((res, rej) => {
    ws.once('message', () => res());
    ws.once('error', rej);
  });
  return { ws, ready };
}

async function run(entry, { compatMode }) {
  const agents = { a: token(), b: token() };
  const apiToken = token();
  const server = await startServer({
    entry,
    env: {
      PORT: '0',
      OMNI_STATIC_DIR: '',
      OMNI_API_TOKEN: apiToken,
      OMNI_AGENTS: `a:Agent A:${agents.a},b:Agent B:${agents.b}`,
      OMNI_COMPAT: compatMode ? '1' : '0',
      ...timings(compatMode),
    },
  });
  const proxy = await startProxy({ upstreamPort: server.port });
  const call = async (method, path, body) => {
    const res = await fetch(server.url + path, {
      method,
      headers: { authorization: `Bearer ${apiToken}`, 'content-type': 'application/json' },
      body: body && JSON.stringify(body),
    });
    return res.json();
  };
  const offersToB = [];
  const a = agentClient(`ws://127.0.0.1:${proxy.port}/ws?token=${agents.a}`, () => {});
  const b = agentClient(`${server.url.replace('http', 'ws')}/ws?token=${agents.b}`, (o) => offersToB.push({ at: Date.now(), conversationId: o.conversationId }));
  try {
    await Promise.all([a.ready, b.ready]);
    const t0 = Date.now();
    proxy.cut({ mode: 'blackhole' });
    const { conversationId } = await call('POST', '/api/conversations', { channel: 'chat', customer: { name: 'Bench' }, agentId: 'a' });
    let offline = null;
    let result = null;
    const limit = t0 + (compatMode ? 200_000 : 120_000);
    // Until the conversation reached B and the server stopped counting A as connected.
    while (!result || offline === null) {
      const state = await call('GET', '/api/state');
      if (offline === null && state.agents.find((x) => x.id === 'a')?.connected === false) offline = Date.now() - t0;
      const hit = offersToB.find((o) => o.conversationId === conversationId);
      if (hit && !result) {
        const conv = state.conversations.find((c) => c.id === conversationId);
        const reason = conv.history.filter((h) => h.agentId === 'a' && h.event !== 'offered').map((h) => h.event)[0];
        result = { rerouteMs: hit.at - t0, reason };
      }
      if (Date.now() > limit) throw new Error('not rerouted in time');
      await pause(50);
    }
    return { ...result, offlineMs: offline };
  } finally {
    a.ws.terminate();
    b.ws.terminate();
    await proxy.close();
    await server.stop();
  }
}

const s = (ms) => (ms === null || ms === undefined ? '–' : `${(ms / 1000).toFixed(1)} s`);
const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];

const entry = await buildServer({ outdir: resolve(ROOT, 'node_modules/.cache/omni-server') });
console.log(`bench:reroute — network vanishes (TCP blackhole), conversation arrives for that agent${quick ? ' [quick timings]' : ''}`);
const results = [];
for (let i = 0; i < runs; i++) {
  const r = await run(entry, { compatMode: false });
  results.push(r);
  console.log(`  run ${i + 1}: offered to another agent after ${s(r.rerouteMs)} (${r.reason}); server saw the agent disconnected after ${s(r.offlineMs)}`);
}
let compatResult = null;
if (compat) {
  compatResult = await run(entry, { compatMode: true });
  console.log(`  compat (480 s display window): offered to another agent after ${s(compatResult.rerouteMs)} (${compatResult.reason}); disconnected after ${s(compatResult.offlineMs)}`);
}
const m = median(results.map((r) => r.rerouteMs));
console.log(`bench:reroute: median ${s(m)} over ${runs} runs (goal ≤ 30 s; Dynamics 365: 480 s) — ${m <= 30_000 ? 'OK' : 'OVER'}`);
if (asJson) console.log(JSON.stringify({ runs: results, medianMs: m, compat: compatResult, quick }));
process.exit(0);
