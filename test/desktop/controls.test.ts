import { expect } from '@open-wc/testing';
import { buildDesktopControls } from '../../demo/desktop-controls.js';
import { desktopStatusText } from '../../src/services/desktop-notifier.js';
import { mount, until } from './harness.js';
import { agentId } from './tabs.js';

describe('demo desktop controls', () => {
  afterEach(() => document.querySelectorAll('omni-notification-host, .od-test-panel').forEach((e) => e.remove()));

  it('show the permission state, and set volume and mute for the agent', async () => {
    const { host } = await mount(agentId());
    const panel = document.createElement('div');
    panel.className = 'od-test-panel';
    document.body.append(panel);
    const stop = buildDesktopControls(panel, host);

    const p = host.desktopNotifier!.permission;
    expect(panel.querySelector('.od-desktop__status')!.textContent).to.equal(desktopStatusText(p));
    expect(panel.querySelector<HTMLButtonElement>('.od-desktop__enable')!.hidden).to.equal(p !== 'default');

    const volume = panel.querySelector<HTMLInputElement>('.od-desktop__volume')!;
    volume.value = '35';
    volume.dispatchEvent(new Event('input'));
    expect(host.ringer!.state.volume).to.equal(0.35);
    const mute = panel.querySelector<HTMLInputElement>('.od-desktop__mute')!;
    mute.click();
    expect(host.ringer!.state.muted).to.equal(true);
    expect(volume.disabled).to.equal(true);

    await until(() => host.tabs!.roles.leader, 'leadership');
    expect(panel.querySelector('.od-desktop__tabs')!.textContent).to.contain('This tab shows the desktop notifications');

    stop();
    expect(panel.children).to.have.length(0);
    host.ringer!.setMuted(false);
    expect(mute.checked).to.equal(true); // no longer following the host
  });
});
