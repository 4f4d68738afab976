import { expect, oneEvent } from '@open-wc/testing';
import '../../src/components/notification-host/omni-notification-host.js';
import { deepQueryAll, makeNotice, makeOffer, settingsWith, settle } from '../helpers.js';
import { mountHost } from './host-harness.js';
import { alertElements, firstAlert, mountAlert } from './alert-harness.js';
import { firstToast } from './toast-harness.js';

const HOSTILE = [
  '<img src=x onerror="window.__pwned=1">',
  '"><svg onload="window.__pwned=2">',
  'javascript:window.__pwned=3',
  '<script>window.__pwned=4</script>',
  'Bob \u202Eevil\u202C Smith',
  '{customerName}{comment}<b>bold</b>',
];

describe('hostile customer text', () => {
  beforeEach(() => delete (window as { __pwned?: number }).__pwned);

  for (const name of HOSTILE) {
    it(`renders ${JSON.stringify(name.slice(0, 24))} as inert text`, async () => {
      const { host, transport } = await mountHost();
      transport.push({ type: 'offer', offer: makeOffer({ customer: { name }, comment: name }) });
      transport.push({ type: 'notice', notice: makeNotice({ customer: { name }, comment: name, from: name }) });
      await settle(host);
      const alert = firstAlert(host);
      expect(alert.customer!.trim()).to.equal(name);
      expect(alert.fieldValues[0].trim()).to.equal(name);
      expect(firstToast(host).body!.textContent).to.contain(name);
      // no element came from the text
      expect(deepQueryAll(host, 'img, svg[onload], script, b, a')).to.have.length(0);
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r)));
      expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
    });
  }

  it('isolates a right-to-left override so it cannot flip the rest of the alert', async () => {
    const { alert } = await mountAlert({ offer: { customer: { name: '\u202Eevil' } } });
    const bdi = alert.heading!.querySelector('bdi')!;
    expect(bdi).to.exist;
    expect(getComputedStyle(bdi).unicodeBidi).to.equal('isolate');
    expect(getComputedStyle(alert.titleElement!).direction).to.equal('ltr');
  });

  it('keeps a 10,000-character name inside the card and short in the accessible label', async () => {
    const name = 'N'.repeat(10_000);
    const { alert } = await mountAlert({ offer: { customer: { name } } });
    const card = alert.dialog!;
    expect(card.getBoundingClientRect().width).to.be.at.most(400);
    expect(card.getBoundingClientRect().height).to.be.below(400);
    expect(alert.customer!.trim().length).to.be.at.most(120);
  });
});

describe('malformed messages', () => {
  const BAD: Array<[string, unknown, string]> = [
    ['non-JSON', '{"v":1,"type":"offer"', 'bad-json'],
    ['an unknown type', { v: 1, type: 'launch-missiles', id: 'x1', ts: 1 }, 'bad-message'],
    ['a wrong version', { v: 2, type: 'offer', id: 'x2', ts: 1, offer: makeOffer() }, 'unsupported-version'],
    ['a missing field', { v: 1, type: 'offer', id: 'x3', ts: 1, offer: { ...makeOffer(), expiresAt: undefined } }, 'bad-message'],
    ['an ill-typed field', { v: 1, type: 'offer', id: 'x4', ts: 1, offer: { ...makeOffer(), customer: 'Bob' } }, 'bad-message'],
    ['an array', '[1,2,3]', 'bad-message'],
    ['a message over 64 KiB', JSON.stringify({ v: 1, type: 'offer', id: 'x5', ts: 1, offer: makeOffer({ comment: 'x'.repeat(70_000) }) }), 'too-large'],
    ['null', 'null', 'bad-message'],
    ['a negative autoAcceptSec', { v: 1, type: 'settings', id: 'x6', ts: 1, settings: settingsWith({ chat: { autoAcceptSec: -5 } }) }, 'bad-message'],
    ['an ill-typed autoAcceptSec', { v: 1, type: 'settings', id: 'x7', ts: 1, settings: settingsWith({ chat: { autoAcceptSec: '10' as never } }) }, 'bad-message'],
    ['rejectReasons that are not strings', { v: 1, type: 'settings', id: 'x8', ts: 1, settings: settingsWith({}, { rejectReasons: [3] as never }) }, 'bad-message'],
    ['an empty reject reason', { v: 1, type: 'settings', id: 'x9', ts: 1, settings: settingsWith({}, { rejectReasons: ['Busy', ' '] }) }, 'bad-message'],
    ['an unknown rejectReasonDefault', { v: 1, type: 'settings', id: 'x12', ts: 1, settings: settingsWith({}, { rejectReasonDefault: 'random' as never }) }, 'bad-message'],
    ['a missed.recent item without a channel', { v: 1, type: 'missed', id: 'x10', ts: 1, missed: { count: 1, offerIds: ['o'], since: 1, recent: [{ conversationId: 'c', scenario: 'chat', customer: {}, at: 1 }] } }, 'bad-message'],
    ['a missed.recent that is not a list', { v: 1, type: 'missed', id: 'x11', ts: 1, missed: { count: 1, offerIds: ['o'], since: 1, recent: 'c1' } }, 'bad-message'],
  ];

  for (const [what, frame, code] of BAD) {
    it(`drops ${what} with omni-error ${code} and leaves state intact`, async () => {
      const { host, transport } = await mountAlert();
      const before = host.center.state;
      const error = oneEvent(host, 'omni-error');
      expect(() => transport.raw(frame as string)).not.to.throw();
      const e = await error;
      expect(e.detail.code).to.equal(code);
      expect(e.detail.message).to.be.a('string').and.not.be.empty;
      expect(host.center.state).to.equal(before);
      await settle(host);
      expect(alertElements(host)).to.have.length(1);
    });
  }

  it('ignores a message whose id it has already seen', async () => {
    const { host, transport } = await mountHost();
    const frame = { v: 1, type: 'notice', id: 'dup-1', ts: 1, notice: makeNotice() };
    transport.raw(frame);
    transport.raw({ ...frame, notice: makeNotice() });
    await settle(host);
    expect(host.center.state.notices).to.have.length(1);
  });

  it('accepts autoAcceptSec, rejectReasons and missed.recent when well formed', async () => {
    const { host, transport } = await mountHost();
    const settings = settingsWith({ chat: { autoAcceptSec: 10 }, sms: { autoAcceptSec: null } }, { rejectReasons: ['Busy', 'Wrong skill'], rejectReasonDefault: 'first' });
    const recent = [{ conversationId: 'c1', scenario: 'chat' as const, channel: 'chat', customer: { name: 'Ann' }, at: 5 }];
    const errors: string[] = [];
    host.addEventListener('omni-error', (e) => errors.push(e.detail.code));
    transport.push({ type: 'settings', settings });
    transport.push({ type: 'missed', missed: { count: 1, offerIds: ['o1'], since: 5, recent } });
    await settle(host);
    expect(errors).to.deep.equal([]);
    expect(host.center.state.settings.rejectReasons).to.deep.equal(['Busy', 'Wrong skill']);
    expect(host.center.state.missed?.recent).to.deep.equal(recent);
  });

  it('accepts unknown extra fields (forward compatible)', async () => {
    const { host, transport } = await mountHost();
    transport.raw({ v: 1, type: 'offer', id: 'fx', ts: 1, future: true, offer: { ...makeOffer(), priority: 'high' } });
    await settle(host);
    expect(host.center.state.offers).to.have.length(1);
  });
});
