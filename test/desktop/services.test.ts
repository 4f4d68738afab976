import { expect } from '@open-wc/testing';
import { actionsFor, desktopStatusText, workerScope, type DesktopContent } from '../../src/services/desktop-notifier.js';
import { TabCoordinator, parseTabMessage } from '../../src/services/tab-coordinator.js';
import { TitleFlasher } from '../../src/services/attention/title-flasher.js';
import { Scheduler } from '../../src/services/scheduler.js';
import { WorkerTimer } from '../../src/services/attention/worker-timer.js';
import { until } from './harness.js';

describe('parseTabMessage', () => {
  const base = { omni: 'tab', v: 1, from: 'tab-1' };
  it('accepts each kind of message, well formed', () => {
    expect(parseTabMessage({ ...base, t: 'revoke', offerId: 'o1', conversationId: 'c1', expiresAt: 5, reason: 'timeout' })).to.deep.equal({
      t: 'revoke',
      from: 'tab-1',
      offerId: 'o1',
      conversationId: 'c1',
      expiresAt: 5,
      reason: 'timeout',
    });
    expect(parseTabMessage({ ...base, t: 'presence', presence: 'busy', lastSystemPresence: 'available' })).to.include({ presence: 'busy' });
    expect(parseTabMessage({ ...base, t: 'missed', missed: null })).to.deep.equal({ t: 'missed', from: 'tab-1', missed: null });
    expect(parseTabMessage({ ...base, t: 'missed', missed: { count: 1, offerIds: ['a'], since: 3 } })).to.not.equal(null);
    expect(parseTabMessage({ ...base, t: 'shown', offerId: 'o1' })).to.deep.equal({ t: 'shown', from: 'tab-1', offerId: 'o1' });
    expect(parseTabMessage({ ...base, t: 'roles' })).to.deep.equal({ t: 'roles', from: 'tab-1' });
  });

  it('drops anything else, as the protocol validator would', () => {
    const bad: unknown[] = [
      undefined,
      'revoke',
      [],
      { ...base, t: 'roles', omni: 'other' },
      { ...base, t: 'roles', v: '1' },
      { ...base, t: 'roles', from: 'x'.repeat(65) },
      { ...base, t: 'revoke', offerId: 'o1', conversationId: 'c1', expiresAt: 5, reason: 'cancelled' }, // not one a tab relays
      { ...base, t: 'revoke', offerId: '', conversationId: 'c1', expiresAt: 5, reason: 'timeout' },
      { ...base, t: 'revoke', offerId: 'o1', conversationId: 'c1', expiresAt: '5', reason: 'timeout' },
      { ...base, t: 'presence', presence: 'asleep', lastSystemPresence: 'available' },
      { ...base, t: 'presence', presence: 'busy' },
      { ...base, t: 'missed', missed: { count: 1 } },
      { ...base, t: 'missed', missed: { count: 1, offerIds: 'a', since: 3 } },
      { ...base, t: 'shown', offerId: 7 },
      { ...base, t: 'hello' },
    ];
    for (const m of bad) expect(parseTabMessage(m), JSON.stringify(m)).to.equal(null);
  });
});

describe('desktop notification buttons (actionsFor)', () => {
  const content = (patch: Partial<DesktopContent> = {}): DesktopContent => ({
    tag: 't', title: 'T', body: '', accept: 'Accept', reject: 'Reject', expiresAt: 0, timestamp: 0, silent: true, ...patch,
  });

  it('has Accept and Reject, or Accept alone where Reject is not allowed', () => {
    expect(actionsFor(content(), 2).map((a) => a.action)).to.deep.equal(['accept', 'reject']);
    expect(actionsFor(content({ reject: '' }), 2).map((a) => a.action)).to.deep.equal(['accept']);
  });

  it('has one Reject per decline reason when all fit beside Accept, else the one Reject', () => {
    expect(actionsFor(content({ rejectReasons: ['Wrong skill'] }), 2)).to.deep.equal([
      { action: 'accept', title: 'Accept' },
      { action: 'reject:0', title: 'Reject: Wrong skill' },
    ]);
    expect(actionsFor(content({ rejectReasons: ['A', 'B'] }), 3).map((a) => a.action)).to.deep.equal(['accept', 'reject:0', 'reject:1']);
    expect(actionsFor(content({ rejectReasons: ['A', 'B'] }), 2).map((a) => a.action)).to.deep.equal(['accept', 'reject']);
  });
});

describe('TabCoordinator', () => {
  it('gives each role to one tab of a group, and the next one when it leaves', async () => {
    const key = `unit-${Math.random().toString(36).slice(2)}`;
    const a = new TabCoordinator();
    const b = new TabCoordinator();
    a.join(key);
    b.join(key);
    a.candidate('leader', true);
    await until(() => a.roles.leader, 'a to lead');
    b.candidate('leader', true);
    expect(await b.ringerExists()).to.equal(false);
    a.candidate('ringer', true);
    await until(() => a.roles.ringer, 'a to ring');
    expect(await b.ringerExists()).to.equal(true);
    expect(b.roles.leader).to.equal(false);
    a.leave();
    await until(() => b.roles.leader, 'b to take over');
    b.leave();
  });

  it('answers "is the agent looking at one of the tabs?" from the shared lock', async () => {
    const key = `unit-${Math.random().toString(36).slice(2)}`;
    const a = new TabCoordinator();
    const b = new TabCoordinator();
    a.join(key);
    b.join(key);
    expect(await b.anyLooking(false)).to.equal(false);
    a.looking(true);
    await until(() => b.anyLooking(false), 'the lock');
    a.looking(false);
    await until(async () => !(await b.anyLooking(false)), 'its release');
    expect(await b.anyLooking(true)).to.equal(true);
    a.leave();
    b.leave();
  });

  it('runs a once() task in one tab only', async () => {
    const key = `unit-${Math.random().toString(36).slice(2)}`;
    const a = new TabCoordinator();
    const b = new TabCoordinator();
    a.join(key);
    b.join(key);
    let release = () => {};
    const ran: string[] = [];
    const first = a.once('o1', () => new Promise<void>((r) => ((release = r), ran.push('a'))));
    await until(() => ran.length === 1, 'a to start');
    expect(await b.once('o1', async () => void ran.push('b'))).to.equal(false);
    release();
    expect(await first).to.equal(true);
    expect(ran).to.deep.equal(['a']);
    a.leave();
    b.leave();
  });
});

describe('Scheduler with the worker timer', () => {
  it('fires once, on time, and can be cancelled', async () => {
    const wake = new Scheduler();
    wake.usePrecise(new WorkerTimer('/src/sw/omni-notify-sw.js'));
    const t0 = performance.now();
    let fired = 0;
    let at = 0;
    wake.after(50, () => {
      fired++;
      at = performance.now() - t0;
    });
    const cancel = wake.after(20, () => (fired += 100));
    cancel();
    await until(() => fired > 0, 'the wake-up');
    await new Promise((r) => setTimeout(r, 100)); // both timers (worker and page) had their chance
    expect(fired).to.equal(1);
    expect(at).to.be.within(45, 500);
    wake.usePrecise(null);
  });
});

describe('TitleFlasher', () => {
  const original = document.title;
  afterEach(() => (document.title = original));

  it('alternates the text with the page title, and restores the page title', () => {
    document.title = 'CRM';
    const ticks: Array<() => void> = [];
    const wake = { after: (_ms: number, fn: () => void) => (ticks.push(fn), () => {}) } as unknown as Scheduler;
    const f = new TitleFlasher(wake);
    f.set('(1) Incoming chat request');
    expect(document.title).to.equal('(1) Incoming chat request');
    ticks.shift()!();
    expect(document.title).to.equal('CRM');
    document.title = 'CRM – Case 42';
    ticks.shift()!();
    expect(document.title).to.equal('(1) Incoming chat request');
    f.set('(2) Incoming chat request');
    expect(document.title).to.equal('(2) Incoming chat request');
    f.set(null);
    expect(document.title).to.equal('CRM – Case 42');
  });
});

describe('desktop notifier helpers', () => {
  it('puts the worker under its own scope, beside the script', () => {
    expect(workerScope('/omni-notify-sw.js')).to.equal(`${location.origin}/omni-notify-sw/`);
    expect(workerScope('/static/omni-notify-sw.js')).to.equal(`${location.origin}/static/omni-notify-sw/`);
  });

  it('says what each permission state means', () => {
    expect(desktopStatusText('granted')).to.contain('on');
    expect(desktopStatusText('denied')).to.contain('site settings').and.contain('Allow');
    expect(desktopStatusText('unavailable')).to.contain('not available');
    expect(desktopStatusText('unsupported')).to.contain('no desktop notifications');
  });
});
