import { msg, str } from '@lit/localize';
import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { clip } from '../../internal/channel-icon.js';
import type { NotificationCenter } from '../../services/center.js';
import { DesktopNotifier, desktopStatusText, type DesktopAction, type DesktopContent } from '../../services/desktop-notifier.js';
import { formatDuration } from '../../services/format.js';
import type { DesktopMode, Offer } from '../../services/protocol/types.js';
import { Ringer, toneFor } from '../../services/ringer.js';
import { TabCoordinator, type TabMessage } from '../../services/tab-coordinator.js';
import { customerLabel, renderFields, renderTitle } from '../../services/templates.js';
import { TitleFlasher } from '../../services/title-flasher.js';
import { Wake } from '../../services/wake.js';

/** What the controller needs from `<omni-notification-host>`. */
export interface AttentionHost extends ReactiveControllerHost, HTMLElement {
  desktop?: DesktopMode;
  sound: 'on' | 'off';
  worker: string;
  readonly renderRoot: HTMLElement | DocumentFragment;
  emit(name: 'omni-accept' | 'omni-reject', detail: { offerId: string; conversationId: string }): unknown;
}

const MODES = ['never', 'background', 'always'];
/** How close to its own deadline a tab must be to take another tab's word that an offer timed out. */
const TIMEOUT_TRUST_MS = 2000;
/** When the leader checks that a notification it showed is still there. */
const RECHECK_MS = 1500;

/**
 * For the agent who is not looking: desktop notifications (one tab of the
 * agent's shows them), the ringer (one tab rings), title flashing, deadlines
 * kept on time in a hidden tab, and what the agent's tabs tell each other.
 * Each decision is recomputed from the center's state, so a tab that takes
 * over a role (the other closed or crashed) simply does what is missing.
 */
export class AttentionController implements ReactiveController {
  readonly tabs = new TabCoordinator();
  readonly ringer = new Ringer();
  readonly notifier = new DesktopNotifier();
  private readonly wake = new Wake();
  private readonly title = new TitleFlasher(this.wake);
  private center: NotificationCenter | null = null;
  private off: Array<() => void> = [];
  private domOff: Array<() => void> = [];
  /** True while a message from another tab is being applied (it is not sent back). */
  private relaying = false;
  /** Offers whose desktop notification was shown, by this tab or another. */
  private readonly shown = new Set<string>();
  /** Offers whose notification the agent closed. */
  private readonly dismissed = new Set<string>();
  private cancelDeadline: (() => void) | null = null;
  private last = { offers: null as unknown, agent: '', lead: false, missed: 'null', config: '' };
  private seq = 0;
  /** "Sound is off: click to enable" is showing. */
  private soundChip = false;
  /** The offer that carries the one-time "notifications are blocked/unavailable" note. */
  private noteFor: string | null | undefined;

  constructor(private readonly host: AttentionHost) {
    host.addController(this);
  }

  hostConnected(): void {
    const on = (target: EventTarget, type: string, fn: (e: Event) => void, capture = false) => {
      target.addEventListener(type, fn, capture);
      this.domOff.push(() => target.removeEventListener(type, fn, capture));
    };
    const seen = () => this.seenChanged();
    on(document, 'visibilitychange', seen);
    on(document, 'resume', seen);
    on(window, 'pageshow', seen);
    on(window, 'focus', seen);
    on(window, 'blur', seen);
    // The first gesture anywhere on the page lets audio start (autoplay policy).
    const gesture = () => {
      if (this.ringer.state.blocked) void this.ringer.unlock();
    };
    on(document, 'pointerdown', gesture, true);
    on(document, 'keydown', gesture, true);
    on(window, 'storage', (e) => {
      if ((e as StorageEvent).key === this.ringer.storageKey) this.ringer.load();
    });
    this.domOff.push(
      this.notifier.subscribe(() => {
        this.host.requestUpdate();
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
  }

  hostDisconnected(): void {
    for (const f of this.domOff) f();
    this.domOff = [];
    // Release the audio device and the timer worker; both come back when needed.
    this.ringer.dispose();
    this.wake.dispose();
  }

  hostUpdate(): void {
    const config = `${this.host.desktop}|${this.host.sound}|${this.host.worker}`;
    if (config === this.last.config) return;
    this.last.config = config;
    this.notifier.setWorkerUrl(this.host.worker);
    this.refresh(true);
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
        if (!this.relaying && (relay === 'accepted-elsewhere' || relay === 'rejected' || relay === 'timeout')) {
          const { offerId, conversationId, expiresAt } = offer;
          this.tabs.post({ t: 'revoke', offerId, conversationId, expiresAt, reason: relay });
        }
      }),
      center.on('presence', ({ presence }) => {
        if (!this.relaying) this.tabs.post({ t: 'presence', presence, lastSystemPresence: center.state.lastSystemPresence });
      }),
      center.on('missed', (missed) => {
        const key = JSON.stringify(missed);
        if (key === this.last.missed) return;
        this.last.missed = key;
        if (!this.relaying) this.tabs.post({ t: 'missed', missed });
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
    this.cancelDeadline?.();
    this.last = { ...this.last, offers: null, agent: '', lead: false };
  }

  /** The chips the host shows with its alerts: sound unlock, desktop permission. */
  chips(): TemplateResult | typeof nothing {
    const c = this.center;
    const offers = c?.state.offers ?? [];
    if (!offers.length) return nothing;
    const p = this.notifier.permission;
    const wanted = offers.some((o) => this.mode(o) !== 'never');
    if (wanted && p !== 'default' && p !== 'granted' && this.noteFor === undefined) this.noteFor = offers[0]!.offerId;
    const note = wanted && this.noteFor && offers.some((o) => o.offerId === this.noteFor);
    return html`${this.soundChip
      ? html`<button part="sound-chip" class="chip" @click=${() => this.ringer.unlock()}>
          ${msg('Sound is off: click to enable', { id: 'sound.blocked' })}
        </button>`
      : nothing}${wanted && p === 'default'
      ? html`<button part="desktop-chip" class="chip" @click=${() => this.notifier.requestPermission()}>
          ${msg('Enable desktop notifications', { id: 'desktop.enable' })}
        </button>`
      : note
        ? html`<p part="desktop-chip" class="chip" role="status">${desktopStatusText(p)}</p>`
        : nothing}`;
  }

  // ---- decisions -----------------------------------------------------------

  private looking(): boolean {
    return document.visibilityState === 'visible' && document.hasFocus();
  }

  private mode(o: Offer): DesktopMode {
    const d = this.host.desktop;
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
    this.armDeadline();
    this.updateTitle();
    this.host.requestUpdate();
    void this.considerRing();
    void this.considerDesktop();
  }

  private seenChanged(): void {
    const looking = this.looking();
    const settled = this.tabs.looking(looking);
    this.updateTitle();
    // After a freeze or a hidden spell: deadlines now, and every countdown at once.
    this.center?.checkDeadlines();
    this.host.renderRoot.querySelectorAll<HTMLElement & ReactiveControllerHost>('omni-alert').forEach((a) => a.requestUpdate());
    // Once this tab's "looking" lock is given back, the leader (maybe this tab) asks again.
    if (!looking) void settled.then(() => this.considerDesktop());
  }

  /** While the tab is hidden (another tab, minimized), its title says what waits. */
  private updateTitle(): void {
    const c = this.center;
    const o = c?.state.offers[0];
    const hidden = document.visibilityState === 'hidden';
    this.title.set(c && o && hidden ? `(${c.state.offers.length}) ${renderTitle(c.template(o), { item: o, now: c.serverNow() })}` : null);
  }

  /** One wake-up at the nearest deadline, precise in a hidden tab (see Wake). */
  private armDeadline(): void {
    this.cancelDeadline?.();
    this.cancelDeadline = null;
    const c = this.center;
    const next = c?.state.offers[0];
    if (!c || !next) return;
    this.cancelDeadline = this.wake.after(c.remaining(next), () => {
      this.cancelDeadline = null;
      c.checkDeadlines();
      if (c.state.offers[0] === next) this.armDeadline();
    });
  }

  /** This tab rings if it holds the ringer role; a tab whose audio is blocked says so instead. */
  private async considerRing(): Promise<void> {
    const c = this.center;
    const o = c && this.host.sound !== 'off' && !this.ringer.state.muted ? c.state.offers.find((x) => c.template(x).sound) : undefined;
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
    if (chip !== this.soundChip) {
      this.soundChip = chip;
      this.host.requestUpdate();
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
    const looking = await this.tabs.anyLooking(this.looking());
    for (const o of todo()) {
      if (looking && this.mode(o) === 'background') continue;
      this.shown.add(o.offerId);
      this.tabs.post({ t: 'shown', offerId: o.offerId });
      void this.notifier.show(this.content(c, o)).then((ok) => {
        if (!ok) return;
        void c.displayed(o.offerId, 'desktop');
        this.wake.after(RECHECK_MS, () => void this.recheck(o));
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
    const open = t.autoAssign || o.autoAssign;
    return {
      tag: o.offerId,
      title: renderTitle(t, ctx),
      body: lines.join('\n'),
      accept: open ? msg('Open', { id: 'alert.open' }) : msg('Accept', { id: 'alert.accept' }),
      reject: t.allowReject && !open ? msg('Reject', { id: 'alert.reject' }) : '',
      expiresAt: c.clock.toLocal(o.expiresAt),
      timestamp: c.clock.toLocal(o.offeredAt),
      silent: !!t.sound && this.host.sound !== 'off' && !this.ringer.state.muted && !this.ringer.state.blocked,
    };
  }

  // ---- input ---------------------------------------------------------------

  /** A click on a desktop notification (the worker already focused a tab for Accept and the body). */
  private readonly onAction = ({ action, tag }: DesktopAction): void => {
    const c = this.center;
    const o = c?.state.offers.find((x) => x.offerId === tag);
    if (!c || !o || action === 'open') return;
    // Every tab hears the click; the first to take the lock answers, as its in-page button would.
    void this.tabs.once(tag, () => {
      const el = this.host.renderRoot.querySelector<HTMLElement & { accept(): Promise<void>; reject(): Promise<void> }>(
        `omni-alert[data-offer-id="${CSS.escape(tag)}"]`,
      );
      if (el) return action === 'accept' ? el.accept() : el.reject();
      this.host.emit(action === 'accept' ? 'omni-accept' : 'omni-reject', { offerId: o.offerId, conversationId: o.conversationId });
      return action === 'accept' ? c.accept(tag) : c.reject(tag);
    });
  };

  private readonly onPeer = (m: TabMessage & { from: string }): void => {
    const c = this.center;
    if (!c) return;
    if (m.t === 'shown') this.shown.add(m.offerId);
    if (m.t === 'roles') {
      void this.considerDesktop();
      void this.considerRing();
    }
    let frame: Record<string, unknown> | null = null;
    if (m.t === 'revoke') {
      // Only the very offer this tab holds (same conversation and deadline), and a timeout only near its deadline.
      const o = c.state.offers.find((x) => x.offerId === m.offerId);
      if (o && o.conversationId === m.conversationId && o.expiresAt === m.expiresAt && (m.reason !== 'timeout' || c.remaining(o) <= TIMEOUT_TRUST_MS)) {
        frame = { type: 'offer.revoked', offerId: m.offerId, reason: m.reason };
      }
    }
    // The server is the source of truth for presence and missed state; a tab that cannot hear it follows its peers.
    if (c.state.connection !== 'open') {
      if (m.t === 'presence') frame = { type: 'presence', presence: m.presence, lastSystemPresence: m.lastSystemPresence, reason: 'other-tab' };
      if (m.t === 'missed') frame = { type: 'missed', missed: m.missed };
    }
    if (!frame) return;
    this.relaying = true;
    try {
      c.receive({ v: 1, id: `tab:${m.from}:${++this.seq}`, ts: Date.now(), ...frame });
    } finally {
      this.relaying = false;
    }
  };
}
