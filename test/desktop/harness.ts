/**
 * Shared by the desktop tests and the extra tabs they open (tab.html): a
 * host on a ScriptedTransport (the test plays the server) and a snapshot of
 * what a tab shows.
 */
import '../../src/components/notification-host/omni-notification-host.js';
import type { OmniNotificationHost } from '../../src/components/notification-host/omni-notification-host.js';
import type { Offer } from '../../src/services/protocol/types.js';
import { ScriptedTransport, deepQuery, deepQueryAll, makeOffer, settle } from '../helpers.js';

/** The worker script as the test runner serves it. */
export const WORKER = '/src/sw/omni-notify-sw.js';

/**
 * An offer with an id unique across pages: notifications, locks and channels
 * are shared by every page of the origin, and other test files run at the same time.
 */
export function newOffer(patch: Partial<Offer> = {}): Offer {
  const o = makeOffer({ offerId: `o-${Math.random().toString(36).slice(2, 10)}`, ...patch });
  ours.add(o.offerId);
  return o;
}

/** Offer ids this page made (their notifications are this page's to clear). */
export const ours = new Set<string>();

export interface Mounted {
  host: OmniNotificationHost;
  transport: ScriptedTransport;
}

/** A host for `agent`, connected and greeted; attributes as given (worker defaults to the real script). */
export async function mount(agent: string, attrs: Record<string, string> = {}): Promise<Mounted> {
  const host = document.createElement('omni-notification-host');
  host.setAttribute('worker', WORKER);
  for (const [k, v] of Object.entries(attrs)) host.setAttribute(k, v);
  document.body.append(host);
  const transport = new ScriptedTransport();
  host.transport = transport;
  await settle(host);
  transport.hello({ agent: { id: agent, name: 'Alex' } });
  await host.loadParts();
  await settle(host);
  return { host, transport };
}

export interface Snapshot {
  alerts: string[];
  ringing: boolean;
  leader: boolean;
  ringer: boolean;
  title: string;
  hidden: boolean;
  soundChip: boolean;
  desktopChip: string;
  presence: string;
  missed: number;
  /** The first alert's countdown text. */
  countdown: string;
  /** Date.now() when the snapshot was taken. */
  at: number;
}

export function snapshot(host: OmniNotificationHost): Snapshot {
  return {
    alerts: deepQueryAll(host, 'omni-alert')
      .filter((a) => !a.hidden)
      .map((a) => a.dataset.offerId ?? ''),
    ringing: host.ringer!.state.ringing,
    leader: host.tabs!.roles.leader,
    ringer: host.tabs!.roles.ringer,
    title: document.title,
    hidden: document.visibilityState === 'hidden',
    soundChip: !!deepQuery(host, '[part="sound-chip"]'),
    desktopChip: deepQuery(host, '[part="desktop-chip"]')?.textContent?.trim() ?? '',
    presence: host.center.state.presence,
    missed: host.center.state.missed?.count ?? 0,
    countdown: deepQuery(host, '[part="countdown"]')?.textContent?.trim() ?? '',
    at: Date.now(),
  };
}

/**
 * Waits (polling short timers) until `check` is true; fails after `ms`, a
 * bound for a hang, not a speed goal (generous: a loaded machine is slow).
 */
export async function until(check: () => boolean | Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const end = performance.now() + ms;
  for (;;) {
    if (await check()) return;
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

