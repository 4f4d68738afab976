#!/usr/bin/env node
/**
 * Benchmark cases for the server on Redis (docs/scaling.md), one function per
 * case, each returning `{ name, figures: {label: value}, goal?, ok? }`:
 *
 * - routed: conversations routed end to end (API call → offer → accept →
 *   session.started) per second, with 1 node and with 3 nodes on one Redis
 *   (API calls and agents spread over the nodes); offer latency p50/p99.
 * - failover: 3 nodes, offers outstanding, `kill -9` of the routing owner:
 *   time until another node owns routing, and until an accept sent to a
 *   surviving node is acknowledged (goal ≤ 5 s); every offer still there
 *   (same offerId and expiresAt) and accepted once (0 lost, 0 doubled).
 * - fanout: 1,000 agents × 3 tabs over 3 nodes: each offer delivered once to
 *   each of its agent's tabs; memory per connection (node RSS growth).
 *
 *   node scripts/bench-cluster.mjs [--case routed|failover|fanout]   (also in npm run bench:server)
 *
 * Each case starts its own redis-server (server/tools/redis.mjs) and node
 * processes, and stops them.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { ROOT, buildServer } from '../server/build.mjs';
import { startServer } from '../server/tools/spawn.mjs';
import { startRedis } from '../server/tools/redis.mjs';

const token = () => randomBytes(12).toString('base64url');
const now = () => performance.now();

function percentile(values, p) {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

async function until(cond, what, timeoutMs = 30_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await cond();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** `nodes` server processes on one fresh Redis, `agents` agents (capacity `capacity`). */
async function service({ nodes, agents: n, capacity = 2, env = {} }) {
  const entry = await buildServer({ outdir: resolve(ROOT, 'node_modules/.cache/omni-bench-cluster') });
  const redis = await startRedis();
  const agents = Array.from({ length: n }, (_, i) => ({ id: `b${i + 1}`, token: token() }));
  const apiToken = token();
  const common = {
    PORT: '0',
    OMNI_STATIC_DIR: '',
    OMNI_DEMO_CONTACTS: '0',
    OMNI_API_TOKEN: apiToken,
    OMNI_AGENTS: agents.map((a) => `${a.id}:${a.id}:${a.token}`).join(','),
    OMNI_CAPACITY: String(capacity),
    OMNI_REDIS_URL: redis.url,
    ...env,
  };
  const procs = [];
  for (let i = 0; i < nodes; i++) procs.push(await startServer({ entry, cwd: ROOT, env: common, timeoutMs: 30_000 }));
  const api = async (i, method, path, body) => {
    const res = await fetch(procs[i].url + path, {
      method,
      headers: { authorization: `Bearer ${apiToken}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const owner = (among) =>
    until(async () => {
      const infos = await Promise.all(among.map((i) => api(i, 'GET', '/api/node').catch(() => null)));
      const owners = among.filter((_, k) => infos[k]?.owner);
      return owners.length === 1 ? owners[0] + 1 : 0;
    }, 'a routing owner').then((x) => x - 1);
  await owner(procs.map((_, i) => i));
  return {
    procs,
    agents,
    api,
    owner,
    async stop() {
      await Promise.all(procs.map((p) => p.stop('SIGKILL')));
      await redis.dispose();
    },
  };
}

/** One agent tab: frames by type, and a hook per frame. */
function tab(url, tokenValue, onFrame = () => {}) {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/ws?token=${tokenValue}`);
  const t = { ws, hello: null, offers: new Map(), acks: new Map(), sessions: 0, frames: 0 };
  ws.on('message', (data) => {
    const m = JSON.parse(String(data));
    t.frames++;
    if (m.type === 'hello') {
      t.hello = m;
      for (const o of m.offers) t.offers.set(o.offerId, (t.offers.get(o.offerId) ?? 0) + 0);
    } else if (m.type === 'offer') t.offers.set(m.offer.offerId, (t.offers.get(m.offer.offerId) ?? 0) + 1);
    else if (m.type === 'ack') t.acks.set(m.commandId, m);
    else if (m.type === 'session.started') t.sessions++;
    onFrame(m, t);
  });
  ws.on('error', () => {});
  t.opened = until(() => t.hello, 'hello', 120_000);
  t.send = (body) => {
    const commandId = `c-${token()}`;
    ws.send(JSON.stringify({ v: 1, commandId, ...body }));
    return commandId;
  };
  return t;
}

/** Routed conversations per second and offer latency, with `nodes` nodes. */
async function routedWith(nodes, conversations, inFlight = 16) {
  const svc = await service({ nodes, agents: 30, capacity: 1000 });
  try {
    const started = new Map(); // customer name → t0 (an offer may arrive before the API call's answer)
    const offerMs = [];
    const endToEnd = [];
    const tabs = svc.agents.map((a, i) =>
      tab(svc.procs[i % nodes].url, a.token, (m, t) => {
        if (m.type === 'offer') {
          const t0 = started.get(m.offer.customer.name);
          if (t0 !== undefined) offerMs.push(now() - t0);
          t.send({ type: 'accept', offerId: m.offer.offerId });
        } else if (m.type === 'session.started') {
          const t0 = started.get(m.session.customer.name);
          if (t0 !== undefined) endToEnd.push(now() - t0);
        }
      }),
    );
    await Promise.all(tabs.map((t) => t.opened));
    const t0 = now();
    let next = 0;
    const worker = async (w) => {
      while (next < conversations) {
        const i = next++;
        started.set(`C${i}`, now());
        await svc.api((i + w) % nodes, 'POST', '/api/conversations', { channel: 'chat', customer: { name: `C${i}` } });
      }
    };
    await Promise.all(Array.from({ length: inFlight }, (_, w) => worker(w)));
    await until(() => endToEnd.length >= conversations, `${conversations} sessions`, 120_000);
    const seconds = (now() - t0) / 1000;
    const sessions = tabs.reduce((s, t) => s + t.sessions, 0);
    for (const t of tabs) t.ws.terminate();
    return { perSec: conversations / seconds, p50: percentile(offerMs, 50), p99: percentile(offerMs, 99), e2e50: percentile(endToEnd, 50), sessions };
  } finally {
    await svc.stop();
  }
}

export async function caseRouted({ conversations = 600 } = {}) {
  const one = await routedWith(1, conversations);
  const three = await routedWith(3, conversations);
  const f = (r) => `${r.perSec.toFixed(0)}/s, offer p50 ${r.p50.toFixed(0)} ms p99 ${r.p99.toFixed(0)} ms, session p50 ${r.e2e50.toFixed(0)} ms`;
  return {
    name: `routed (${conversations} conversations, API → offer → accept → session, Redis)`,
    figures: { '1 node': f(one), '3 nodes': f(three) },
    ok: one.sessions === conversations && three.sessions === conversations,
  };
}

export async function caseFailover({ offers = 20 } = {}) {
  const svc = await service({ nodes: 3, agents: offers, capacity: 2 });
  try {
    const ownerIx = await svc.owner([0, 1, 2]);
    const others = [0, 1, 2].filter((i) => i !== ownerIx);
    const tabs = svc.agents.map((a, i) => tab(svc.procs[others[i % 2]].url, a.token));
    await Promise.all(tabs.map((t) => t.opened));
    await svc.api(others[0], 'PUT', '/api/settings', { templates: { chat: { timeoutSec: 120 } }, displayWindowMs: 120_000 });
    for (let i = 0; i < offers; i++) {
      await svc.api(others[1], 'POST', '/api/conversations', { channel: 'chat', customer: { name: `F${i}` }, agentId: svc.agents[i].id });
    }
    await until(() => tabs.every((t) => t.offers.size === 1), 'every agent offered');
    const before = tabs.map((t) => [...t.offers.keys()][0]);
    const t0 = now();
    await svc.procs[ownerIx].stop('SIGKILL');
    const newOwner = await svc.owner(others);
    const ownedMs = now() - t0;
    // Accept everything on the surviving nodes (queued until the new owner serves them).
    const acks = tabs.map((t, i) => t.send({ type: 'accept', offerId: before[i] }));
    await until(() => tabs.every((t, i) => t.acks.has(acks[i])), 'every accept acknowledged');
    const acceptMs = now() - t0;
    const okAcks = tabs.filter((t, i) => t.acks.get(acks[i]).ok).length;
    await until(() => tabs.every((t) => t.sessions >= 1), 'every session');
    const state = await svc.api(newOwner, 'GET', '/api/state');
    const active = state.conversations.filter((c) => c.status === 'active').length;
    const doubled = state.conversations.filter((c) => c.history.filter((h) => h.event === 'accepted').length > 1).length;
    const lost = offers - active;
    for (const t of tabs) t.ws.terminate();
    return {
      name: `failover (3 nodes, ${offers} offers outstanding, kill -9 of the routing owner)`,
      figures: {
        'new owner after': `${ownedMs.toFixed(0)} ms`,
        'accepts acknowledged after': `${acceptMs.toFixed(0)} ms`,
        'accepted ok': `${okAcks}/${offers}`,
        lost: String(lost),
        doubled: String(doubled),
      },
      goal: 'new owner ≤ 5000 ms, 0 lost, 0 doubled',
      ok: ownedMs <= 5000 && lost === 0 && doubled === 0,
    };
  } finally {
    await svc.stop();
  }
}

function rssKb(pid) {
  const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : NaN;
}

export async function caseFanout({ agents = 1000, tabsPer = 3, offers = 300 } = {}) {
  const svc = await service({ nodes: 3, agents, capacity: 2, env: { OMNI_REQUEST_TIMEOUT_MS: '30000', OMNI_MAX_CONNECTIONS: '5000' } });
  try {
    const rss0 = svc.procs.map((p) => rssKb(p.pid));
    const tabs = [];
    const c0 = now();
    // Tabs open in waves of 300 (a ramp, not one storm of 3,000 handshakes on a 2-core machine).
    for (let t = 0; t < tabsPer; t++) {
      for (let i = 0; i < agents; i++) {
        tabs.push({ agent: i, t: tab(svc.procs[(i + t) % 3].url, svc.agents[i].token) });
        if (tabs.length % 300 === 0) await Promise.all(tabs.slice(-300).map((x) => x.t.opened));
      }
    }
    await Promise.all(tabs.map((x) => x.t.opened));
    const connectS = (now() - c0) / 1000;
    const perConnKb = svc.procs.map((p, i) => (rssKb(p.pid) - rss0[i]) / (agents * tabsPer / 3));
    const targets = Array.from({ length: offers }, (_, k) => Math.floor((k * agents) / offers));
    const o0 = now();
    for (let k = 0; k < offers; k++) {
      await svc.api(k % 3, 'POST', '/api/conversations', { channel: 'chat', customer: { name: `X${k}` }, agentId: svc.agents[targets[k]].id });
    }
    const expected = new Set(targets);
    const delivered = () => tabs.filter((x) => expected.has(x.agent) && x.t.offers.size >= 1).length;
    await until(() => delivered() >= expected.size * tabsPer, 'every tab of every offered agent got its offer', 120_000);
    const deliverS = (now() - o0) / 1000;
    const twice = tabs.filter((x) => [...x.t.offers.values()].some((n) => n > 1)).length;
    // Every offer reached all tabs of the one agent it went to (with an agentId, that agent when assignable).
    const byOffer = new Map();
    for (const x of tabs) for (const id of x.t.offers.keys()) byOffer.set(id, [...(byOffer.get(id) ?? []), x.agent]);
    const wrong = [...byOffer.values()].filter((who) => who.length !== tabsPer || new Set(who).size !== 1).length;
    for (const x of tabs) x.t.ws.terminate();
    return {
      name: `fanout (${agents} agents × ${tabsPer} tabs over 3 nodes, ${offers} offers)`,
      figures: {
        'connect all': `${connectS.toFixed(1)} s`,
        'offers to every tab': `${deliverS.toFixed(1)} s`,
        'tabs with an offer twice': String(twice),
        'offers not on exactly 3 tabs of one agent': String(wrong),
        'memory per connection': perConnKb.map((k) => `${k.toFixed(0)} KiB`).join(' / '),
      },
      goal: 'each offer once per tab',
      ok: twice === 0 && wrong === 0,
    };
  } finally {
    await svc.stop();
  }
}

/** The one line a case prints (bench-server.mjs prints `line`). */
const withLine = (run) => async () => {
  const r = await run();
  const line = `${r.ok === false ? '✗' : '✓'} ${r.name}: ${Object.entries(r.figures).map(([k, v]) => `${k} ${v}`).join('; ')}${r.goal ? ` (goal: ${r.goal})` : ''}`;
  return { ...r, line };
};

export const CLUSTER_CASES = { routed: withLine(caseRouted), failover: withLine(caseFailover), fanout: withLine(caseFanout) };

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const only = args.includes('--case') ? args[args.indexOf('--case') + 1] : null;
  let failed = false;
  for (const [key, run] of Object.entries(CLUSTER_CASES)) {
    if (only && only !== key) continue;
    const r = await run();
    failed ||= r.ok === false;
    console.log(r.line);
  }
  process.exit(failed ? 1 : 0);
}
