#!/usr/bin/env node
/**
 * Load: 50 agents × 3 tabs (WebSocket clients speaking the protocol) against
 * a real reference server process, with a stream of conversations. Agents
 * accept (sometimes from two tabs at once), reject or let offers time out;
 * accepted sessions are ended shortly after to free capacity; missed banners
 * are reset. Afterwards every conversation must have been accepted exactly
 * once (rerouted any number of times before), none lost.
 *
 *   node test/server/load.mjs [--agents 50] [--tabs 3] [--conversations 300]
 *
 * The test suite runs it through the `omni-load` server command
 * (test/server/load.test.ts) and prints the summary.
 */
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { startServer } from '../../server/tools/spawn.mjs';

const hash = (s) => {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
};
const pause = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * @param {{ entry: string, env?: Record<string,string>, agents?: number, tabs?: number, conversations?: number,
 *           ratePerSec?: number, timeoutSec?: number, deadlineMs?: number }} o
 */
export async function runLoad(o) {
  const agentsN = o.agents ?? 50;
  const tabsN = o.tabs ?? 3;
  const convN = o.conversations ?? 300;
  const rate = o.ratePerSec ?? 150;
  const deadline = Date.now() + (o.deadlineMs ?? 60_000);
  const agents = Array.from({ length: agentsN }, (_, i) => ({ id: `L${i + 1}`, token: randomBytes(12).toString('base64url') }));
  const apiToken = randomBytes(12).toString('base64url');
  const server = await startServer({
    entry: o.entry,
    env: {
      ...(o.env ?? {}),
      // Not a heartbeat test: a loaded machine may starve these clients for seconds; do not drop them for it.
      OMNI_HEARTBEAT_TIMEOUT_MS: '60000',
      PORT: '0',
      OMNI_STATIC_DIR: '',
      OMNI_CAPACITY: '2',
      OMNI_API_TOKEN: apiToken,
      OMNI_AGENTS: agents.map((a) => `${a.id}:Agent ${a.id}:${a.token}`).join(','),
    },
  });
  const base = server.url;
  const call = async (method, path, body) => {
    const res = await fetch(base + path, {
      method,
      headers: { authorization: `Bearer ${apiToken}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };

  const stats = { messages: 0, offers: 0, acceptsSent: 0, doubleAccepts: 0, rejects: 0, ignored: 0, acceptAcksFailed: 0, failedAckCodes: {}, missedResets: 0, badFrames: 0 };
  /** conversationId → agent ids that got session.started for it */
  const sessionsBy = new Map();
  const ended = new Set();
  const resetting = new Set();
  const createdAt = new Map();
  const acceptedAt = new Map();
  const sockets = [];
  let cmd = 0;

  try {
    await call('PUT', '/api/settings', { templates: { chat: { timeoutSec: o.timeoutSec ?? 1.2 } } });
    await Promise.all(
      agents.flatMap((agent) =>
        Array.from({ length: tabsN }, (_, tab) => {
          const ws = new WebSocket(`${base.replace('http', 'ws')}/ws?token=${agent.token}`);
          sockets.push(ws);
          const send = (body) => ws.readyState === WebSocket.OPEN && ws.send(JSON.stringify({ v: 1, commandId: `${agent.id}-${tab}-${++cmd}`, ...body }));
          const acceptIds = new Set();
          ws.on('message', (data) => {
            stats.messages++;
            let m;
            try {
              m = JSON.parse(String(data));
            } catch {
              stats.badFrames++;
              return;
            }
            if (m.type === 'offer') {
              const { offerId, conversationId } = m.offer;
              if (tab === 0) stats.offers++;
              send({ type: 'displayed', offerId, surface: 'page' });
              const h = hash(offerId);
              const roll = h % 100;
              if (roll < 70) {
                // Accept from one tab, and sometimes from a second tab at the same moment.
                const race = roll < 10;
                if (tab === h % tabsN || (race && tab === (h + 1) % tabsN)) {
                  setTimeout(() => {
                    stats.acceptsSent++;
                    if (race && tab === (h + 1) % tabsN) stats.doubleAccepts++;
                    const id = `${agent.id}-${tab}-${++cmd}`;
                    acceptIds.add(id);
                    ws.send(JSON.stringify({ v: 1, type: 'accept', commandId: id, offerId }));
                  }, h % 40);
                }
              } else if (roll < 85) {
                if (tab === 0) {
                  stats.rejects++;
                  setTimeout(() => send({ type: 'reject', offerId, reason: 'load test' }), h % 30);
                }
              } else if (tab === 0) stats.ignored++;
              void conversationId;
            } else if (m.type === 'session.started') {
              const cid = m.session.conversationId;
              const who = sessionsBy.get(cid) ?? new Set();
              who.add(agent.id);
              sessionsBy.set(cid, who);
              if (!acceptedAt.has(cid)) acceptedAt.set(cid, Date.now());
              if (!ended.has(cid)) {
                ended.add(cid);
                setTimeout(() => call('POST', `/api/conversations/${encodeURIComponent(cid)}/end`).catch(() => ended.delete(cid)), 30 + (hash(cid) % 120));
              }
            } else if (m.type === 'missed') {
              // One reset per missed state, from whichever tab hears of it first.
              if (m.missed && !resetting.has(agent.id)) {
                resetting.add(agent.id);
                stats.missedResets++;
                send({ type: 'missed.ack' });
              } else if (!m.missed) resetting.delete(agent.id);
            } else if (m.type === 'ack' && acceptIds.has(m.commandId)) {
              acceptIds.delete(m.commandId);
              if (!m.ok) {
                stats.acceptAcksFailed++;
                const code = m.error?.code ?? 'none';
                stats.failedAckCodes[code] = (stats.failedAckCodes[code] ?? 0) + 1;
              }
            }
          });
          return new Promise((res, rej) => {
            ws.once('message', () => res());
            ws.once('error', rej);
          });
        }),
      ),
    );

    const started = Date.now();
    const ids = [];
    for (let i = 0; i < convN; i++) {
      const { conversationId } = await call('POST', '/api/conversations', {
        channel: 'chat',
        customer: { name: `Customer ${i + 1}` },
        comment: `load ${i + 1}`,
      });
      ids.push(conversationId);
      createdAt.set(conversationId, Date.now());
      if (i % 10 === 9) await pause(Math.max(0, started + ((i + 1) * 1000) / rate - Date.now()));
    }

    let state;
    for (;;) {
      state = await call('GET', '/api/state');
      const open = state.conversations.filter((c) => ids.includes(c.id) && c.status !== 'closed');
      if (open.length === 0) break;
      if (Date.now() > deadline) throw new Error(`${open.length} conversations not done in time: ${open.slice(0, 5).map((c) => `${c.id}:${c.status}`).join(', ')}`);
      await pause(100);
    }
    const duration = Date.now() - started;

    const byId = new Map(state.conversations.map((c) => [c.id, c]));
    const problems = [];
    let rerouted = 0;
    let offersTotal = 0;
    for (const id of ids) {
      const c = byId.get(id);
      if (!c) {
        problems.push(`${id}: lost`);
        continue;
      }
      const events = c.history.map((h) => h.event);
      const accepted = events.filter((e) => e === 'accepted').length;
      if (accepted !== 1) problems.push(`${id}: accepted ${accepted} times`);
      // Every offer ends (accepted, rejected, timeout, ...) before the next one starts.
      let live = false;
      for (const e of events) {
        if (e === 'offered') {
          if (live) problems.push(`${id}: offered twice at once`);
          live = true;
        } else if (['accepted', 'rejected', 'timeout', 'not-displayed', 'rerouted'].includes(e)) live = false;
      }
      const who = sessionsBy.get(id);
      if (!who || who.size !== 1) problems.push(`${id}: session started for ${who ? [...who].join('+') : 'nobody'}`);
      offersTotal += c.offers;
      if (c.offers > 1) rerouted++;
    }
    const waits = ids.map((id) => (acceptedAt.get(id) ?? NaN) - createdAt.get(id)).filter(Number.isFinite).sort((a, b) => a - b);
    const pct = (p) => waits[Math.min(waits.length - 1, Math.floor((p / 100) * waits.length))] ?? NaN;
    const summary = {
      agents: agentsN,
      tabs: agentsN * tabsN,
      conversations: convN,
      acceptedOnce: ids.length - problems.filter((p) => p.includes('accepted')).length,
      rerouted,
      offers: offersTotal,
      rejects: stats.rejects,
      ignoredTimedOut: stats.ignored,
      doubleAccepts: stats.doubleAccepts,
      acceptAcksFailed: stats.acceptAcksFailed,
      failedAckCodes: stats.failedAckCodes,
      missedResets: stats.missedResets,
      messages: stats.messages,
      badFrames: stats.badFrames,
      durationMs: duration,
      waitToAcceptMs: { p50: pct(50), p95: pct(95), max: waits[waits.length - 1] ?? NaN },
      problems: problems.slice(0, 20),
    };
    return summary;
  } finally {
    for (const ws of sockets) ws.terminate();
    await server.stop('SIGTERM');
  }
}

export function formatSummary(s) {
  return (
    `load: ${s.agents} agents × ${s.tabs / s.agents} tabs, ${s.conversations} conversations in ${(s.durationMs / 1000).toFixed(1)} s: ` +
    `${s.acceptedOnce} accepted exactly once, ${s.rerouted} rerouted before (${s.offers} offers: ${s.rejects} rejected, ${s.ignoredTimedOut} timed out), ` +
    `${s.doubleAccepts} two-tab accept races, ${s.acceptAcksFailed} accepts refused${s.acceptAcksFailed ? ` (${Object.entries(s.failedAckCodes).map(([k, v]) => `${v} ${k}`).join(', ')})` : ''}, ${s.missedResets} missed resets, ` +
    `${s.messages} messages, ${s.badFrames} bad frames; wait to accept p50 ${s.waitToAcceptMs.p50} ms, p95 ${s.waitToAcceptMs.p95} ms; ` +
    `problems: ${s.problems.length ? s.problems.join('; ') : 'none'}`
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = (name, d) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? Number(process.argv[i + 1]) : d;
  };
  const { buildServer, ROOT } = await import('../../server/build.mjs');
  const { TEST_SERVER_ENV } = await import('./env.mjs');
  const entry = await buildServer({ outdir: resolve(ROOT, 'node_modules/.cache/omni-server') });
  const s = await runLoad({ entry, env: TEST_SERVER_ENV, agents: arg('--agents', 50), tabs: arg('--tabs', 3), conversations: arg('--conversations', 300) });
  console.log(formatSummary(s));
  process.exit(s.problems.length ? 1 : 0);
}
