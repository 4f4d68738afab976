import { provide } from '@lit/context';
import { msg, str } from '@lit/localize';
import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { clip } from '../../internal/channel-icon.js';
import { centerContext } from '../../internal/context.js';
import { FrameGate } from '../../internal/frame-gate.js';
import { keyedList } from '../../internal/keyed-list.js';
import { LiveAnnouncer } from '../../internal/live-announcer.js';
import { LocaleController, localeAttributes } from '../../internal/locale-controller.js';
import { OmniElement } from '../../internal/omni-element.js';
import { scheduler } from '../../services/scheduler.js';
import { matchesShortcut, parseShortcut } from '../../internal/shortcuts.js';
import { NotificationCenter, type CenterState } from '../../services/center.js';
import type { DesktopMode, OmniTransport, Theme } from '../../services/protocol/types.js';
import { formatNumber } from '../../services/i18n.js';
import { customerLabel, renderTitle, type TemplateOverrides } from '../../services/templates.js';
import '../alert/omni-alert.js';
import '../toast/omni-toast.js';
import type { DesktopNotifier } from '../../services/desktop-notifier.js';
import type { Ringer } from '../../services/ringer.js';
import type { TabCoordinator } from '../../services/tab-coordinator.js';
import type { OmniAlert } from '../alert/omni-alert.component.js';
import { AttentionController } from './attention-controller.js';
import styles from './omni-notification-host.styles.js';

/**
 * @summary The one element a page needs: connects a transport to a
 * NotificationCenter, renders the stack of alerts and toasts, owns the live
 * region and the keyboard shortcuts, and re-emits what happens as `omni-*`
 * events.
 *
 * @slot - Content shown with the widget, e.g. an `<omni-missed-banner>`.
 * @slot live - Filled by the host itself: the polite live region (light DOM).
 *
 * @event omni-offer - An offer arrived. `detail: {offer, offerId, conversationId}`.
 * @event omni-accept - Accept (button, shortcut). `detail: {offerId, conversationId}`.
 * @event omni-reject - Reject. `detail: {offerId, conversationId}`.
 * @event omni-timeout - An offer's deadline passed. `detail: {offerId, conversationId}`.
 * @event omni-session-start - A session started. `detail: {conversationId, offerId, channel, customer, contactId, contact, session}`.
 * @event omni-toast-open - A toast was selected. `detail: {conversationId, noticeId, ...}`.
 * @event omni-toast-dismiss - A toast was dismissed or ran out. `detail: {noticeId, conversationId, reason}`.
 * @event omni-missed - Missed state changed. `detail: {missed}`.
 * @event omni-presence-change - Presence changed. `detail: {presence, previous, reason}`.
 * @event omni-connection - Connection state. `detail: {state, error?}`.
 * @event omni-error - Something was refused. `detail: {code, message}`.
 *
 * @csspart stack - The fixed container of alerts and toasts.
 * @csspart more - The "+N more" chip.
 * @csspart connection - The "Reconnecting…" chip.
 * @csspart sound-chip - "Sound is off: click to enable", where the browser blocks audio until a gesture.
 * @csspart desktop-chip - "Enable desktop notifications" (a button), or why they are not available.
 *
 * @cssprop --omni-gap - Distance from the viewport edge.
 * @cssprop --omni-z-index - Stacking order of the notification stack.
 */
export class OmniNotificationHost extends OmniElement {
  static override styles = styles;

  /** The transport to the server; setting it connects. */
  @property({ attribute: false }) transport?: OmniTransport;

  /** Host overrides merged over the server's templates, field by field, keyed by template id. */
  @property({ attribute: false }) templates?: TemplateOverrides;

  /**
   * The language of every omni-notify element on the page (`en`, `de`, `ar`,
   * or a regional tag such as `de-AT`); unset: the page's `lang`. Another
   * language shows English and emits `omni-error` (`locale-unsupported`).
   */
  @property() locale?: string;

  /** `light`, `dark` or `system`; unset: what the server's settings say. */
  @property({ reflect: true }) theme?: Theme;

  /** `top-end` (default), `top-start`, `bottom-end`, `bottom-start`. */
  @property({ reflect: true }) placement: 'top-end' | 'top-start' | 'bottom-end' | 'bottom-start' = 'top-end';

  /** Overrides every template's `desktop` setting when set. */
  @property() desktop?: DesktopMode;

  /** `off` turns the keyboard shortcuts off. */
  @property() shortcuts: 'on' | 'off' = 'on';

  /** `off` silences the ringer. */
  @property() sound: 'on' | 'off' = 'on';

  /**
   * URL of the omni-notify worker script (`omni-notify-sw.js`), served from
   * this page's origin: desktop notifications with Accept / Reject, closed at
   * their deadline even when the tab sleeps. '' for plain notifications.
   */
  @property() worker = '/omni-notify-sw.js';

  /** Shortcut that accepts the offer with the nearest deadline. */
  @property({ attribute: 'accept-shortcut' }) acceptShortcut = 'Ctrl+Shift+A';

  /** Shortcut that rejects the offer with the nearest deadline. */
  @property({ attribute: 'reject-shortcut' }) rejectShortcut = 'Ctrl+Shift+R';

  /** Most alerts shown at once; the rest are counted as "+N more". */
  @property({ type: Number, attribute: 'max-alerts' }) maxAlerts = 3;

  /** Most toasts shown at once. */
  @property({ type: Number, attribute: 'max-toasts' }) maxToasts = 3;

  @provide({ context: centerContext })
  private provided: NotificationCenter;

  @state() private view: CenterState;

  private readonly live = new LiveAnnouncer();
  private readonly announced = new Set<string>();
  private readonly receipted = new Set<string>();
  private lastMissed = 'null';
  private off: Array<() => void> = [];
  private disconnectQueued = false;
  private readonly attention = new AttentionController(this);
  /**
   * A burst of notices, one per task, re-renders the stack a couple of times
   * a frame, not once a notice. Only renders whose one cause is the notice
   * list wait; anything else (an offer, settings, a property) renders at once.
   */
  private readonly frames = new FrameGate();
  /** The center state of the last render, and whether something besides notices changed since. */
  private rendered: CenterState | null = null;
  private urgent = true;
  private readonly l10n = new LocaleController(this, {
    locale: () => this.locale,
    onProblem: (p) => this.emit('omni-error', p),
  });

  constructor() {
    super();
    this.provided = new NotificationCenter();
    this.view = this.provided.state;
  }

  /**
   * Desktop notifications: permission (`subscribe`, `requestPermission()` from a click), what was shown.
   * Undefined until the attention part is loaded (at idle after connect, or `loadParts()`).
   */
  get desktopNotifier(): DesktopNotifier | undefined {
    return this.attention.attention?.notifier;
  }

  /** The ringer: the agent's volume and mute (`setVolume`, `setMuted`, remembered), whether audio is blocked. Undefined until loaded. */
  get ringer(): Ringer | undefined {
    return this.attention.attention?.ringer;
  }

  /** This tab among the agent's tabs: `roles` (leader: desktop notifications, ringer). Undefined until loaded. */
  get tabs(): TabCoordinator | undefined {
    return this.attention.attention?.tabs;
  }

  /**
   * Loads the optional parts now (desktop notifications, ringer, tab roles,
   * hidden-tab timers) instead of at idle after connect; resolves when they
   * are ready (they are never needed for an offer to show).
   */
  async loadParts(): Promise<void> {
    await this.attention.load();
  }

  /** The NotificationCenter; replace it only before a transport is set. */
  get center(): NotificationCenter {
    return this.provided;
  }

  set center(c: NotificationCenter) {
    if (c === this.provided || !(c instanceof NotificationCenter)) return;
    if (this.transport) {
      this.emit('omni-error', { code: 'not-allowed', message: 'center cannot be replaced after a transport is set' });
      return;
    }
    this.unlisten();
    this.provided = c;
    this.view = c.state;
    if (this.isConnected) this.listen();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.disconnectQueued = false;
    if (this.live.region.parentNode !== this) this.append(this.live.region);
    this.listen();
    if (this.transport) this.provided.connect(this.transport);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unlisten();
    // Moving the host in the DOM (disconnect + connect in one task) keeps the connection.
    this.disconnectQueued = true;
    queueMicrotask(() => {
      if (this.disconnectQueued && !this.isConnected) this.provided.disconnect();
    });
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('templates')) this.provided.setTemplateOverrides(this.templates ?? {});
    if (changed.has('locale') && this.isConnected) this.l10n.sync();
    if (changed.has('transport') && this.isConnected) {
      if (this.transport) this.provided.connect(this.transport);
      else this.provided.disconnect();
    }
    const theme = this.theme ?? this.view.settings.theme ?? 'system';
    this.setAttribute('data-effective-theme', theme);
  }

  private listen(): void {
    this.unlisten();
    const c = this.provided;
    this.attention.attach(c);
    const wake = () => {
      // After a freeze or a hidden spell: every due deadline and countdown tick now.
      scheduler.check();
      c.checkDeadlines();
      this.receipts();
    };
    document.addEventListener('keydown', this.onKeyDown);
    document.addEventListener('visibilitychange', wake);
    window.addEventListener('pageshow', wake);
    document.addEventListener('resume', wake);
    window.addEventListener('focus', wake);
    this.off = [
      () => document.removeEventListener('keydown', this.onKeyDown),
      () => document.removeEventListener('visibilitychange', wake),
      () => window.removeEventListener('pageshow', wake),
      () => document.removeEventListener('resume', wake),
      () => window.removeEventListener('focus', wake),
      c.subscribe((s) => {
        if (!this.onlyNotices(s)) this.hurry();
        this.view = s;
      }),
      c.on('answer', ({ offer, kind, reason }) =>
        this.emit(kind === 'accept' ? 'omni-accept' : 'omni-reject', {
          offerId: offer.offerId,
          conversationId: offer.conversationId,
          ...(reason ? { reason } : {}),
        }),
      ),
      c.on('offer', (offer) => {
        this.emit('omni-offer', { offer, offerId: offer.offerId, conversationId: offer.conversationId });
        this.announceOffer(offer.offerId);
      }),
      c.on('timeout', (o) => this.emit('omni-timeout', { offerId: o.offerId, conversationId: o.conversationId })),
      c.on('offer-removed', ({ offer }) => {
        this.receipted.delete(offer.offerId);
      }),
      c.on('notice', (n) => {
        const t = c.template(n);
        const title = renderTitle(t, { item: n, now: c.serverNow() });
        const name = clip(customerLabel(n), 80);
        this.live.say(msg(str`${title}: ${name}`, { id: 'host.notice' }));
      }),
      c.on('session', ({ session, offerId }) =>
        this.emit('omni-session-start', {
          conversationId: session.conversationId,
          offerId,
          channel: session.channel,
          customer: session.customer,
          contactId: session.contact?.id ?? session.customer.contactId,
          contact: session.contact,
          session,
        }),
      ),
      c.on('presence', (p) => this.emit('omni-presence-change', p)),
      c.on('missed', (missed) => {
        const key = JSON.stringify(missed);
        if (key === this.lastMissed) return;
        this.lastMissed = key;
        this.emit('omni-missed', { missed });
      }),
      c.on('connection', (e) => this.emit('omni-connection', e)),
      c.on('error', (e) => this.emit('omni-error', { code: String(e.code), message: e.message })),
    ];
  }

  private unlisten(): void {
    for (const f of this.off) f();
    this.off = [];
    this.attention.detach();
  }

  /** Announces each offer once, in the one polite live region. */
  private announceOffer(offerId: string): void {
    if (this.announced.has(offerId)) return;
    this.announced.add(offerId);
    if (this.announced.size > 500) this.announced.delete(this.announced.values().next().value!);
    const offer = this.view.offers.find((o) => o.offerId === offerId);
    if (!offer) return;
    const c = this.provided;
    const title = renderTitle(c.template(offer), { item: offer, now: c.serverNow() });
    const name = clip(customerLabel(offer), 80);
    const keys = this.acceptShortcut;
    const hint =
      this.shortcuts === 'off' || !keys
        ? ''
        : c.actions(offer).accept === 'open'
          ? msg(str`Press ${keys} to open.`, { id: 'host.keys-open' })
          : msg(str`Press ${keys} to accept.`, { id: 'host.keys-accept' });
    this.live.say(`${msg(str`${title} from ${name}.`, { id: 'host.offer' })}${hint ? ` ${hint}` : ''}`, true);
  }

  /** Tells the server which offers are on screen (the display-window receipt). */
  private receipts(): void {
    for (const o of this.view.offers.slice(0, this.maxAlerts)) {
      if (this.receipted.has(o.offerId)) continue;
      this.receipted.add(o.offerId);
      void this.provided.displayed(o.offerId, 'page');
    }
  }

  private readonly onKeyDown = (e: KeyboardEvent) => {
    if (this.shortcuts === 'off' || e.defaultPrevented || e.repeat) return;
    const accept = matchesShortcut(e, parseShortcut(this.acceptShortcut));
    const reject = !accept && matchesShortcut(e, parseShortcut(this.rejectShortcut));
    if (!accept && !reject) return;
    const offer = this.view.offers[0];
    if (!offer) return;
    e.preventDefault();
    // As the button would: nothing where Reject is not offered or an answer is on its way.
    const c = this.provided;
    if ((reject && !c.actions(offer).reject) || c.state.pending.has(offer.offerId)) return;
    // Where Reject asks for a reason, the alert's menu asks it (a UI question, not a rule).
    if (reject && c.state.settings.rejectReasons?.length) {
      void this.renderRoot.querySelector<OmniAlert>(`omni-alert[data-offer-id="${CSS.escape(offer.offerId)}"]`)?.reject();
      return;
    }
    c.answer(offer.offerId, accept ? 'accept' : 'reject').catch(() => {
      /* reported by the center as omni-error */
    });
  };

  protected override updated(): void {
    this.receipts();
  }

  override requestUpdate(...args: Parameters<OmniElement['requestUpdate']>): void {
    if (args[0] !== 'view') this.hurry();
    super.requestUpdate(...args);
  }

  protected override scheduleUpdate(): void | Promise<unknown> {
    const wait = this.urgent ? null : this.frames.wait();
    if (wait) return wait.then(() => this.scheduleUpdate());
    this.urgent = false;
    this.rendered = this.view;
    const done = super.scheduleUpdate();
    this.frames.spend();
    return done;
  }

  /** The next render must not wait for a frame (a render already waiting goes now). */
  private hurry(): void {
    this.urgent = true;
    // Called from the constructor (Lit's first requestUpdate), before the field exists.
    this.frames?.open();
  }

  /** Whether `s` differs from what was last rendered in its notices only. */
  private onlyNotices(s: CenterState): boolean {
    const r = this.rendered;
    if (!r) return false;
    for (const k of Object.keys(s) as Array<keyof CenterState>) if (k !== 'notices' && s[k] !== r[k]) return false;
    return true;
  }

  protected override render() {
    const v = this.view;
    const theme = this.theme ?? v.settings.theme ?? 'system';
    const alerts = v.offers.slice(0, Math.max(1, this.maxAlerts));
    const moreAlerts = v.offers.length - alerts.length;
    const toasts = v.notices.slice(0, Math.max(1, this.maxToasts));
    const moreToasts = v.notices.length - toasts.length;
    const { lang, dir } = localeAttributes();
    const more = (n: number) => html`<p part="more" class="chip more">${msg(str`+${formatNumber(n)} more`, { id: 'host.more' })}</p>`;
    const showConnection = v.connection === 'reconnecting' || (v.connection === 'connecting' && v.agent !== null);
    return html`
      <slot></slot>
      <div part="stack" class="stack" lang=${lang} dir=${dir}>${keyedList(
        alerts,
        (o) => o.offerId,
        (o) => html`<omni-alert data-offer-id=${o.offerId} .offer=${o} .center=${this.provided} theme=${theme} hosted></omni-alert>`,
      )}${moreAlerts > 0 ? more(moreAlerts) : nothing}${this.attention.chips()}${keyedList(
        toasts,
        (n) => n.noticeId,
        // The live region above reads each toast once; its own role="status" stays quiet here.
        (n) => html`<omni-toast .notice=${n} .center=${this.provided} theme=${theme} quiet></omni-toast>`,
      )}${moreToasts > 0 ? more(moreToasts) : nothing}${showConnection
        ? html`<p part="connection" class="chip connection" role="status">${msg('Reconnecting…', { id: 'host.reconnecting' })}</p>`
        : nothing}</div>
      <slot name="live"></slot>
    `;
  }
}
