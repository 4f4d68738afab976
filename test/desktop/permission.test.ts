import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { Snapshot } from './harness.js';
import { until } from './harness.js';
import { CANNOT_GRANT, agentId, closeTabs, tabEval, tabSnapshot } from './tabs.js';

/**
 * Permission states are set per origin, and the other desktop test files run
 * at the same time on this page's origin with notifications allowed. So these
 * tests run in a page of another origin: the same server, reached as
 * 127.0.0.1 instead of localhost.
 */
const OTHER = location.origin.replace('localhost', '127.0.0.1');
const setPermission = (setting: 'granted' | 'denied' | 'prompt') => executeServerCommand('omni-permission', { setting, origin: OTHER });

async function otherOriginTab(): Promise<string> {
  const id = (await executeServerCommand('omni-tab-open', { path: `${OTHER}/test/desktop/tab.html`, as: 'window' })) as string;
  await tabEval(id, 'omniTab.stubAsk()');
  await tabEval(id, `omniTab.mount(${JSON.stringify(agentId())}, {})`);
  return id;
}
const pushOffer = (id: string) =>
  tabEval(id, `omniTab.push({ type: 'offer', offer: { offerId: 'p-' + Math.random().toString(36).slice(2), conversationId: 'c-' + Math.random(), scenario: 'chat', channel: 'chat', customer: { name: 'Dana' }, queuedAt: Date.now(), offeredAt: Date.now(), expiresAt: Date.now() + 60000, templateId: 'chat' } })`);
const permissionOf = (id: string) => tabEval<string>(id, 'omniTab.host().desktopNotifier.permission');

describe('desktop notification permission', function () {
  this.timeout(60_000);
  before(() => expect(OTHER).to.not.equal(location.origin));
  afterEach(closeTabs);

  it('is never asked on load or when an offer arrives; "Enable desktop notifications" asks from the click', async function () {
    await setPermission('prompt'); // WebKit cannot set it; a new origin's permission is "default" there anyway
    const tab = await otherOriginTab();
    await pushOffer(tab);
    expect(await tabEval(tab, 'omniTab.asked()')).to.deep.equal([]);
    expect(await permissionOf(tab)).to.equal('default');
    expect((await tabSnapshot(tab)).desktopChip).to.equal('Enable desktop notifications');

    const at = (await tabEval<{ x: number; y: number }>(tab, `omniTab.where('desktop-chip')`))!;
    await executeServerCommand('omni-tab-click', { id: tab, ...at });
    await until(async () => (await tabEval<unknown[]>(tab, 'omniTab.asked()')).length === 1, 'the question');
    expect(await tabEval(tab, 'omniTab.asked()')).to.deep.equal([{ active: true }]);

    // The agent answers Allow in the browser's prompt: the chip goes.
    if (!(await setPermission('granted'))) {
      console.log(`the rest of "${this.test!.fullTitle()}" not run: ${CANNOT_GRANT}`);
      return;
    }
    await until(async () => (await permissionOf(tab)) === 'granted', 'the new permission');
    await until(async () => (await tabSnapshot(tab)).desktopChip === '', 'the chip to go');
  });

  it('denied: nothing is asked or shown, and the host says how to allow it, once', async function () {
    if (!(await setPermission('denied'))) {
      console.log(`not run: "${this.test!.fullTitle()}": ${CANNOT_GRANT.replace('granted', 'denied')}`);
      this.skip();
    }
    const tab = await otherOriginTab();
    await pushOffer(tab);
    expect(await permissionOf(tab)).to.equal('denied');
    const s: Snapshot = await tabSnapshot(tab);
    expect(s.desktopChip).to.contain('blocked').and.contain('Allow');
    expect(await tabEval(tab, `omniTab.commands('displayed').filter((c) => c.surface === 'desktop').length`)).to.equal(0);
    // Said with the first alert only.
    await tabEval(tab, `omniTab.push({ type: 'offer.revoked', offerId: omniTab.snapshot().alerts[0], reason: 'rerouted' })`);
    await pushOffer(tab);
    expect((await tabSnapshot(tab)).desktopChip).to.equal('');
    expect(await tabEval(tab, 'omniTab.asked()')).to.deep.equal([]);
  });

  it('in a frame of another origin: unavailable, said so, and the in-page alert carries on', async () => {
    const frame = document.createElement('iframe');
    frame.src = `${OTHER}/test/desktop/tab.html`;
    document.body.append(frame);
    try {
      await new Promise((r) => frame.addEventListener('load', r, { once: true }));
      const evalIn = <T>(js: string) => executeServerCommand('omni-frame-eval', { url: OTHER, js }) as Promise<T>;
      await until(() => evalIn<boolean>('typeof omniTab === "object"'), 'the frame');
      await evalIn(`omniTab.mount(${JSON.stringify(agentId())}, {})`);
      await evalIn(
        `omniTab.push({ type: 'offer', offer: { offerId: 'f1', conversationId: 'c1', scenario: 'chat', channel: 'chat', customer: { name: 'Dana' }, queuedAt: Date.now(), offeredAt: Date.now(), expiresAt: Date.now() + 60000, templateId: 'chat' } })`,
      );
      expect(await evalIn('omniTab.host().desktopNotifier.permission')).to.equal('unavailable');
      const s = await evalIn<Snapshot>('omniTab.snapshot()');
      expect(s.desktopChip).to.contain('not available here');
      expect(s.alerts).to.deep.equal(['f1']);
    } finally {
      frame.remove();
    }
  });
});
