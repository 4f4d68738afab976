import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { until } from './harness.js';
import { closeTabs, env, probe, tabEval } from './tabs.js';

/**
 * The demo as a user opens it: its own page (index.html, as `npm start`
 * serves it), the worker at the URL the host uses by default
 * (/omni-notify-sw.js, not the other tests' /src/sw/ one), a desktop
 * notification with Accept and Reject while the window is minimized, and
 * Accept on the notification starting the session.
 */
const SCOPE = `${location.origin}/omni-notify-sw/`;

describe('the demo page’s desktop notifications', function () {
  this.timeout(60_000);

  before(() => probe());
  after(async () => {
    await closeTabs();
    await executeServerCommand('omni-tab-window', { state: 'normal' });
    const reg = await navigator.serviceWorker?.getRegistration(SCOPE);
    for (const n of (await reg?.getNotifications()) ?? []) n.close();
    await reg?.unregister();
  });

  it('finds the worker script at /omni-notify-sw.js: JavaScript, scoped to /omni-notify-sw/', async () => {
    const res = await fetch('/omni-notify-sw.js');
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/^text\/javascript/);
    expect(res.headers.get('service-worker-allowed')).to.equal('/omni-notify-sw/');
    expect(await res.text()).to.contain('omni-notify worker');
  });

  it('shows Accept and Reject on a desktop notification while the demo is minimized, and Accept there starts the session', async function () {
    if (!env.cdp) this.skip(); // windows, permissions and the worker's click are driven over CDP (Chromium)
    expect(await executeServerCommand('omni-permission', { setting: 'granted' })).to.equal(true);
    // A light page first, then the demo by navigation: the demo's first load on a busy machine can take
    // longer than a runner command may (omni-tab-open waits for the load event).
    const id = (await executeServerCommand('omni-tab-open', { path: '/test/desktop/cover.html', as: 'window' })) as string;
    const inDemo = <T>(js: string) => tabEval<T>(id, js);
    await inDemo(`(setTimeout(() => location.assign('/index.html')), true)`);
    const host = `document.querySelector('omni-notification-host')`;
    // While the page navigates, evaluating in it fails: that is "not yet".
    await until(() => inDemo<boolean>(`${host}?.center?.state.connection === 'open'`).catch(() => false), 'the demo to connect', 45_000);

    await executeServerCommand('omni-tab-window', { id, state: 'minimized' });
    await until(() => inDemo<boolean>(`document.visibilityState === 'hidden'`), 'the demo to be hidden', 10_000);
    await inDemo(`(() => {
      const set = (sel, value, type) => {
        const el = document.querySelector(sel);
        el.value = value;
        el.dispatchEvent(new Event(type, { bubbles: true }));
      };
      set('#od-sim-scenario', 'chat', 'change');
      set('#od-sim-name', 'Dana Whitfield', 'input');
      set('#od-sim-comment', 'My order has not arrived', 'input');
      document.querySelector('#od-sim form').requestSubmit();
      return true;
    })()`);

    let shown: Notification | undefined;
    await until(async () => {
      const reg = await navigator.serviceWorker.getRegistration(SCOPE);
      shown = (await reg?.getNotifications())?.find((n) => n.body.includes('Dana Whitfield'));
      return !!shown;
    }, 'the desktop notification', 20_000);
    const reg = (await navigator.serviceWorker.getRegistration(SCOPE))!;
    expect(new URL(reg.active!.scriptURL).pathname).to.equal('/omni-notify-sw.js');
    expect(shown!.title).to.equal('Incoming chat request');
    const actions = (shown as Notification & { actions: Array<{ action: string; title: string }> }).actions;
    expect(actions.map(({ action, title }) => ({ action, title }))).to.deep.equal([
      { action: 'accept', title: 'Accept' },
      { action: 'reject', title: 'Reject' },
    ]);

    reg.active!.postMessage({ omni: 'wake' }); // a stopped worker starts for a message (it ignores this one)
    expect(await executeServerCommand('omni-sw-click', { tag: shown!.tag, action: 'accept' })).to.equal(true);

    await until(() => inDemo<boolean>(`${host}.center.state.sessions.some((s) => s.customer.name === 'Dana Whitfield')`), 'the session', 10_000);
    await until(async () => (await reg.getNotifications({ tag: shown!.tag })).length === 0, 'the notification to close');
  });
});
