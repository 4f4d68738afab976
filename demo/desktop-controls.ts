/**
 * Demo settings for the agent who is not looking: the desktop-notification
 * permission control and the sound control (volume, mute, a test tone), plus
 * a line saying what this tab does among the agent's tabs. Built with the
 * DOM API (every text is textContent), from the host's public services, so a
 * CRM can copy it.
 *
 *   const stop = buildDesktopControls(panel, host);   // later: stop()
 *
 * Classes (`od-desktop`, `od-desktop__status`, …) are for demo/demo.css.
 */
import type { OmniNotificationHost } from '../src/components/notification-host/omni-notification-host.js';
import { desktopStatusText, type DesktopPermission } from '../src/services/desktop-notifier.js';
import { toneFor } from '../src/services/ringer.js';
import { tr } from './i18n.js';

let uid = 0;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text = ''): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  e.className = className;
  if (text) e.textContent = text;
  return e;
}

/** Builds both controls into `target`; returns a function that stops them following the host. */
export function buildDesktopControls(target: HTMLElement, host: OmniNotificationHost): () => void {
  const id = `od-desktop-${++uid}`;
  const off: Array<() => void> = [];

  // ---- desktop notifications --------------------------------------------------
  const desktop = el('fieldset', 'od-desktop');
  desktop.append(el('legend', 'od-desktop__legend', tr('Desktop notifications')));
  const status = el('p', 'od-desktop__status');
  status.id = `${id}-status`;
  status.setAttribute('role', 'status');
  const enable = el('button', 'od-desktop__enable', tr('Enable desktop notifications'));
  enable.type = 'button';
  enable.setAttribute('aria-describedby', status.id);
  const detail = el('p', 'od-desktop__detail');
  desktop.append(status, enable, detail);

  // Asked only here, from the agent's click: browsers ignore (or hold against the site) a request made on load.
  enable.addEventListener('click', () => void host.desktopNotifier?.requestPermission());

  const showPermission = (p: DesktopPermission) => {
    status.textContent = desktopStatusText(p);
    enable.hidden = p !== 'default';
    detail.textContent =
      p === 'granted'
        ? host.desktopNotifier?.actions
          ? tr('They carry Accept and Reject, and close themselves when the request is answered or its time is up.')
          : tr('They open the app when clicked; answer in the app (this browser shows no buttons on notifications, or the worker script is not served).')
        : p === 'denied'
          ? tr('Chrome and Edge: the icon before the address → Site settings → Notifications → Allow. Firefox: the icon before the address → clear “Blocked” for notifications. Safari: Settings → Websites → Notifications.')
          : '';
    detail.hidden = !detail.textContent;
  };

  // ---- sound ------------------------------------------------------------------
  const sound = el('fieldset', 'od-desktop od-desktop--sound');
  sound.append(el('legend', 'od-desktop__legend', tr('Sound')));
  const muteLabel = el('label', 'od-desktop__row');
  const mute = el('input', 'od-desktop__mute');
  mute.type = 'checkbox';
  muteLabel.append(mute, document.createTextNode(` ${tr('Mute incoming-request sounds')}`));
  const volumeLabel = el('label', 'od-desktop__row', `${tr('Volume')} `);
  const volume = el('input', 'od-desktop__volume');
  volume.type = 'range';
  volume.min = '0';
  volume.max = '100';
  volume.step = '5';
  volumeLabel.append(volume);
  const test = el('button', 'od-desktop__test', tr('Play a test tone'));
  test.type = 'button';
  const soundStatus = el('p', 'od-desktop__status');
  soundStatus.setAttribute('role', 'status');
  sound.append(muteLabel, volumeLabel, test, soundStatus);

  mute.addEventListener('change', () => host.ringer?.setMuted(mute.checked));
  volume.addEventListener('input', () => host.ringer?.setVolume(Number(volume.value) / 100));
  test.addEventListener('click', () => {
    // The click is a user gesture: it also lets this tab play sound from now on.
    const ringer = host.ringer;
    void ringer?.unlock().then(() => {
      if (ringer.state.ringing) return; // a real request is ringing: leave it
      ringer.ring('od-test-tone', toneFor('chat'), Date.now() + 2000, 1, false);
      setTimeout(() => {
        if (!host.center.state.offers.length) ringer.stop();
      }, 2000);
    });
  });
  const followRinger = (ringer: NonNullable<OmniNotificationHost['ringer']>) =>
    ringer.subscribe((s) => {
      mute.checked = s.muted;
      volume.value = String(Math.round(s.volume * 100));
      volume.setAttribute('aria-valuetext', tr('{0} percent', Math.round(s.volume * 100)));
      volume.disabled = s.muted;
      soundStatus.textContent = s.blocked
        ? tr('Sound is off in this tab until you click somewhere on the page (the browser’s rule).')
        : s.muted
          ? tr('Muted: requests arrive without a sound.')
          : '';
    });

  // ---- this tab among the agent's tabs -------------------------------------------
  const tabs = el('p', 'od-desktop__tabs');
  const followTabs = (coordinator: NonNullable<OmniNotificationHost['tabs']>) =>
    coordinator.subscribe((r) => {
      tabs.textContent =
        r.leader && r.ringer
          ? tr('This tab shows the desktop notifications and rings for all your tabs.')
          : r.leader
            ? tr('This tab shows the desktop notifications for all your tabs; another tab rings.')
            : r.ringer
              ? tr('This tab rings for all your tabs; another shows the desktop notifications.')
              : tr('Another of your tabs shows the desktop notifications and rings; every tab shows the alerts.');
    });

  // The host loads these services at idle after connect; the controls follow them from then on.
  let stopped = false;
  const follow = () => {
    if (stopped || !host.desktopNotifier || !host.ringer || !host.tabs) return;
    off.push(host.desktopNotifier.subscribe(showPermission), followRinger(host.ringer), followTabs(host.tabs));
  };
  if (host.desktopNotifier) follow();
  else void host.loadParts().then(follow);

  target.append(desktop, sound, tabs);
  return () => {
    stopped = true;
    for (const f of off) f();
    desktop.remove();
    sound.remove();
    tabs.remove();
  };
}
