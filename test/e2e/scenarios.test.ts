/**
 * Every scenario end to end through the demo's wiring:
 * engine → MemoryTransport → center → elements → host events, with a fake clock.
 */
import { expect, fixture, html } from '@open-wc/testing';
import sinon from 'sinon';
import { createDemo, type Demo } from '../../demo/app.js';
import type { Scenario } from '../../src/services/protocol/types.js';
import { button, deepQuery, deepQueryAll } from '../helpers.js';

let demo: Demo;
let clock: sinon.SinonFakeTimers;
let events: Array<{ type: string; detail: Record<string, unknown> }>;

const EVENT_TYPES = ['omni-offer', 'omni-accept', 'omni-reject', 'omni-timeout', 'omni-session-start', 'omni-toast-open', 'omni-missed', 'omni-presence-change'];

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await clock.tickAsync(0);
}

async function mount(settings?: NonNullable<Parameters<typeof createDemo>[1]>['settings']): Promise<void> {
  clock = sinon.useFakeTimers({ now: 1_700_000_000_000, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'], shouldClearNativeTimers: true });
  const root = await fixture<HTMLElement>(html`<div></div>`);
  demo = createDemo(root, settings ? { settings } : {});
  events = [];
  for (const t of EVENT_TYPES) demo.host.addEventListener(t, (e) => events.push({ type: t, detail: (e as CustomEvent).detail }));
  await settle();
}

const visibleAlerts = () => deepQueryAll(demo.host, 'omni-alert').filter((a) => !a.hidden);
const visibleToasts = () => deepQueryAll(demo.host, 'omni-toast').filter((t) => !t.hidden);
const heading = () => deepQuery(visibleAlerts()[0], 'h2')?.textContent?.trim();
const conversation = (id: string) => demo.engine.getState().conversations.find((c) => c.id === id)!;
const agent = (id: string) => demo.engine.getState().agents.find((a) => a.id === id)!;
const of = (type: string) => events.filter((e) => e.type === type);

afterEach(() => {
  demo?.destroy();
  clock?.restore();
});

describe('scenarios end to end (demo wiring)', () => {
  const ALERTS: Array<[Scenario, string, string]> = [
    ['chat', 'chat', 'Incoming chat request'],
    ['sms', 'sms', 'Incoming SMS request'],
    ['social', 'facebook', 'Incoming Facebook request'],
    ['social', 'whatsapp', 'Incoming WhatsApp request'],
    ['voice', 'voice', 'Incoming call'],
  ];
  for (const [scenario, channel, title] of ALERTS) {
    it(`${channel}: alert → Accept → session with the customer summary`, async () => {
      await mount();
      const { conversationId } = demo.engine.createConversation({ scenario, channel, customer: { name: 'Rosa Diaz', phone: '+1 312 555 0177' }, comment: 'Hello there', agentId: 'me' });
      await settle();
      expect(visibleAlerts()).to.have.length(1);
      expect(deepQuery(visibleAlerts()[0], '.eyebrow')!.textContent).to.equal(title);
      expect(heading()).to.equal('Rosa Diaz');
      expect(of('omni-offer')).to.have.length(1);
      button(demo.host, 'Accept')!.click();
      await settle();
      expect(visibleAlerts()).to.have.length(0);
      expect(of('omni-accept')[0].detail.conversationId).to.equal(conversationId);
      const start = of('omni-session-start')[0].detail;
      expect(start).to.include({ conversationId, channel });
      expect((start.customer as { name: string }).name).to.equal('Rosa Diaz');
      expect(conversation(conversationId)).to.include({ status: 'active', agentId: 'me' });
      expect(document.querySelector('.od-summary')!.textContent).to.contain('Rosa Diaz');
    });
  }

  const TOASTS: Array<[Scenario, string]> = [
    ['assignment', 'Conversation assigned'],
    ['transfer', 'Conversation transferred'],
    ['escalation', 'Conversation escalated'],
    ['bot-escalation', 'Escalated from bot'],
  ];
  for (const [scenario, title] of TOASTS) {
    it(`${scenario}: toast → select it → session opens`, async () => {
      await mount();
      const { conversationId } = demo.engine.createConversation({ scenario, channel: 'chat', customer: { name: 'Gina Linetti' }, comment: 'Needs help', agentId: 'me', from: 'Priya Patel' });
      await settle();
      expect(visibleAlerts()).to.have.length(0);
      expect(visibleToasts()).to.have.length(1);
      button(demo.host, title, true)!.click();
      await settle();
      expect(of('omni-toast-open')[0].detail.conversationId).to.equal(conversationId);
      expect(of('omni-session-start')[0].detail.conversationId).to.equal(conversationId);
      expect(visibleToasts()).to.have.length(0);
    });
  }

  it('a toast left alone goes after its duration', async () => {
    await mount();
    demo.engine.createConversation({ scenario: 'transfer', channel: 'chat', customer: { name: 'Gina' }, agentId: 'me', from: 'Priya' });
    await settle();
    expect(visibleToasts()).to.have.length(1);
    await clock.tickAsync(7999);
    expect(visibleToasts()).to.have.length(1);
    await clock.tickAsync(1);
    await settle();
    expect(visibleToasts()).to.have.length(0);
  });

  it('Reject reroutes to a colleague and the agent is not offered it again', async () => {
    await mount();
    const { conversationId } = demo.engine.createConversation({ scenario: 'chat', channel: 'chat', customer: { name: 'Hitchcock' }, agentId: 'me' });
    await settle();
    button(demo.host, 'Reject')!.click();
    await settle();
    expect(visibleAlerts()).to.have.length(0);
    expect(of('omni-reject')).to.have.length(1);
    const c = conversation(conversationId);
    expect(c.status).to.equal('offered');
    expect(c.agentId).to.not.equal('me');
    expect(agent('me').presence).to.equal('available');
  });

  it('timeout: the alert goes exactly at the deadline, the offer is rerouted, presence becomes Inactive, the banner resets it', async () => {
    await mount({ templates: { chat: { timeoutSec: 30 } } });
    const { conversationId } = demo.engine.createConversation({ scenario: 'chat', channel: 'chat', customer: { name: 'Scully' }, agentId: 'me' });
    await settle();
    await clock.tickAsync(29_999);
    expect(visibleAlerts()).to.have.length(1);
    await clock.tickAsync(1);
    await settle();
    expect(visibleAlerts()).to.have.length(0);
    expect(of('omni-timeout')).to.have.length(1);
    expect(conversation(conversationId).agentId).to.not.equal('me');
    expect(demo.center.state.presence).to.equal('inactive');
    expect(demo.banner.hidden).to.equal(false);
    expect(deepQuery(demo.banner, '[role="alert"]')!.textContent).to.contain('You missed 1 notification');

    // no new work while Inactive
    const second = demo.engine.createConversation({ scenario: 'chat', channel: 'chat', customer: { name: 'Boyle' } });
    await settle();
    expect(conversation(second.conversationId).agentId).to.not.equal('me');

    button(demo.banner, 'Reset status')!.click();
    await settle();
    expect(demo.center.state.presence).to.equal('available');
    expect(demo.banner.hidden).to.equal(true);
    expect(of('omni-presence-change').map((e) => e.detail.presence)).to.include.members(['inactive', 'available']);
  });

  it('missed notifications off: a timeout reroutes but presence stays', async () => {
    await mount({ missedNotifications: false, templates: { chat: { timeoutSec: 10 } } });
    demo.engine.createConversation({ scenario: 'chat', channel: 'chat', customer: { name: 'Terry' }, agentId: 'me' });
    await settle();
    await clock.tickAsync(10_000);
    await settle();
    expect(visibleAlerts()).to.have.length(0);
    expect(of('omni-timeout')).to.have.length(1);
    expect(demo.center.state.presence).to.equal('available');
    expect(demo.banner.hidden).to.equal(true);
  });

  it('Show Timeout = No: no countdown, and the deadline still removes the alert', async () => {
    await mount({ templates: { chat: { timeoutSec: 20, showTimeout: false } } });
    demo.engine.createConversation({ scenario: 'chat', channel: 'chat', customer: { name: 'Amy' }, agentId: 'me' });
    await settle();
    expect(visibleAlerts()).to.have.length(1);
    expect(deepQuery(visibleAlerts()[0], '[part="countdown"]')).to.equal(null);
    await clock.tickAsync(20_000);
    await settle();
    expect(visibleAlerts()).to.have.length(0);
  });

  it('SMS from a known mobile number in another format shows the contact; an unknown one shows the number', async () => {
    await mount();
    demo.engine.createConversation({ scenario: 'sms', channel: 'sms', customer: { phone: '(425) 555-0101' }, comment: 'Hi', agentId: 'me' });
    await settle();
    expect(heading()).to.equal('Nancy Anderson');
    button(demo.host, 'Accept')!.click();
    await settle();
    expect(of('omni-session-start')[0].detail.contactId).to.be.a('string');

    demo.engine.createConversation({ scenario: 'sms', channel: 'sms', customer: { phone: '+1 555 010 9999' }, comment: 'Who is this?', agentId: 'me' });
    await settle();
    expect(heading()).to.equal('+1 555 010 9999');
  });

  it('the supervisor reset brings the agent back from Inactive', async () => {
    await mount({ templates: { chat: { timeoutSec: 5 } } });
    demo.engine.createConversation({ scenario: 'chat', channel: 'chat', customer: { name: 'Holt' }, agentId: 'me' });
    await settle();
    await clock.tickAsync(5000);
    await settle();
    expect(demo.center.state.presence).to.equal('inactive');
    demo.engine.resetPresence('me');
    await settle();
    expect(demo.center.state.presence).to.equal('available');
    expect(demo.banner.hidden).to.equal(true);
  });
});
