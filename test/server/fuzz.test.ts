/**
 * 10,000 random and malformed frames (fast-check, fixed seed), both ways:
 * - server → page: sent by a real server process to <omni-notification-host>
 *   over the WebSocket transport. Nothing throws into the page, every bad
 *   frame is reported once as omni-error, the state is what it was, and the
 *   widget still works afterwards.
 * - page → server: sent on a raw WebSocket. The server answers every frame
 *   (ack or error), stays up, and its routing state does not change.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import fc from 'fast-check';
import '../../src/components/notification-host/omni-notification-host.js';
import type { OmniNotificationHost } from '../../src/components/notification-host/omni-notification-host.js';
import { validateCommand, validateServerMessage } from '../../src/services/protocol/index.js';
import { WebSocketTransport } from '../../src/services/transports/websocket.js';
import { DEFAULT_SETTINGS } from '../../src/services/center.js';
import { makeNotice, makeOffer } from '../helpers.js';
import { until } from '../transports/client.js';
import { FAST, api, startServer } from '../transports/harnesses.js';

const N = 10_000;
const SEED = 20_261_125;
type Json = Record<string, unknown>;

/** Every path to a value inside `v` (objects and arrays), for mutations. */
function paths(v: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof v !== 'object' || v === null) return [prefix];
  const keys: (string | number)[] = Array.isArray(v) ? v.map((_, i) => i) : Object.keys(v);
  return [prefix, ...keys.flatMap((k) => paths((v as Json)[k as string], [...prefix, k]))];
}

/** A copy of `base` with the value at one path replaced (or deleted when `replacement` is undefined). */
function mutate(base: Json, path: (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const copy = structuredClone(base) as Json;
  let node = copy as Json;
  for (const k of path.slice(0, -1)) node = node[k as string] as Json;
  const last = path[path.length - 1] as string;
  if (replacement === undefined) delete node[last];
  else node[last] = replacement;
  return copy;
}

/** Valid messages of each shape → one thing broken in each. */
function broken(templates: Json[]): fc.Arbitrary<unknown> {
  return fc.constantFrom(...templates).chain((t) => {
    const all = paths(t);
    return fc.tuple(fc.constantFrom(...all), fc.option(fc.jsonValue({ maxDepth: 2 }), { nil: undefined })).map(([p, r]) => mutate(t, p, r));
  });
}

const noise = fc.oneof(
  { weight: 2, arbitrary: fc.string({ maxLength: 120 }) },
  { weight: 2, arbitrary: fc.json({ maxDepth: 3 }) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

function sample(arb: fc.Arbitrary<unknown>, keep: (f: unknown) => boolean): unknown[] {
  const out = fc.sample(arb, { numRuns: Math.round(N * 1.3), seed: SEED }).filter(keep);
  expect(out.length, 'enough frames after filtering').to.be.at.least(N);
  return out.slice(0, N);
}

describe(`fuzz: ${N} random and malformed frames against real processes`, function () {
  this.timeout(120_000);
  let server: Awaited<ReturnType<typeof startServer>>;
  beforeEach(async () => {
    // A generous heartbeat: this is about frames, and a page busy with 10,000 of them on a loaded
    // machine may not read for a while; the short test heartbeat would (rightly) drop it.
    // Frames, not rate: 10,000 of them from one connection would (rightly) be a flood to the default limits.
    server = await startServer({ env: { OMNI_HEARTBEAT_TIMEOUT_MS: '60000', OMNI_COMMAND_BURST: '100000', OMNI_COMMAND_FLOOD: '100000' } });
  });
  afterEach(async () => {
    await executeServerCommand('omni-server-stop', { id: server.id });
  });

  it('server → page: every bad frame is reported and dropped, nothing throws, nothing changes', async () => {
    const thrown: unknown[] = [];
    const onError = (e: ErrorEvent) => thrown.push(e.error ?? e.message);
    const onRejection = (e: PromiseRejectionEvent) => thrown.push(e.reason);
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onRejection);
    const host = await fixture<OmniNotificationHost>(html`<omni-notification-host desktop="never" sound="off"></omni-notification-host>`);
    const transport = new WebSocketTransport({ url: `${server.url.replace('http', 'ws')}/ws`, token: server.agents[0].token, ...FAST, pongTimeoutMs: 5000 });
    try {
      let reported = 0;
      host.addEventListener('omni-error', () => reported++);
      host.transport = transport;
      const call = api(server);
      await call('POST', '/api/conversations', { channel: 'chat', customer: { name: 'Dana' }, agentId: 'a1' });
      await until(() => host.center.state.offers.length === 1, 'an offer on screen');
      const snapshot = () => JSON.stringify({ ...host.center.state, pending: [...host.center.state.pending] });
      const before = snapshot();

      const env = (type: string, body: Json) => ({ v: 1, type, id: 'm-1', ts: 1, ...body });
      const templates = [
        env('hello', { serverTime: 1, agent: { id: 'a1', name: 'A' }, presence: 'available', lastSystemPresence: 'available', settings: DEFAULT_SETTINGS, offers: [makeOffer()], notices: [makeNotice()], sessions: [], missed: null }),
        env('offer', { offer: makeOffer() }),
        env('offer.revoked', { offerId: host.center.state.offers[0].offerId, reason: 'timeout' }),
        env('notice', { notice: makeNotice() }),
        env('presence', { presence: 'busy', reason: 'supervisor', lastSystemPresence: 'busy' }),
        env('missed', { missed: { count: 1, offerIds: ['o'], since: 1 } }),
        env('settings', { settings: DEFAULT_SETTINGS }),
        env('pong', { clientTime: 1, serverTime: 2 }),
      ];
      let harmlessSeq = 0;
      const harmless = fc.constantFrom('offer.revoked', 'ack', 'error').map((type) => {
        const id = `harmless-${++harmlessSeq}`;
        if (type === 'offer.revoked') return env(type, { id, offerId: `nobody-${id}`, reason: 'cancelled' });
        if (type === 'ack') return env(type, { id, commandId: `nobody-${id}`, ok: true });
        return env(type, { id, code: 'not-allowed', message: 'fuzz' });
      });
      const arb = fc.oneof({ weight: 6, arbitrary: noise }, { weight: 12, arbitrary: broken(templates) }, { weight: 1, arbitrary: harmless });
      const frames = sample(arb, (f) => {
        const v = validateServerMessage(f);
        return !v.ok || ['offer.revoked', 'ack', 'error'].includes(v.value.type) && v.value.id.startsWith('harmless-');
      });
      frames.splice(5000, 2, 'x'.repeat(70 * 1024), JSON.stringify(env('notice', { pad: 'y'.repeat(70 * 1024) })));
      const expected = frames.filter((f) => {
        const v = validateServerMessage(f);
        return !v.ok || v.value.type === 'error';
      }).length;

      await call('POST', '/api/test/frames', { agentId: 'a1', frames });
      await until(() => reported >= expected, `${expected} omni-error events`, 90_000);

      expect(reported).to.equal(expected);
      expect(host.center.state.connection).to.equal('open');
      expect(thrown).to.deep.equal([]);
      expect(snapshot()).to.equal(before);
      const { conversationId } = await call<{ conversationId: string }>('POST', '/api/conversations', { channel: 'sms', customer: { phone: '+15550100' }, agentId: 'a1' });
      await until(() => host.center.state.offers.some((o) => o.conversationId === conversationId), 'the widget to still work');
    } finally {
      window.removeEventListener('error', onError);
      window.removeEventListener('unhandledrejection', onRejection);
      host.transport = undefined;
      host.remove();
    }
  });

  it('page → server: every frame is answered, the server stays up and its state does not change', async () => {
    const call = api(server);
    // Some state to keep: a conversation assigned to a2 (a toast scenario: a session, whatever the connection).
    await call('POST', '/api/conversations', { scenario: 'assignment', channel: 'chat', customer: { name: 'Kept' }, agentId: 'a2' });
    const state = async () => JSON.stringify(await call('GET', '/api/state'), (k, v) => (k === 'connected' ? undefined : v));
    const cmd = (type: string, body: Json = {}) => ({ v: 1, type, commandId: 'c-1', ...body });
    const templates = [
      cmd('accept', { offerId: 'o-1' }),
      cmd('reject', { offerId: 'o-1', reason: 'busy' }),
      cmd('displayed', { offerId: 'o-1', surface: 'page' }),
      cmd('presence.set', { presence: 'away' }),
      cmd('missed.ack'),
      cmd('notice.open', { noticeId: 'n-1' }),
      cmd('ping', { clientTime: 1 }),
    ];
    const frames = sample(fc.oneof({ weight: 1, arbitrary: noise }, { weight: 2, arbitrary: broken(templates) }), (f) => {
      const v = validateCommand(f);
      return !v.ok || !['presence.set', 'ping'].includes(v.value.type);
    }).map((f) => (typeof f === 'string' ? f : JSON.stringify(f)));

    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/ws?token=${server.agents[1].token}`);
    let answers = 0;
    let hello = false;
    ws.onmessage = (e) => {
      const type = (JSON.parse(String(e.data)) as { type: string }).type;
      if (type === 'hello') hello = true;
      else if (type === 'ack' || type === 'error') answers++;
    };
    try {
      await until(() => hello, 'hello');
      const before = await state();
      for (const f of frames) ws.send(f);
      await until(() => answers >= frames.length, `${frames.length} answers`, 90_000);

      expect(answers).to.equal(frames.length);
      expect(ws.readyState).to.equal(WebSocket.OPEN);
      expect(await (await fetch(`${server.url}/healthz`)).text()).to.equal('ok');
      expect(await state()).to.equal(before);
    } finally {
      ws.close();
    }
  });
});
