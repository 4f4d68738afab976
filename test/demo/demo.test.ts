import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import {
  $,
  $$,
  alertButton,
  alerts,
  byName,
  choose,
  connected,
  demo,
  logTypes,
  mount,
  openSettings,
  raise,
  root,
  text,
  type,
  unmount,
  waitUntil,
} from './harness.js';
import { animationsFinished } from '../helpers.js';

afterEach(() => {
  unmount();
  sinon.restore();
});

// ---- the dashboard ------------------------------------------------------------

describe('demo dashboard', () => {
  it('mounts the workspace with its landmarks, presence picker and an empty sessions area', async () => {
    await mount();
    await connected();
    expect($('header.od-appbar')).to.exist;
    expect($('nav[aria-label="Workspace"]')).to.exist;
    expect($('main')).to.exist;
    expect($('aside')).to.exist;
    expect(text($('.od-brand-name'))).to.equal('Omnichannel workspace');
    const presence = $<HTMLSelectElement>('#od-presence-select')!;
    expect(text(root.querySelector(`label[for="${presence.id}"]`))).to.equal('Presence');
    expect(presence.value).to.equal('available');
    const offered = [...presence.options].filter((o) => !o.hidden && !o.disabled);
    expect(offered.map((o) => text(o))).to.deep.equal(['Available', 'Busy', 'Busy - DND', 'Away', 'Offline']);
    await waitUntil(() => text($('.od-conn')) === 'Connected', 'connection indicator');
    expect(text($('.od-empty-title'))).to.equal('No open sessions');
    expect($('main omni-missed-banner')).to.exist;
    expect($('omni-notification-host')).to.equal(demo!.host);
  });

  it('offers every scenario in the simulator, with a quick button each', async () => {
    await mount();
    const options = [...$<HTMLSelectElement>('#od-sim-scenario')!.options].map((o) => text(o));
    expect(options).to.deep.equal([
      'Incoming chat', 'SMS', 'Facebook', 'WhatsApp', 'Voice', 'Assignment', 'Transfer', 'Escalation', 'Bot escalation',
    ]);
    for (const label of options) expect(byName($('#od-sim')!, `Raise ${label}`), label).to.exist;
  });

  it('shows an alert in the host when a chat is raised', async () => {
    await mount();
    await connected();
    raise('chat', 'Dana Scully', 'My order is late');
    await waitUntil(() => alerts().length === 1, 'no alert');
    await waitUntil(() => alertButton('Accept'), 'no Accept button');
    expect(text(alerts()[0].shadowRoot!.querySelector('h2'))).to.contain('Dana Scully');
  });

  it('opens a session tab with the customer summary and the comment in the transcript on Accept', async () => {
    await mount();
    await connected();
    raise('chat', 'Dana Scully', 'My order is late');
    await waitUntil(() => alertButton('Accept'), 'no Accept button');
    alertButton('Accept')!.click();

    await waitUntil(() => $$('[role="tab"]').length === 1, 'no session tab');
    const tab = $('[role="tab"]')!;
    expect(tab.getAttribute('aria-selected')).to.equal('true');
    expect(text(tab)).to.contain('Dana Scully');
    const panel = $(`#${tab.getAttribute('aria-controls')}`)!;
    expect(panel.getAttribute('role')).to.equal('tabpanel');
    expect(text(panel.querySelector('.od-summary'))).to.contain('Dana Scully');
    expect(text(panel.querySelector('.od-summary'))).to.contain('Chat');
    expect(text(panel.querySelector('.od-summary'))).to.contain('Wait time at acceptance');
    const first = panel.querySelector('.od-transcript .od-msg');
    expect(first?.getAttribute('data-from')).to.equal('customer');
    expect(text(first?.querySelector('.od-msg-text'))).to.equal('My order is late');
    await waitUntil(() => alerts().length === 0, 'the alert stays after Accept');
  });

  it('links an SMS to the contact whose mobile phone matches and shows the contact record', async () => {
    await mount();
    await connected();
    raise('sms', '', 'Can I move my appointment?', '+14255550101'); // Nancy Anderson: 425.555.0101
    await waitUntil(() => alertButton('Accept'), 'no Accept button');
    alertButton('Accept')!.click();
    await waitUntil(() => $('.od-contact'), 'no contact record');
    expect(text($('.od-contact'))).to.contain('Nancy Anderson');
    expect(text($('.od-contact'))).to.contain('Contoso Pharmaceuticals');
    expect(text($('[role="tab"]'))).to.contain('Nancy Anderson');
  });

  it('appends the agent’s message to the transcript as text', async () => {
    await mount();
    await connected();
    raise('chat', 'Dana Scully', 'Hello?');
    await waitUntil(() => alertButton('Accept'), 'no Accept button');
    alertButton('Accept')!.click();
    await waitUntil(() => $('textarea[name="message"]'), 'no composer');

    const box = $<HTMLTextAreaElement>('textarea[name="message"]')!;
    expect(text(root.querySelector(`label[for="${box.id}"]`))).to.equal('Message');
    type(box, '<b>On it</b>, checking now.');
    byName($('.od-compose')!, 'Send')!.click();

    const last = $$('.od-transcript .od-msg').at(-1)!;
    expect(last.dataset.from).to.equal('agent');
    expect(text(last.querySelector('.od-msg-text'))).to.equal('<b>On it</b>, checking now.');
    expect(last.querySelector('b')).to.equal(null);
    expect($<HTMLTextAreaElement>('textarea[name="message"]')!.value).to.equal('');
  });

  it('opens the session when a transfer toast is selected', async () => {
    await mount();
    await connected();
    raise('transfer', 'Fox Mulder', 'Needs billing');
    const toast = () => demo!.host.shadowRoot?.querySelector('omni-toast');
    await waitUntil(() => toast()?.shadowRoot?.querySelector('button'), 'no toast');
    const body = [...toast()!.shadowRoot!.querySelectorAll('button')].find((b) => text(b).startsWith('Conversation transferred'));
    expect(body, 'toast body button').to.exist;
    body!.click();
    await waitUntil(() => $$('[role="tab"]').length === 1, 'no session tab');
    expect(text($('.od-summary'))).to.contain('Fox Mulder');
    expect(text($('.od-summary'))).to.match(/From\s*(Priya Patel|Marcus Chen|Sofia Reyes|Jonas Berg)/);
    await waitUntil(() => demo!.center.state.sessions.length === 1, 'no session in the center');
    expect($$('[role="tab"]')).to.have.length(1);
  });

  it('moves between session tabs with the arrow keys and closes one with Close session, freeing capacity', async () => {
    await mount();
    await connected();
    for (const name of ['First', 'Second']) {
      demo!.engine.createConversation({ scenario: 'chat', channel: 'chat', customer: { name }, agentId: 'me' });
      await waitUntil(() => demo!.center.state.offers.length === 1, `no offer for ${name}`);
      await demo!.center.accept(demo!.center.state.offers[0].offerId);
    }
    await waitUntil(() => $$('[role="tab"]').length === 2, 'two tabs');
    const tabs = $$('[role="tab"]');
    expect(tabs[1].getAttribute('aria-selected')).to.equal('true');
    tabs[1].focus();
    tabs[1].dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    expect($$('[role="tab"]')[0].getAttribute('aria-selected')).to.equal('true');
    expect(document.activeElement).to.equal($$('[role="tab"]')[0]);
    expect(text($('.od-summary'))).to.contain('First');

    byName($('[role="tabpanel"]')!, 'Close session')!.click();
    expect(text($('[role="tab"]'))).to.contain('Second');
    expect($$('[role="tab"]')).to.have.length(1);
    const me = () => demo!.engine.getState().agents.find((a) => a.id === 'me')!;
    expect(me().sessions).to.equal(1);

    $('[role="tab"]')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Delete', bubbles: true }));
    expect($$('[role="tab"]')).to.have.length(0);
    expect(text($('.od-empty-title'))).to.equal('No open sessions');
    expect(me().sessions).to.equal(0);
  });

  it('a closed session tab stays closed when the center reports news (a new offer)', async () => {
    await mount();
    await connected();
    demo!.engine.createConversation({ scenario: 'chat', channel: 'chat', customer: { name: 'First' }, agentId: 'me' });
    await waitUntil(() => demo!.center.state.offers.length === 1, 'no offer');
    await demo!.center.accept(demo!.center.state.offers[0].offerId);
    await waitUntil(() => $$('[role="tab"]').length === 1, 'no tab');

    byName($('[role="tabpanel"]')!, 'Close session')!.click();
    expect($$('[role="tab"]')).to.have.length(0);
    demo!.engine.createConversation({ scenario: 'chat', channel: 'chat', customer: { name: 'Second' }, agentId: 'me' });
    await waitUntil(() => demo!.center.state.offers.length === 1, 'no second offer');
    await new Promise((r) => setTimeout(r, 0)); // the demo repaints center news in a microtask

    expect($$('[role="tab"]')).to.have.length(0);
  });

  it('switches the dashboard, the host and the banner to dark and back with the administrator’s theme', async () => {
    await mount();
    await connected();
    openSettings();
    const app = $('.od-app')!;
    choose($<HTMLSelectElement>('#od-set-theme')!, 'light');
    await waitUntil(() => demo!.host.getAttribute('data-effective-theme') === 'light', 'host not light');
    const light = getComputedStyle(app).backgroundColor;
    const lightText = getComputedStyle(app).color;

    choose($<HTMLSelectElement>('#od-set-theme')!, 'dark');
    expect(app.dataset.theme).to.equal('dark');
    expect(getComputedStyle(app).backgroundColor).to.not.equal(light);
    expect(getComputedStyle(app).color).to.not.equal(lightText);
    expect(getComputedStyle(app).colorScheme).to.equal('dark');
    // No theme attributes: the host and the banner outside it follow the pushed settings.
    await waitUntil(() => demo!.host.getAttribute('data-effective-theme') === 'dark', 'host not dark');
    await waitUntil(() => demo!.banner.getAttribute('data-effective-theme') === 'dark', 'banner not dark');
    expect(demo!.host.hasAttribute('theme')).to.equal(false);
    expect(demo!.banner.hasAttribute('theme')).to.equal(false);

    choose($<HTMLSelectElement>('#od-set-theme')!, 'light');
    expect(getComputedStyle(app).backgroundColor).to.equal(light);
  });

  it('applies one template’s settings, missed notifications and the workspace choices', async () => {
    await mount();
    openSettings();
    choose($<HTMLSelectElement>('#od-set-template')!, 'sms');
    choose($<HTMLInputElement>('#od-set-timeout')!, '30');
    $<HTMLInputElement>('#od-set-showtimeout')!.click();
    $<HTMLInputElement>('#od-set-reject')!.click();
    $<HTMLInputElement>('#od-set-missed')!.click();
    const s = demo!.engine.settings();
    expect(s.templates.sms).to.include({ timeoutSec: 30, showTimeout: false, allowReject: false });
    expect(s.templates.chat).to.include({ timeoutSec: 120, showTimeout: true, allowReject: true });
    expect(s.missedNotifications).to.equal(false);
    choose($<HTMLInputElement>('#od-set-timeout')!, '100000');
    expect(demo!.engine.settings().templates.sms.timeoutSec).to.equal(600);
    choose($<HTMLSelectElement>('#od-set-placement')!, 'bottom-start');
    expect(demo!.host.getAttribute('placement')).to.equal('bottom-start');
    $<HTMLInputElement>('#od-set-shortcuts')!.click();
    expect(demo!.host.getAttribute('shortcuts')).to.equal('off');
  });

  it('keeps the event log’s DOM bounded as it scrolls past its limit', async () => {
    await mount();
    await connected();
    const button = byName($('#od-sim')!, 'Send malformed message')!;
    const comments = () => {
      const walker = document.createTreeWalker($('.od-log-list')!, NodeFilter.SHOW_COMMENT);
      let n = 0;
      while (walker.nextNode()) n++;
      return n;
    };
    const logged = () => $$('.od-log-row').filter((r) => r.dataset.type === 'omni-error').length;
    const send = async (times: number) => {
      for (let i = 0; i < times; i++) {
        const before = logged();
        button.click();
        await waitUntil(() => logged() > before || $$('.od-log-row').length >= 50, 'the error in the log');
      }
    };
    await send(60); // past the 50-row limit
    const atLimit = comments();
    await send(60);
    expect($$('.od-log-row')).to.have.length(50);
    expect(comments(), 'comment markers after 60 more rows scrolled through').to.equal(atLimit);
  });

  it('logs a malformed frame as an omni-error, and keeps working', async () => {
    await mount();
    await connected();
    byName($('#od-sim')!, 'Send malformed message')!.click();
    await waitUntil(() => logTypes().includes('omni-error'), 'no omni-error in the log');
    const row = $$('.od-log-row').find((r) => r.dataset.type === 'omni-error')!;
    expect(row.dataset.tone).to.equal('error');
    expect(text(row)).to.match(/bad-json/);
    raise('chat', 'Still Works', 'hi');
    await waitUntil(() => alerts().length === 1, 'no alert after the malformed frame');
  });

  it('keeps the event log bounded', async () => {
    await mount();
    await connected();
    const button = byName($('#od-sim')!, 'Send malformed message')!;
    for (let i = 0; i < 60; i++) button.click();
    await waitUntil(() => $$('.od-log-row').filter((r) => r.dataset.type === 'omni-error').length >= 20, `errors: ${JSON.stringify(logTypes())}`);
    expect($$('.od-log-row').length).to.be.at.most(50);
  });

  it('does not move focus when an alert arrives or a session opens', async () => {
    await mount();
    await connected();
    const comment = $<HTMLTextAreaElement>('#od-sim-comment')!;
    comment.focus();
    demo!.engine.createConversation({ scenario: 'chat', channel: 'chat', customer: { name: 'Quiet' }, agentId: 'me' });
    await waitUntil(() => alertButton('Accept'), 'no alert');
    expect(document.activeElement).to.equal(comment);
    await demo!.center.accept(demo!.center.state.offers[0].offerId);
    await waitUntil(() => $$('[role="tab"]').length === 1, 'no session tab');
    expect(document.activeElement).to.equal(comment);
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`passes axe (including colour contrast) in the ${theme} theme with a session open`, async function () {
      this.timeout(30_000); // axe over the whole page is slow on a busy machine
      await mount({ settings: { theme } });
      await connected();
      raise('chat', 'Dana Scully', 'My order is late');
      await waitUntil(() => alertButton('Accept'), 'no Accept button');
      alertButton('Accept')!.click();
      await waitUntil(() => $$('[role="tab"]').length === 1, 'no session tab');
      await animationsFinished();
      await expect(root).to.be.accessible();
    });
  }
});

// ---- routing with simulated colleagues (fake time) ----------------------------

describe('demo routing', () => {
  let clock: sinon.SinonFakeTimers;

  beforeEach(() => {
    clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  });

  /** Lets the in-memory transport and Lit finish (microtasks and zero-delay timers). */
  async function settle(): Promise<void> {
    for (let i = 0; i < 20; i++) await clock.tickAsync(0);
  }

  function conversation(id: string) {
    return demo!.engine.getState().conversations.find((c) => c.id === id)!;
  }

  it('gives a rejected chat to a colleague, who accepts it within 4 s', async () => {
    await mount();
    await settle();
    const { conversationId } = demo!.engine.createConversation({ scenario: 'chat', channel: 'chat', customer: { name: 'Walter' }, agentId: 'me' });
    await settle();
    expect(alertButton('Reject')).to.exist;
    alertButton('Reject')!.click();
    await settle();
    const c = conversation(conversationId);
    expect(c.status).to.equal('offered');
    expect(c.agentId).to.not.equal('me');
    await clock.tickAsync(4000);
    await settle();
    expect(conversation(conversationId).status).to.equal('active');
    expect(text($('.od-convs'))).to.contain('Walter');
    expect(text($(`.od-agent[data-agent="${c.agentId}"] .od-load`))).to.match(/Load: 1 \/ \d sessions/);
  });

  it('shows the missed banner and Inactive after a timeout; the supervisor reset clears both', async () => {
    await mount({ settings: { templates: { chat: { timeoutSec: 10 } } } });
    await settle();
    demo!.engine.createConversation({ scenario: 'chat', channel: 'chat', customer: { name: 'Skinner' }, agentId: 'me' });
    await settle();
    expect(alerts()).to.have.length(1);

    // Synchronous: tickAsync yields a real timer after each fake one it fires (the countdowns'
    // ticks), and a loaded machine made those 10 s take 28 s of real time.
    clock.tick(9999);
    await settle();
    expect(alerts()).to.have.length(1);
    await clock.tickAsync(1);
    await settle();

    expect(alerts()).to.have.length(0);
    expect(demo!.banner.hidden).to.equal(false);
    const presence = $<HTMLSelectElement>('#od-presence-select')!;
    expect(presence.value).to.equal('inactive');
    expect(text(presence.selectedOptions[0])).to.equal('Inactive');
    expect(logTypes()).to.include.members(['omni-timeout', 'omni-missed']);

    byName($('#od-team')!, 'Supervisor: reset presence of Alex Agent')!.click();
    await settle();
    expect(demo!.center.state.presence).to.equal('available');
    expect($<HTMLSelectElement>('#od-presence-select')!.value).to.equal('available');
    expect(demo!.banner.hidden).to.equal(true);
  });

  it('changes presence from the picker', async () => {
    await mount();
    await settle();
    choose($<HTMLSelectElement>('#od-presence-select')!, 'away');
    await settle();
    expect(demo!.center.state.presence).to.equal('away');
    expect(demo!.engine.getState().agents.find((a) => a.id === 'me')!.presence).to.equal('away');
  });

  it('keeps the last 50 finished conversations in its in-page engine, and still shows the newest under Recent routing', async () => {
    await mount();
    await settle();
    for (let i = 0; i < 60; i++) {
      const { conversationId } = demo!.engine.createConversation({ channel: 'chat', customer: { name: `Customer ${i}` }, queue: 'Orders' });
      demo!.engine.cancelConversation(conversationId);
    }
    await settle();
    const kept = demo!.engine.getState().conversations.filter((c) => c.status === 'abandoned' || c.status === 'closed');
    expect(kept).to.have.length(50);
    expect(kept.at(-1)!.customer.name).to.equal('Customer 59');
    expect(text($('.od-convs'))).to.contain('Customer 59');
  });
});
