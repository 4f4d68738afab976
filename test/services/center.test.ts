import { expect } from '@open-wc/testing';
import type sinon from 'sinon';
import { NotificationCenter, type CenterEvents } from '../../src/services/center.js';
import { ServerClock } from '../../src/services/server-clock.js';
import { renderFields, renderSlugs, resolveTemplate } from '../../src/services/templates.js';
import { validateCommand } from '../../src/services/protocol/validate.js';
import { ScriptedTransport, fakeClock, makeNotice, makeOffer } from '../helpers.js';

const tick = () => new Promise<void>((r) => queueMicrotask(r)).then(() => Promise.resolve());

function connected(options = {}) {
  const center = new NotificationCenter(options);
  const transport = new ScriptedTransport();
  center.connect(transport);
  transport.hello();
  return { center, transport };
}

function record<K extends keyof CenterEvents>(center: NotificationCenter, type: K): CenterEvents[K][] {
  const out: CenterEvents[K][] = [];
  center.on(type, (e) => out.push(e));
  return out;
}

describe('NotificationCenter', () => {
  let clock: sinon.SinonFakeTimers | undefined;
  afterEach(() => {
    clock?.restore();
    clock = undefined;
  });

  it('reconciles with a hello snapshot: gone offers disappear, new ones appear, none twice', () => {
    const { center, transport } = connected();
    const a = makeOffer({ offerId: 'a' });
    const b = makeOffer({ offerId: 'b' });
    const c = makeOffer({ offerId: 'c' });
    transport.push({ type: 'offer', offer: a });
    transport.push({ type: 'offer', offer: b });
    const added = record(center, 'offer');
    const removed = record(center, 'offer-removed');
    transport.hello({ offers: [b, c, c] });
    expect(center.state.offers.map((o) => o.offerId).sort()).to.deep.equal(['b', 'c']);
    expect(added.map((o) => o.offerId)).to.deep.equal(['c']);
    expect(removed.map((r) => [r.offer.offerId, r.reason])).to.deep.equal([['a', 'snapshot']]);
  });

  it('keeps an offer that arrives twice (with different message ids) once', () => {
    const { center, transport } = connected();
    const added = record(center, 'offer');
    const o = makeOffer();
    transport.push({ type: 'offer', offer: o });
    transport.push({ type: 'offer', offer: o });
    expect(center.state.offers).to.have.length(1);
    expect(added).to.have.length(1);
  });

  it('drops an offer that arrives after its deadline, with an expired error', () => {
    const { center, transport } = connected();
    const errors = record(center, 'error');
    transport.push({ type: 'offer', offer: makeOffer({ expiresAt: Date.now() - 10_000 }) });
    expect(center.state.offers).to.have.length(0);
    expect(errors[0].code).to.equal('expired');
  });

  it('measures remaining time against the server clock', () => {
    clock = fakeClock(5_000_000);
    const { center, transport } = connected();
    // the server is 60 s ahead of us
    transport.hello({ serverTime: Date.now() + 60_000 });
    transport.push({ type: 'offer', offer: makeOffer({ expiresAt: Date.now() + 60_000 + 30_000 }) });
    expect(center.remaining(center.state.offers[0])).to.equal(30_000);
    clock.tick(29_999);
    expect(center.state.offers).to.have.length(1);
    clock.tick(1);
    expect(center.state.offers).to.have.length(0);
  });

  it('refines the offset from pong: offset = serverTime − (clientTime + now) / 2', () => {
    clock = fakeClock(1000);
    const c = new ServerClock();
    c.sampleRoundTrip(1000 - 100, 50_000);
    expect(c.offsetMs).to.equal(50_000 - (900 + 1000) / 2);
  });

  it('finds deadlines that passed while timers were throttled (checkDeadlines)', () => {
    let now = 10_000_000;
    const center = new NotificationCenter({ now: () => now });
    const transport = new ScriptedTransport();
    center.connect(transport);
    transport.hello({ serverTime: now });
    transport.push({ type: 'offer', offer: makeOffer({ queuedAt: now, offeredAt: now, expiresAt: now + 5000 }) });
    const timeouts = record(center, 'timeout');
    now += 3_600_000; // an hour in a frozen tab: no timer ran
    center.checkDeadlines();
    expect(center.state.offers).to.have.length(0);
    expect(timeouts).to.have.length(1);
  });

  it('accept resolves on a positive ack and removes the offer', async () => {
    const { center, transport } = connected();
    const o = makeOffer();
    transport.push({ type: 'offer', offer: o });
    await center.accept(o.offerId);
    expect(center.state.offers).to.have.length(0);
    const sent = transport.commands('accept')[0];
    expect(validateCommand(sent).ok).to.equal(true);
  });

  it('a negative ack rejects with the server error and keeps the offer', async () => {
    const { center, transport } = connected();
    transport.autoAck = false;
    const o = makeOffer();
    transport.push({ type: 'offer', offer: o });
    const p = center.accept(o.offerId);
    await tick();
    const cmd = transport.commands('accept')[0];
    transport.push({ type: 'ack', commandId: String(cmd.commandId), ok: false, error: { code: 'expired', message: 'too late' } });
    const err = await p.then(
      () => null,
      (e: { code: string }) => e,
    );
    expect(err?.code).to.equal('expired');
    expect(center.state.offers).to.have.length(1);
    expect(center.state.pending.size).to.equal(0);
  });

  it('reports a command that gets no ack in time instead of losing it', async () => {
    clock = fakeClock();
    const { center, transport } = connected({ ackTimeoutMs: 5000 });
    transport.autoAck = false;
    const errors = record(center, 'error');
    const p = center.setPresence('busy').then(
      () => 'ok',
      (e: { code: string }) => e.code,
    );
    await tick();
    clock.tick(5000);
    expect(await p).to.equal('transport-closed');
    expect(errors.map((e) => e.code)).to.include('transport-closed');
  });

  it('holds an accept while reconnecting and sends it again, same commandId, once open', async () => {
    const { center, transport } = connected();
    transport.autoAck = false;
    const o = makeOffer();
    transport.push({ type: 'offer', offer: o });
    const p = center.accept(o.offerId);
    await tick();
    const first = transport.commands('accept')[0];
    transport.sink!.state('reconnecting'); // the ack was lost with the connection
    transport.sink!.state('open');
    await tick();
    const again = transport.commands('accept');
    expect(again).to.have.length(2);
    expect(again[1].commandId).to.equal(first.commandId);
    transport.push({ type: 'ack', commandId: String(first.commandId), ok: true });
    await p;
    expect(center.state.offers).to.have.length(0);
  });

  it('reports an accept that cannot be delivered before the offer deadline', async () => {
    clock = fakeClock();
    const { center, transport } = connected({ ackTimeoutMs: 1000 });
    const o = makeOffer({ expiresAt: Date.now() + 20_000 });
    transport.push({ type: 'offer', offer: o });
    transport.sink!.state('reconnecting');
    const p = center.accept(o.offerId).then(
      () => 'ok',
      (e: { code: string; message: string }) => e.message,
    );
    await tick();
    expect(transport.commands('accept')).to.have.length(0);
    clock.tick(19_999);
    await tick();
    clock.tick(1);
    expect(await p).to.contain('could not be delivered');
  });

  it('refuses commands with no transport, and Reject where the template forbids it', async () => {
    const center = new NotificationCenter();
    expect(await center.setPresence('busy').catch((e: { code: string }) => e.code)).to.equal('transport-closed');
    const { center: c2, transport } = connected({ templates: { chat: { allowReject: false } } });
    const o = makeOffer();
    transport.push({ type: 'offer', offer: o });
    expect(await c2.reject(o.offerId).catch((e: { code: string }) => e.code)).to.equal('not-allowed');
    expect(transport.commands('reject')).to.have.length(0);
  });

  it('a listener that throws does not break the center or reach the caller', () => {
    const { center, transport } = connected();
    center.on('offer', () => {
      throw new Error('host bug');
    });
    const errors = record(center, 'error');
    expect(() => transport.push({ type: 'offer', offer: makeOffer() })).not.to.throw();
    expect(errors[0].message).to.contain('host bug');
    expect(center.state.offers).to.have.length(1);
  });

  it('subscribe replays the current state and unsubscribes', () => {
    const { center, transport } = connected();
    const seen: number[] = [];
    const off = center.subscribe((s) => seen.push(s.notices.length));
    transport.push({ type: 'notice', notice: makeNotice() });
    off();
    transport.push({ type: 'notice', notice: makeNotice() });
    expect(seen).to.deep.equal([0, 1]);
  });
});

describe('templates', () => {
  it('renders slugs as text, unknown slugs as empty, wait time from queuedAt', () => {
    const now = 1_000_000;
    const offer = makeOffer({ customer: { phone: '+14255550100' }, queuedAt: now - 125_000, fields: { caseTitle: 'Broken <b>' } });
    const ctx = { item: offer, now };
    expect(renderSlugs('{customerName} | {waitTime} | {caseTitle} | {nope} | {channel}', ctx)).to.equal(
      '+14255550100 | 2:05 | Broken <b> |  | chat',
    );
    expect(renderSlugs('{customerName}', { item: makeOffer({ customer: {} }), now })).to.equal('Visitor');
  });

  it('gives a notice without queuedAt (assigned without queueing) no wait time, not 0:00, and one with it the time since', () => {
    const now = 1_000_000;
    const fields = ['{customerName}', '{comment}', '{waitTime}'];
    const unknown = renderFields(fields, { item: makeNotice({ scenario: 'bot-escalation', createdAt: now }), now });
    expect(unknown.map((f) => f.key)).to.not.include('waitTime');
    expect(renderSlugs('[{waitTime}]', { item: makeNotice({ createdAt: now }), now })).to.equal('[]');
    expect(renderSlugs('{waitTime}', { item: makeNotice({ createdAt: now, queuedAt: now - 65_000 }), now })).to.equal('1:05');
  });

  it('labels single-slug fields and keeps at most four', () => {
    const f = renderFields(['{customerName}', '{comment}', 'Queue: {queue}', '{waitTime}', '{channel}'], { item: makeOffer({ queue: 'Billing' }), now: Date.now() });
    expect(f.map((x) => x.label)).to.deep.equal(['Customer', 'Comment', '', 'Wait time']);
    expect(f[2].value).to.equal('Queue: Billing');
  });

  it('merges defaults, server settings and host overrides field by field', () => {
    const t = resolveTemplate('chat', 'chat', { chat: { ...resolveTemplate('chat', 'chat', undefined, undefined), timeoutSec: 30 } }, { chat: { showTimeout: false } });
    expect(t).to.include({ timeoutSec: 30, showTimeout: false, allowReject: true, kind: 'alert' });
    expect(resolveTemplate('custom-x', 'transfer', undefined, undefined)).to.include({ id: 'custom-x', kind: 'toast' });
  });
});
