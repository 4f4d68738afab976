/**
 * Tab coordination for one agent's tabs (same origin): who rings, who shows
 * desktop notifications, and what the other tabs should know at once.
 *
 * - Roles are Web Locks, so the browser itself guarantees one holder and
 *   hands the lock to the next waiting tab the moment the holder closes,
 *   navigates or crashes (measured: ~150 ms after a renderer crash):
 *   `leader` (desktop notifications; requested while the tab's connection is
 *   open) and `ringer` (requested once the tab can play audio, so a tab whose
 *   audio is blocked never silences the others).
 * - "Is the agent looking at one of the tabs?" is a shared lock held by each
 *   visible, focused tab: `navigator.locks.query()` answers it, and a crashed
 *   tab cannot leave a stale "yes" behind.
 * - Facts travel on a BroadcastChannel. A message from another tab is input
 *   like a network frame: a tab of another version, or any script of the
 *   origin, may post anything; `parseTabMessage` validates each one (the
 *   embedded frames with the protocol validator) and drops the rest.
 *
 * Without Web Locks (insecure context, old browser) every tab acts alone,
 * as before: it leads and rings itself. No DOM; BroadcastChannel and
 * navigator.locks are looked up when a group is joined.
 */
import mitt from 'mitt';
import { subscribeWithReplay } from './util.js';
import { validateServerMessage } from './protocol/validate.js';
import type { Missed, Presence } from './protocol/types.js';

export interface TabRoles {
  /** This tab shows the desktop notifications. */
  leader: boolean;
  /** This tab rings. */
  ringer: boolean;
}

/** What one tab tells the others. */
export type TabMessage =
  | { t: 'revoke'; offerId: string; conversationId: string; expiresAt: number; reason: 'accepted-elsewhere' | 'rejected' | 'timeout' }
  | { t: 'presence'; presence: Presence; lastSystemPresence: Presence }
  | { t: 'missed'; missed: Missed | null }
  | { t: 'shown'; offerId: string }
  | { t: 'roles' };

type LockManager = {
  request(name: string, options: { mode?: 'shared' | 'exclusive'; signal?: AbortSignal; ifAvailable?: boolean }, cb: (lock: unknown) => unknown): Promise<unknown>;
  query(): Promise<{ held?: Array<{ name?: string }> }>;
};

function locks(): LockManager | undefined {
  return (globalThis.navigator as { locks?: LockManager } | undefined)?.locks;
}

const REVOKE_REASONS = ['accepted-elsewhere', 'rejected', 'timeout'];
const isStr = (v: unknown, max = 200): v is string => typeof v === 'string' && v.length > 0 && v.length <= max;

/**
 * Validates a BroadcastChannel message from another tab: `{omni: 'tab', v: 1,
 * from, t, ...}`. Frames inside are checked by the protocol validator as if
 * they came from the server. Returns null for anything else.
 */
export function parseTabMessage(data: unknown): (TabMessage & { from: string }) | null {
  if (typeof data !== 'object' || data === null) return null;
  const m = data as Record<string, unknown>;
  if (m.omni !== 'tab' || m.v !== 1 || !isStr(m.from, 64)) return null;
  const from = m.from;
  const frame = (body: Record<string, unknown>) => validateServerMessage({ v: 1, id: 'tab', ts: 0, ...body }).ok;
  switch (m.t) {
    case 'revoke':
      return isStr(m.conversationId) &&
        typeof m.expiresAt === 'number' &&
        REVOKE_REASONS.includes(m.reason as string) &&
        frame({ type: 'offer.revoked', offerId: m.offerId, reason: m.reason })
        ? { t: 'revoke', from, offerId: m.offerId as string, conversationId: m.conversationId, expiresAt: m.expiresAt, reason: m.reason as 'timeout' }
        : null;
    case 'presence':
      return frame({ type: 'presence', presence: m.presence, lastSystemPresence: m.lastSystemPresence, reason: 'other-tab' })
        ? { t: 'presence', from, presence: m.presence as Presence, lastSystemPresence: m.lastSystemPresence as Presence }
        : null;
    case 'missed':
      return frame({ type: 'missed', missed: m.missed }) ? { t: 'missed', from, missed: m.missed as Missed | null } : null;
    case 'shown':
      return isStr(m.offerId) ? { t: 'shown', from, offerId: m.offerId } : null;
    case 'roles':
      return { t: 'roles', from };
    default:
      return null;
  }
}

type Events = { roles: TabRoles; message: TabMessage & { from: string } };

export class TabCoordinator {
  /** This tab's id in messages. */
  readonly id = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  private readonly emitter = mitt<Events>();
  private key = '';
  private channel: BroadcastChannel | null = null;
  private held = new Map<string, { done: Promise<void>; release: () => void }>();
  private r: TabRoles = { leader: false, ringer: false };

  get roles(): TabRoles {
    return this.r;
  }

  /** The group's key (the agent id); '' when not joined. */
  get group(): string {
    return this.key;
  }

  /** Calls `fn` now with the roles and on every change; returns the unsubscribe. */
  subscribe(fn: (roles: TabRoles) => void): () => void {
    return subscribeWithReplay(this.emitter, 'roles', this.r, fn);
  }

  /** Messages from the other tabs, validated. */
  onMessage(fn: (m: TabMessage & { from: string }) => void): () => void {
    this.emitter.on('message', fn);
    return () => this.emitter.off('message', fn);
  }

  /** Joins the tabs of one agent (leaving any other group); '' leaves. */
  join(key: string): void {
    if (key === this.key) return;
    this.leave();
    this.key = key;
    if (!key || typeof BroadcastChannel === 'undefined') return;
    this.channel = new BroadcastChannel(`omni-notify:${key}`);
    this.channel.onmessage = (e) => {
      const m = parseTabMessage(e.data);
      if (m && m.from !== this.id) this.emitter.emit('message', m);
    };
  }

  /** Leaves the group: releases every role, closes the channel. */
  leave(): void {
    for (const name of [...this.held.keys()]) void this.drop(name);
    this.channel?.close();
    this.channel = null;
    this.key = '';
    this.set({ leader: false, ringer: false });
  }

  /** Competes for (or gives up) leadership: call with true while the connection is open. */
  candidate(role: keyof TabRoles, on: boolean): void {
    if (!this.key) return;
    const name = this.lockName(role);
    if (!on) {
      void this.drop(name);
      this.set({ ...this.r, [role]: false });
      return;
    }
    if (this.held.has(name)) return;
    if (!locks()) {
      // Alone: no way to agree with other tabs, so act as before coordination.
      this.held.set(name, { done: Promise.resolve(), release: () => {} });
      this.set({ ...this.r, [role]: true });
      return;
    }
    this.hold(name, 'exclusive', () => {
      this.set({ ...this.r, [role]: true });
      this.post({ t: 'roles' });
    });
  }

  /** This tab is (not) in front of the agent: visible and focused. Settles once the lock is taken or given back. */
  looking(on: boolean): Promise<void> {
    if (!this.key || !locks()) return Promise.resolve();
    const name = this.lockName('looking');
    if (on === this.held.has(name)) return Promise.resolve();
    const settled = on ? this.hold(name, 'shared', () => {}) : this.drop(name);
    // The others ask the lock manager when told: tell them once it knows.
    return settled.then(() => this.post({ t: 'roles' }));
  }

  /** True when a tab of the group (this one included) is visible and focused. */
  async anyLooking(self: boolean): Promise<boolean> {
    return self || this.isHeld(this.lockName('looking'));
  }

  /** True when a tab of the group holds the ringer role. */
  ringerExists(): Promise<boolean> {
    return this.r.ringer ? Promise.resolve(true) : this.isHeld(this.lockName('ringer'));
  }

  /**
   * Runs `fn` in exactly one tab of the group for `topic` at a time (the first
   * to ask); the others get false at once. Without Web Locks it just runs.
   */
  async once(topic: string, fn: () => Promise<unknown>): Promise<boolean> {
    const lm = locks();
    if (!lm || !this.key) return fn().then(() => true, () => true);
    let ran = false;
    await lm
      .request(`${this.lockName('act')}:${topic}`, { ifAvailable: true }, async (lock) => {
        if (!lock) return;
        ran = true;
        await fn().catch(() => {});
      })
      .catch(() => {});
    return ran;
  }

  /** Tells the other tabs. */
  post(m: TabMessage): void {
    try {
      this.channel?.postMessage({ omni: 'tab', v: 1, from: this.id, ...m });
    } catch {
      /* closed channel, uncloneable value: the other tabs learn it from the server */
    }
  }

  private lockName(role: string): string {
    return `omni-notify:${this.key}:${role}`;
  }

  private async isHeld(name: string): Promise<boolean> {
    try {
      const state = await locks()?.query();
      return !!state?.held?.some((l) => l.name === name);
    } catch {
      return false;
    }
  }

  /** Requests a lock and keeps it until dropped; the promise settles when it is granted (or refused). */
  private hold(name: string, mode: 'shared' | 'exclusive', granted: () => void): Promise<void> {
    const abort = new AbortController();
    let release = () => {};
    let signalGranted = () => {};
    const kept = new Promise<void>((r) => (release = r));
    const grantedOrRefused = new Promise<void>((r) => (signalGranted = r));
    const done = locks()!
      .request(name, { mode, signal: abort.signal }, () => {
        if (this.held.get(name)?.done === done) granted();
        signalGranted();
        return kept;
      })
      .then(
        () => {},
        () => signalGranted(),
      );
    this.held.set(name, {
      done,
      release: () => {
        abort.abort();
        release();
      },
    });
    return mode === 'shared' ? grantedOrRefused : Promise.resolve();
  }

  /** Gives a lock back (or stops waiting for it); settles once the lock manager has it back. */
  private drop(name: string): Promise<void> {
    const h = this.held.get(name);
    this.held.delete(name);
    h?.release();
    return h?.done ?? Promise.resolve();
  }

  private set(roles: TabRoles): void {
    if (roles.leader === this.r.leader && roles.ringer === this.r.ringer) return;
    this.r = roles;
    this.emitter.emit('roles', roles);
  }
}
