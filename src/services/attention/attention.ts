import { msg, str } from '@lit/localize';
import { clip } from '../../internal/channel-icon.js';
import type { NotificationCenter } from '../center.js';
import { DesktopNotifier, desktopStatusText, type DesktopAction, type DesktopContent } from '../desktop-notifier.js';
import { formatDuration } from '../format.js';
import type { DesktopMode, Offer } from '../protocol/types.js';
import { Ringer, toneFor } from '../ringer.js';
import { scheduler } from '../scheduler.js';
import { TabCoordinator, type TabMessage } from '../tab-coordinator.js';
import { customerLabel, renderFields, renderTitle } from '../templates.js';
import { TitleFlasher } from './title-flasher.js';
import { WorkerTimer } from './worker-timer.js';

/** What the attention services need from the page (the host element's controller gives it). */
export interface AttentionHost {
  /** The host's `desktop` override (unset: each template decides). */
  desktop(): DesktopMode | undefined;
  sound(): 'on' | 'off';
  /** The omni-notify worker script URL ('' for none). */
  worker(): string;
  /** The tab is visible and focused. */
  looking(): boolean;
  hidden(): boolean;
  /** Something the host shows changed (chips). */
  changed(): void;
}

// Bundle users reach these through `loadPart('attention')`.
export { DesktopNotifier, desktopStatusText } from '../desktop-notifier.js';
export { Ringer, TONES, toneFor } from '../ringer.js';
export { TabCoordinator, parseTabMessage } from '../tab-coordinator.js';
export { TitleFlasher } from './title-flasher.js';
export { WorkerTimer } from './worker-timer.js';

const MODES = ['never', 'background', 'always'];
/** When the leader checks that a notification it showed is still there. */
const RECHECK_MS = 1500;

/**
 * For the agent who is not looking: desktop notifications (one tab of the
 * agent's shows them), the ringer (one tab rings), title flashing, deadlines
 * kept on time in a hidden tab, and what the agent's tabs tell each other.
 * Each decision is recomputed from the center's state, so a tab that takes
 * over a role (the other closed or crashed) simply does what is missing.
 */
export class Attention {
  readonly tabs = new TabCoordinator();
  readonly ringer = new Ringer();
  readonly notifier = new DesktopNotifier();
  private readonly title = new TitleFlasher(scheduler);
  private center: NotificationCenter | null = null;
  private off: Array<() => void> = [];
  private ownOff: Array<() => void> = [];
  /** Offers whose desktop notification was shown, by this tab or another. */
  private readonly shown = new Set<string>();
  /** Offers whose notification the agent closed. */
  private readonly dismissed = new Set<string>();
  private last = { offers: null as unknown, agent: '', lead: false, missed: 'null', config: '' };
  /** "Sound is off: click to enable" is showing. */
  private soundChip = false;
  /** Counts considerRing() calls: one that awaited must not undo a newer one. */
  private ringRun = 0;
  /** The offer that carries the one-time "notifications are blocked/unavailable" note. */
  private noteFor: string | null | undefined;

  constructor(private readonly host: AttentionHost) {
    this.ownOff.push(
      this.notifier.subscribe(() => {
        this.host.changed();
        void this.considerDesktop();
      }),
      this.notifier.onAction(this.onAction),
      this.notifier.onTick(() => this.center?.checkDeadlines()),
      this.notifier.onDismiss((tag) => this.dismissed.add(tag)),
      this.ringer.subscribe(() => void this.considerRing()),
      this.tabs.subscribe((roles) => {
        if (roles.leader) void this.lead();
        void this.considerRing();
      }),
      this.tabs.onMessage(this.onPeer),
    );
    this.configure();
  }

  /** Releases everything (the host left the page for good). */
  dispose(): void {
    this.detach();
    for (const f of this.ownOff) f();
    this.ownOff = [];
    // Release the audio device and the timer worker; both come back when needed.
    this.ringer.dispose();
    scheduler.usePrecise(null);
  }

  /** The host's desktop, sound or worker settings may have changed. */
  configure(): void {
    const config = `${this.host.desktop()}|${this.host.sound()}|${this.host.worker()}`;
    if (config === this.last.config) return;
    const workerChanged = this.last.config.split('|')[2] !== this.host.worker();
    this.last.config = config;
    this.notifier.setWorkerUrl(this.host.worker());
    if (workerChanged) scheduler.usePrecise(new WorkerTimer(this.host.worker()));
    this.refresh(true);
  }

  /** The first gesture anywhere on the page lets audio start (autoplay policy). */
  gesture(): void {
    if (this.ringer.state.blocked) void this.ringer.unlock();
  }

  /** Another tab changed the ringer settings (a `storage` event with this key). */
  storage(key: string | null): void {
    if (key === this.ringer.storageKey) this.ringer.load();
  }

  /** Follows a center (the host calls it when it starts listening). */
  attach(center: NotificationCenter): void {
    this.detach();
    this.center = center;
    this.off = [
      center.subscribe(() => this.refresh()),
      center.on('offer-removed', ({ offer, reason }) => {
        this.shown.delete(offer.offerId);
        this.dismissed.delete(offer.offerId);
        void this.notifier.close(offer.offerId);
        const relay = reason === 'accepted' ? 'accepted-elsewhere' : reason;
        if (!center.applyingPeer && (relay === 'accepted-elsewhere' || relay === 'rejected' || relay === 'timeout')) {
          const { offerId, conversationId, expiresAt } = offer;
          this.tabs.post({ t: 'revoke', offerId, conversationId, expiresAt, reason: relay });
        }
      }),
      center.on('presence', ({ presence }) => {
        if (!center.applyingPeer) this.tabs.post({ t: 'presence', presence, lastSystemPresence: center.state.lastSystemPresence });
      }),
      center.on('missed', (missed) => {
        const key = JSON.stringify(missed);
        if (key === this.last.missed) return;
        this.last.missed = key;
        if (!center.applyingPeer) this.tabs.post({ t: 'missed', missed });
      }),
    ];
  }

  detach(): void {
    for (const f of this.off) f();
    this.off = [];
    this.center = null;
    this.tabs.leave();
    this.ringer.stop();
    this.title.set(null);
    this.last = { ...this.last, offers: null, agent: '', lead: false };
  }

  /**
   * What the host's chips say: the sound chip, and the desktop chip:
   * `ask` (a button that asks permission), `note` (why notifications are not
   * shown, once, with the first offer that wanted one), or none.
   */
  chips(): { sound: boolean; desktop: 'ask' | 'note' | null } {
    const offers = this.center?.state.offers ?? [];
    if (!offers.length) return { sound: false, desktop: null };
    const p = this.notifier.permission;
    const wanted = offers.some((o) => this.mode(o) !== 'never');
    if (wanted && p !== 'default' && p !== 'granted' && this.noteFor === undefined) this.noteFor = offers[0]!.offerId;
    const note = wanted && !!this.noteFor && offers.some((o) => o.offerId === this.noteFor);
    return { sound: this.soundChip, desktop: wanted && p === 'default' ? 'ask' : note ? 'note' : null };
  }

  /** Why desktop notifications are not shown (the desktop chip's note). */
  statusText(): string {
    return desktopStatusText(this.notifier.permission);
  }

  // ---- decisions -----------------------------------------------------------

  private mode(o: Offer): DesktopMode {
    const d = this.host.desktop();
    return d && MODES.includes(d) ? d : (this.center?.template(o).desktop ?? 'background');
  }

  /** Re-derives everything from the center's state (cheap when nothing relevant changed). */
  private refresh(force = false): void {
    const c = this.center;
    if (!c) return;
    const s = c.state;
    const agent = s.agent?.id ?? '';
    if (agent !== this.last.agent) {
      this.last.agent = agent;
      this.tabs.join(agent);
      this.ringer.setAgent(agent);
    }
    // Lead only while connected: a tab that cannot hear the server would miss the offers it should show.
    const lead = s.connection === 'open' && !!agent;
    if (lead !== this.last.lead) {
      this.last.lead = lead;
      this.tabs.candidate('leader', lead);
    }
    if (!force && s.offers === this.last.offers) return;
    this.last.offers = s.offers;
    this.updateTitle();
    this.host.changed();
    void this.considerRing();
    void this.considerDesktop();
  }

  /** The tab was shown, hidden, focused or blurred. */
  seenChanged(): void {
    const looking = this.host.looking();
    const settled = this.tabs.looking(looking);
    this.updateTitle();
    // Once this tab's "looking" lock is given back, the leader (maybe this tab) asks again.
    if (!looking) void settled.then(() => this.considerDesktop());
  }

  /** While the tab is hidden (another tab, minimized), its title says what waits. */
  private updateTitle(): void {
    const c = this.center;
    const o = c?.state.offers[0];
    const hidden = this.host.hidden();
    this.title.set(c && o && hidden ? `(${c.state.offers.length}) ${renderTitle(c.template(o), { item: o, now: c.serverNow() })}` : null);
  }

  /** This tab rings if it holds the ringer role; a tab whose audio is blocked says so instead. */
  private async considerRing(): Promise<void> {
    const run = ++this.ringRun;
    const c = this.center;
    const o = c && this.host.sound() !== 'off' && !this.ringer.state.muted ? c.state.offers.find((x) => c.template(x).sound) : undefined;
    let chip = false;
    if (!c || !o) this.ringer.stop();
    else if (this.tabs.roles.ringer) {
      const sound = c.template(o).sound!;
      this.ringer.ring(o.offerId, toneFor(sound.tone, o.channel), c.clock.toLocal(o.expiresAt), sound.volume, sound.repeat);
    } else {
      this.ringer.stop();
      // Where audio plays, compete for the role (the holder rings; this tab takes over if it goes).
      if (this.ringer.ready()) this.tabs.candidate('ringer', true);
      else chip = !(await this.tabs.ringerExists());
    }
    // A later decision (the agent muted meanwhile, the offer went) has already set the chip.
    if (run !== this.ringRun) return;
    if (chip !== this.soundChip) {
      this.soundChip = chip;
      this.host.changed();
    }
  }

  /** A new leader: what the previous one showed stays, the rest is shown. */
  private async lead(): Promise<void> {
    for (const tag of await this.notifier.showing()) this.shown.add(tag);
    await this.considerDesktop();
  }

  /** The leader shows a desktop notification for each offer that should have one and has none yet. */
  private async considerDesktop(): Promise<void> {
    const c = this.center;
    if (!c || !this.tabs.roles.leader || this.notifier.permission !== 'granted') return;
    const todo = () => c.state.offers.filter((o) => !this.shown.has(o.offerId) && this.mode(o) !== 'never');
    if (!todo().length) return;
    const looking = await this.tabs.anyLooking(this.host.looking());
    for (const o of todo()) {
      if (looking && this.mode(o) === 'background') continue;
      this.shown.add(o.offerId);
      this.tabs.post({ t: 'shown', offerId: o.offerId });
      void this.notifier.show(this.content(c, o)).then((ok) => {
        if (!ok) return;
        void c.displayed(o.offerId, 'desktop');
        scheduler.after(RECHECK_MS, () => void this.recheck(o));
      });
    }
  }

  /** Still showing? Chromium has been seen to drop one after showing it; show it again unless the agent closed it. */
  private async recheck(o: Offer): Promise<void> {
    const c = this.center;
    if (!c || !this.tabs.roles.leader || this.dismissed.has(o.offerId) || !c.state.offers.includes(o)) return;
    if (!(await this.notifier.showing()).includes(o.offerId) && !this.dismissed.has(o.offerId)) void this.notifier.show(this.content(c, o));
  }

  private content(c: NotificationCenter, o: Offer): DesktopContent {
    const t = c.template(o);
    const ctx = { item: o, now: c.serverNow() };
    // No wait time where the template hides the countdown; the deadline still closes it.
    const fields = renderFields(t.fields, ctx).filter((f) => f.key !== 'customerName' && (t.showTimeout || f.key !== 'waitTime'));
    const lines = [clip(customerLabel(o), 80), ...fields.map((f) => `${f.label ? `${f.label}: ` : ''}${clip(f.value)}`)];
    if (t.showTimeout) {
      const left = formatDuration(c.remaining(o));
      lines.push(msg(str`Answer within ${left}`, { id: 'desktop.deadline' }));
    }
    const can = c.actions(o);
    return {
      tag: o.offerId,
      title: renderTitle(t, ctx),
      body: lines.join('\n'),
      accept: can.accept === 'open' ? msg('Open', { id: 'alert.open' }) : msg('Accept', { id: 'alert.accept' }),
      reject: can.reject ? msg('Reject', { id: 'alert.reject' }) : '',
      rejectReasons: c.state.settings.rejectReasons?.map((r) => clip(r, 60)),
      expiresAt: c.clock.toLocal(o.expiresAt),
      timestamp: c.clock.toLocal(o.offeredAt),
      silent: !!t.sound && this.host.sound() !== 'off' && !this.ringer.state.muted && !this.ringer.state.blocked,
    };
  }

  // ---- input ---------------------------------------------------------------

  /** A click on a desktop notification (the worker already focused a tab for Accept and the body). */
  private readonly onAction = ({ action, tag, reason: index }: DesktopAction): void => {
    const c = this.center;
    const o = c?.state.offers.find((x) => x.offerId === tag);
    if (!c || !o || action === 'open') return;
    // Every tab hears the click; the first to take the lock answers, as its in-page button would.
    // A reason's own button names it; the one Reject button names none and the server
    // records the administrator's default (settings.rejectReasonDefault).
    const reason = action === 'reject' && index !== undefined ? c.state.settings.rejectReasons?.[index] : undefined;
    void this.tabs.once(tag, () => c.answer(tag, action, reason).catch(() => {
      /* reported by the center as omni-error */
    }));
  };

  private readonly onPeer = (m: TabMessage & { from: string }): void => {
    const c = this.center;
    if (!c) return;
    if (m.t === 'shown') this.shown.add(m.offerId);
    if (m.t === 'roles') {
      void this.considerDesktop();
      void this.considerRing();
    }
    c.peer(m);
  };
}
