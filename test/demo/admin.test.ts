/**
 * The demo as an administrator and a multilingual agent meet it (issue 13):
 * the administrator's page changes the next notification, survives a reload,
 * shrugs off bad stored data; the language picker switches the widget and the
 * dashboard (right to left in Arabic); the team panel's missed counts and the
 * supervisor's reset.
 */
import { expect } from '@open-wc/testing';
import { animationsFinished } from '../helpers.js';
import { PREFS_KEY } from '../../demo/prefs.js';
import { COLLEAGUES } from '../../demo/data.js';
import { $, $$, alertButton, alerts, byName, choose, connected, demo, enter, mount, openSettings, raise, root, text, unmount, waitUntil } from './harness.js';

/** A Storage stand-in the test can read and pre-fill. */
class MemoryStorage {
  data = new Map<string, string>();
  getItem(k: string): string | null {
    return this.data.get(k) ?? null;
  }
  setItem(k: string, v: string): void {
    this.data.set(k, v);
  }
}

const alertRoot = () => alerts()[0]?.shadowRoot ?? null;
const logText = () => $$('.od-log-row').map((r) => text(r));

afterEach(() => unmount());

describe('demo: the administrator’s page', () => {
  it('is reached from the navigation; every control has a label', async () => {
    await mount();
    openSettings();
    expect($('#od-settings')).to.exist;
    expect(document.activeElement).to.equal($('#od-settings-title'));
    expect($('nav a[href="#od-settings"]')!.getAttribute('aria-current')).to.equal('page');
    const controls = $$<HTMLInputElement | HTMLSelectElement>('#od-settings input, #od-settings select');
    expect(controls.length).to.be.greaterThan(20);
    for (const c of controls) expect(text(root.querySelector(`label[for="${c.id}"]`)), c.id).to.not.equal('');
    const templates = [...$<HTMLSelectElement>('#od-set-template')!.options].map((o) => o.value);
    expect(templates).to.deep.equal(['chat', 'sms', 'social', 'voice', 'assignment', 'transfer', 'escalation', 'bot-escalation']);
  });

  it('edits a template’s title and fields; the next alert shows them', async () => {
    await mount();
    await connected();
    openSettings();
    choose($<HTMLSelectElement>('#od-set-template')!, 'chat');
    enter($<HTMLInputElement>('#od-set-title')!, 'Chat from {customerName} ({queue})');
    enter($<HTMLInputElement>('#od-set-field-1')!, '{queue}');
    enter($<HTMLInputElement>('#od-set-field-2')!, '{comment}');
    enter($<HTMLInputElement>('#od-set-field-3')!, '');
    expect(demo!.engine.settings().templates.chat).to.deep.include({ title: 'Chat from {customerName} ({queue})', fields: ['{queue}', '{comment}'] });
    // The preview shows it at once.
    const preview = $('.od-preview-pane[data-theme="light"] omni-alert')!;
    await waitUntil(() => text(preview.shadowRoot?.querySelector('.eyebrow')) === 'Chat from Maria Garcia (Billing)', 'preview title');

    $<HTMLAnchorElement>('nav a[href="#od-sim"]')!.click();
    raise('chat', 'Dana Scully', 'My order is late');
    await waitUntil(() => alertButton('Accept'), 'no alert').catch(() => {
      throw new Error(`no alert; log: ${logText().join(' | ')}; state ${JSON.stringify(demo!.engine.getState().conversations)}`);
    });
    const a = alertRoot()!;
    expect(text(a.querySelector('.eyebrow'))).to.match(/^Chat from Dana Scully \(.+\)$/);
    expect([...a.querySelectorAll('dt')].map((d) => text(d))).to.deep.equal(['Queue', 'Comment']);
    expect(text(a.querySelector('dl'))).to.contain('My order is late');
  });

  it('shows a live preview of the alert or toast in light and dark', async () => {
    await mount();
    openSettings();
    const panes = () => $$('.od-preview-pane');
    expect(panes().map((p) => p.dataset.theme)).to.deep.equal(['light', 'dark']);
    expect(panes()[0].querySelector('omni-alert')!.getAttribute('theme')).to.equal('light');
    expect(panes()[1].querySelector('omni-alert')!.getAttribute('theme')).to.equal('dark');
    choose($<HTMLSelectElement>('#od-set-template')!, 'transfer');
    expect(panes()[0].querySelector('omni-toast')).to.exist;
    choose($<HTMLSelectElement>('#od-set-kind')!, 'alert');
    expect(demo!.engine.settings().templates.transfer.kind).to.equal('alert');
    expect(panes()[1].querySelector('omni-alert')).to.exist;
  });

  it('auto-accept seconds reach the next alert, which counts down', async () => {
    await mount();
    await connected();
    openSettings();
    enter($<HTMLInputElement>('#od-set-autoaccept')!, '30');
    expect(demo!.engine.settings().templates.chat.autoAcceptSec).to.equal(30);
    demo!.engine.createConversation({ scenario: 'chat', channel: 'chat', customer: { name: 'Auto' }, agentId: 'me' });
    await waitUntil(() => alertRoot()?.querySelector('[part="auto-accept"]'), 'no countdown');
    expect(text(alertRoot()!.querySelector('[part="auto-accept"] [aria-hidden="true"]'))).to.match(/^Accepting in (30|29) s$/);
    enter($<HTMLInputElement>('#od-set-autoaccept')!, '');
    expect(demo!.engine.settings().templates.chat.autoAcceptSec ?? null).to.equal(null);
  });

  it('decline reasons: add, reorder, remove; the next alert asks for one', async () => {
    await mount();
    await connected();
    openSettings();
    const add = (r: string) => {
      $<HTMLInputElement>('#od-set-reason-new')!.value = r;
      $<HTMLFormElement>('.od-reason-add')!.requestSubmit();
    };
    add('Wrong queue');
    add('Busy with another customer');
    add('Not my language');
    expect(demo!.engine.settings().rejectReasons).to.deep.equal(['Wrong queue', 'Busy with another customer', 'Not my language']);
    byName($('#od-settings')!, 'Move “Busy with another customer” up')!.click();
    byName($('#od-settings')!, 'Remove “Not my language”')!.click();
    expect(demo!.engine.settings().rejectReasons).to.deep.equal(['Busy with another customer', 'Wrong queue']);
    choose($<HTMLSelectElement>('#od-set-reason-default')!, 'first');
    expect(demo!.engine.settings().rejectReasonDefault).to.equal('first');

    demo!.engine.createConversation({ scenario: 'chat', channel: 'chat', customer: { name: 'Reasons' }, agentId: 'me' });
    await waitUntil(() => alertButton('Reject'), 'no alert');
    alertButton('Reject')!.click();
    await waitUntil(() => alertRoot()!.querySelector('[role="menu"]'), 'no reason menu');
    const items = [...alertRoot()!.querySelectorAll('[role="menuitem"]')].map((b) => text(b));
    expect(items).to.deep.equal(['Busy with another customer', 'Wrong queue']);
  });

  it('offers the eight-minute display window of Dynamics 365', async () => {
    await mount();
    openSettings();
    const window = $<HTMLSelectElement>('#od-set-window')!;
    const eight = [...window.options].find((o) => text(o) === 'Eight minutes (Dynamics 365)')!;
    choose(window, eight.value);
    expect(demo!.engine.settings().displayWindowMs).to.equal(480_000);
    expect(text($('#od-set-window-hint'))).to.contain('eight minutes');
  });

  it('keeps settings across a reload', async () => {
    const storage = new MemoryStorage();
    await mount({ storage });
    openSettings();
    enter($<HTMLInputElement>('#od-set-timeout')!, '45');
    choose($<HTMLSelectElement>('#od-set-placement')!, 'bottom-start');
    choose($<HTMLSelectElement>('#od-lang-select')!, 'de');
    unmount();
    await mount({ storage });
    expect(demo!.engine.settings().templates.chat.timeoutSec).to.equal(45);
    expect(demo!.host.getAttribute('placement')).to.equal('bottom-start');
    expect(demo!.host.locale).to.equal('de');
  });

  it('ignores stored data that is not what it wrote, with a log line, and starts', async () => {
    const storage = new MemoryStorage();
    storage.setItem(PREFS_KEY, '{not json');
    await mount({ storage });
    await connected();
    await waitUntil(() => logText().some((l) => l.includes('not JSON')), 'no log line');
    unmount();
    storage.setItem(PREFS_KEY, JSON.stringify({ settings: { theme: 'purple' }, placement: 'middle', lang: 'de' }));
    await mount({ storage });
    await connected();
    await waitUntil(() => logText().some((l) => l.includes('ignored stored settings')), 'no settings log line');
    expect(logText().some((l) => l.includes('placement'))).to.equal(true);
    expect(demo!.engine.settings().theme).to.equal('system');
    expect(demo!.host.getAttribute('placement')).to.equal('top-end');
    expect(demo!.host.locale).to.equal('de');
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`passes axe in the ${theme} theme`, async function () {
      this.timeout(30_000); // axe over the whole page is slow on a busy machine
      await mount({ settings: { theme, rejectReasons: ['Wrong queue'] } });
      await connected();
      openSettings();
      await animationsFinished();
      await expect(root).to.be.accessible();
    });
  }
});

describe('demo: languages', () => {
  it('switches the widget and the dashboard; Arabic turns the page right to left', async () => {
    await mount();
    await connected();
    choose($<HTMLSelectElement>('#od-lang-select')!, 'ar');
    expect(document.documentElement.dir).to.equal('rtl');
    expect(document.documentElement.lang).to.equal('ar');
    expect(demo!.host.locale).to.equal('ar');
    expect(text($('.od-brand-name'))).to.not.equal('Omnichannel workspace');
    expect(getComputedStyle($('.od-app')!).direction).to.equal('rtl');
    demo!.engine.createConversation({ scenario: 'chat', channel: 'chat', customer: { name: 'Layla' }, agentId: 'me' });
    await waitUntil(() => alertButton('قبول'), 'no Arabic Accept', { timeout: 5000 });
    choose($<HTMLSelectElement>('#od-lang-select')!, 'en');
    expect(document.documentElement.dir).to.equal('ltr');
    await waitUntil(() => alertButton('Accept'), 'no English Accept', { timeout: 5000 });
  });

  it('takes ?lang= from the address', async () => {
    await mount({ location: { search: '?lang=de', origin: '' } });
    expect(demo!.host.locale).to.equal('de');
    expect(text($('label[for="od-presence-select"]'))).to.equal('Anwesenheit');
    expect(document.documentElement.lang).to.equal('de');
  });

  it('puts the page’s lang and dir back when it goes', async () => {
    const { lang, dir } = document.documentElement;
    await mount({ location: { search: '?lang=ar', origin: '' } });
    unmount();
    expect(document.documentElement.lang).to.equal(lang);
    expect(document.documentElement.dir).to.equal(dir);
  });
});

describe('demo: team and simulator', () => {
  it('counts each agent’s missed requests; the supervisor’s reset returns to the last presence the system set', async () => {
    await mount({ settings: { templates: { chat: { timeoutSec: 1 } } } });
    await connected();
    choose($<HTMLSelectElement>('#od-presence-select')!, 'busy');
    await waitUntil(() => demo!.center.state.presence === 'busy', 'not busy');
    demo!.engine.createConversation({ scenario: 'chat', channel: 'chat', customer: { name: 'Missed' }, agentId: 'me' });
    await waitUntil(() => demo!.center.state.presence === 'inactive', 'not inactive', { timeout: 5000 });
    const me = () => $('.od-agent[data-agent="me"]')!;
    await waitUntil(() => text(me().querySelector('.od-missed-count')) === '1 missed', 'no missed count');
    byName($('#od-team')!, 'Supervisor: reset presence of Alex Agent')!.click();
    await waitUntil(() => demo!.center.state.presence === 'busy', `reset went to ${demo!.center.state.presence}`);
    expect(logText().some((l) => /Supervisor reset Alex Agent’s presence to Busy/.test(l))).to.equal(true);
  });

  it('a bot’s escalation names no colleague', async () => {
    await mount();
    await connected();
    byName($('#od-sim')!, 'Raise Bot escalation')!.click();
    await waitUntil(() => demo!.center.state.notices.length === 1, 'no toast');
    expect(demo!.center.state.notices[0].from).to.equal(undefined);
    const toast = demo!.host.shadowRoot!.querySelector('omni-toast')!;
    await waitUntil(() => toast.shadowRoot?.textContent, 'toast not rendered');
    for (const c of COLLEAGUES) expect(toast.shadowRoot!.textContent).to.not.contain(c.name);
  });
});
