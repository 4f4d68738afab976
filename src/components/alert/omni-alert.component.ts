import { consume } from '@lit/context';
import { msg, str } from '@lit/localize';
import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { channelIcon, clip, isolated } from '../../internal/channel-icon.js';
import { ClockController, untilNextSecond } from '../../internal/clock-controller.js';
import { centerContext } from '../../internal/context.js';
import { LocaleController, localeAttributes } from '../../internal/locale-controller.js';
import { OmniElement } from '../../internal/omni-element.js';
import type { NotificationCenter } from '../../services/center.js';
import { formatDuration, spokenDuration } from '../../services/format.js';
import { formatNumber } from '../../services/i18n.js';
import type { Offer, Template } from '../../services/protocol/types.js';
import { customerLabel, localizedTitle, renderFields, renderSlugParts, resolveTemplate } from '../../services/templates.js';
import styles from './omni-alert.styles.js';

let uid = 0;

/**
 * @summary An incoming conversation (chat, SMS, social, voice): who, what,
 * how long they waited, the countdown, and Accept / Reject.
 *
 * Its texts follow the widget's locale (the host's `locale`, else the page's
 * `lang`): in German the buttons read "Annehmen" / "Ablehnen", in Arabic
 * "قبول" / "رفض", and the card is right-to-left.
 *
 * When the template has `autoAcceptSec`, it counts down "Accepting in N s"
 * (from `offeredAt + autoAcceptSec` on the server clock; the server starts
 * the conversation at zero, so it happens even if this tab sleeps) and says
 * so once to assistive technology, not every second. When the administrator
 * configured decline reasons (`settings.rejectReasons`), Reject opens a small
 * menu of them (keyboard reachable; Escape closes it) and the chosen reason
 * travels with the reject.
 *
 * @event omni-accept - The agent chose Accept (or Open). `detail: {offerId, conversationId}`.
 * @event omni-reject - The agent chose Reject. `detail: {offerId, conversationId, reason?}`.
 * @event omni-timeout - Only when used without a center: the deadline passed. `detail: {offerId, conversationId}`.
 *
 * @csspart base - The alert dialog card.
 * @csspart heading - The heading with the customer's name.
 * @csspart countdown - The remaining time.
 * @csspart auto-accept - "Accepting in N s", where the template accepts by itself.
 * @csspart details - The list of template fields.
 * @csspart actions - The button row.
 * @csspart accept - The Accept (Open) button.
 * @csspart reject - The Reject button.
 * @csspart reasons - The menu of decline reasons.
 *
 * @cssprop --omni-surface - Background.
 * @cssprop --omni-on-surface - Text colour.
 * @cssprop --omni-accent - Accept button and channel stripe.
 * @cssprop --omni-on-accent - Text on the Accept button.
 * @cssprop --omni-danger - Countdown in its last 10 seconds, errors.
 * @cssprop --omni-border - Borders.
 * @cssprop --omni-radius - Corner radius.
 * @cssprop --omni-font - Font family.
 * @cssprop --omni-shadow - Elevation.
 * @cssprop --omni-gap - Spacing from the viewport edge.
 */
export class OmniAlert extends OmniElement {
  static override styles = styles;

  /** The offer to show. */
  @property({ attribute: false }) offer?: Offer;

  /** The resolved template; when unset, the center's (or the default for the offer's scenario). */
  @property({ attribute: false }) template?: Template;

  /** The center that answers the offer; provided by `<omni-notification-host>` when inside it. */
  @consume({ context: centerContext, subscribe: true })
  @property({ attribute: false })
  center?: NotificationCenter;

  /** Decline reasons Reject asks for; when unset, the center's `settings.rejectReasons`. Empty: Reject needs none. */
  @property({ attribute: false }) rejectReasons?: string[];

  /** `light`, `dark` or `system` (default). */
  @property({ reflect: true }) theme: 'light' | 'dark' | 'system' = 'system';

  /**
   * Set by `<omni-notification-host>`, which emits `omni-accept` / `omni-reject`
   * itself from the center, whatever surface answered (button, shortcut,
   * desktop notification): the alert then does not, so each is emitted once.
   */
  @property({ type: Boolean }) hosted = false;

  /** The command this alert sent, if any. */
  @state() private busy: 'accept' | 'reject' | null = null;
  /** An answer to this offer is on its way, from any surface (the center's `pending`). */
  @state() private pending = false;
  private unsubscribe: (() => void) | null = null;
  @state() private error = '';
  /** The decline-reason menu is open. */
  @state() private reasonsOpen = false;
  /** Focus the menu's first item after the next render (the agent opened it). */
  private focusReasons = false;
  /** The auto-accept sentence for assistive technology, fixed when the offer arrives (said once, not every second). */
  private autoSpoken = '';

  private readonly ids = `omni-alert-${++uid}`;
  private timedOut = false;
  private readonly clock = new ClockController(this, () => {
    if (!this.offer) return null;
    const remaining = this.remaining();
    if (remaining <= 0) return null;
    const wait = untilNextSecond(-(this.now() - this.offer.queuedAt));
    const auto = this.autoAcceptAt();
    const untilAuto = auto === null ? 0 : auto - this.now();
    return Math.min(
      wait,
      remaining <= 1000 ? remaining : untilNextSecond(remaining),
      untilAuto > 0 ? untilNextSecond(untilAuto) : Infinity,
    );
  });

  constructor() {
    super();
    new LocaleController(this);
  }

  private now(): number {
    return this.center ? this.center.serverNow() : Date.now();
  }

  private remaining(): number {
    return this.offer ? this.offer.expiresAt - this.now() : 0;
  }

  private resolved(): Template | undefined {
    if (this.template) return this.template;
    if (!this.offer) return undefined;
    return this.center
      ? this.center.template(this.offer)
      : resolveTemplate(this.offer.templateId, this.offer.scenario, undefined, undefined);
  }

  /**
   * When the server starts this conversation by itself (server time), or null:
   * `offeredAt + autoAcceptSec` when the template sets it and that comes before
   * the deadline; never for work that is opened rather than accepted.
   */
  autoAcceptAt(): number | null {
    const sec = this.resolved()?.autoAcceptSec;
    if (!this.offer || this.autoAssign || typeof sec !== 'number' || !Number.isFinite(sec) || sec < 0) return null;
    const at = this.offer.offeredAt + sec * 1000;
    return at < this.offer.expiresAt ? at : null;
  }

  /** The decline reasons Reject asks for (empty: none). */
  get reasons(): string[] {
    const list = this.rejectReasons ?? this.center?.state.settings.rejectReasons;
    return Array.isArray(list) ? list.filter((r) => typeof r === 'string' && r.trim() !== '') : [];
  }

  /** Accept or Open, and whether Reject is offered: the center's rule, else the template's. */
  private can(): { accept: 'accept' | 'open'; reject: boolean } | null {
    const o = this.offer;
    const t = this.resolved();
    if (!o || !t) return null;
    if (this.center && !this.template) return this.center.actions(o);
    const open = !!(o.autoAssign || t.autoAssign);
    return { accept: open ? 'open' : 'accept', reject: t.allowReject && !open };
  }

  /** True when this offer is answered with "Open" (auto-assigned work). */
  get autoAssign(): boolean {
    return this.can()?.accept === 'open';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Moved back into a page: subscribe again (in willUpdate).
    if (this.center && !this.unsubscribe && this.hasUpdated) this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Only while connected: Lit still updates a removed element (an answer settling after the host
    // dropped its alert sets `busy`), and a subscription made then kept the removed alert, its
    // shadow DOM and its listeners alive for good (the soak bench: 120 alerts an hour).
    if (this.isConnected && (changed.has('center') || (this.center && !this.unsubscribe))) {
      this.unsubscribe?.();
      const c = this.center;
      this.unsubscribe = c ? c.subscribe((s) => (this.pending = !!this.offer && s.pending.has(this.offer.offerId))) : null;
    }
    if (changed.has('offer')) {
      this.pending = !!this.offer && !!this.center?.state.pending.has(this.offer.offerId);
      this.busy = null;
      this.error = '';
      this.timedOut = false;
      this.reasonsOpen = false;
      const auto = this.autoAcceptAt();
      const left = auto === null ? 0 : Math.ceil((auto - this.now()) / 1000);
      this.autoSpoken =
        auto === null || left <= 0 ? '' : msg(str`Accepts automatically in ${spokenDuration(left * 1000)}.`, { id: 'alert.auto-accept-said' });
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('offer') || changed.has('center') || changed.has('template')) this.clock.schedule();
    if (this.focusReasons) {
      this.focusReasons = false;
      this.renderRoot.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    }
    const expired = !!this.offer && this.remaining() <= 0;
    this.hidden = !this.offer || expired;
    if (expired && !this.timedOut && !this.center) {
      this.timedOut = true;
      this.emit('omni-timeout', { offerId: this.offer!.offerId, conversationId: this.offer!.conversationId });
    }
  }

  /** Accepts the offer, as the Accept button does. */
  async accept(): Promise<void> {
    await this.answer('accept');
  }

  /**
   * Rejects the offer, as the Reject button does (no-op where Reject is not
   * allowed). Where decline reasons are configured and no `reason` is given,
   * it opens the reason menu (focus moves into it: the agent asked for it).
   */
  async reject(reason?: string): Promise<void> {
    if (!this.can()?.reject) return;
    if (reason === undefined && this.reasons.length) {
      this.openReasons();
      return;
    }
    this.reasonsOpen = false;
    await this.answer('reject', reason);
  }

  private openReasons(): void {
    if (!this.offer || this.busy || this.remaining() <= 0) return;
    this.reasonsOpen = true;
    this.focusReasons = true;
  }

  private closeReasons(refocus: boolean): void {
    this.reasonsOpen = false;
    if (refocus) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[part~="reject"]')?.focus());
  }

  /** Arrow keys move through the reasons, Escape closes the menu and returns to Reject, Tab leaves it. */
  private onReasonsKey(e: KeyboardEvent): void {
    const items = [...this.renderRoot.querySelectorAll<HTMLElement>('[role="menuitem"]')];
    const at = items.indexOf((this.renderRoot as ShadowRoot).activeElement as HTMLElement);
    const go = (i: number) => {
      e.preventDefault();
      items[(i + items.length) % items.length]?.focus();
    };
    if (e.key === 'ArrowDown') go(at + 1);
    else if (e.key === 'ArrowUp') go(at - 1);
    else if (e.key === 'Home') go(0);
    else if (e.key === 'End') go(items.length - 1);
    else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation(); // the menu's Escape, not the page's
      this.closeReasons(true);
    } else if (e.key === 'Tab') this.reasonsOpen = false;
  }

  private async answer(kind: 'accept' | 'reject', reason?: string): Promise<void> {
    const offer = this.offer;
    if (!offer || this.busy || this.pending || this.remaining() <= 0) return;
    const detail = { offerId: offer.offerId, conversationId: offer.conversationId, ...(reason ? { reason } : {}) };
    if (!this.hosted) this.emit(kind === 'accept' ? 'omni-accept' : 'omni-reject', detail);
    if (!this.center) return;
    this.busy = kind;
    this.error = '';
    try {
      await this.center.answer(offer.offerId, kind, reason);
    } catch (e) {
      if (this.offer === offer) {
        const why = e instanceof Error ? e.message : String(e);
        this.error =
          kind === 'accept'
            ? msg(str`Could not accept: ${why}. Try again.`, { id: 'alert.accept-failed' })
            : msg(str`Could not reject: ${why}. Try again.`, { id: 'alert.reject-failed' });
      }
    } finally {
      if (this.offer === offer) this.busy = null;
    }
  }

  protected override render() {
    const offer = this.offer;
    const t = this.resolved();
    if (!offer || !t) return nothing;
    const now = this.now();
    const remaining = Math.max(0, offer.expiresAt - now);
    const ctx = { item: offer, now };
    const title = isolated(renderSlugParts(localizedTitle(t), ctx));
    const name = clip(customerLabel(offer));
    const fields = renderFields(t.fields, ctx).filter((f) => f.key !== 'customerName');
    const can = this.can()!;
    const open = can.accept === 'open';
    const canReject = can.reject;
    const reasons = canReject ? this.reasons : [];
    const busy = !!this.busy || this.pending;
    const secs = Math.ceil(remaining / 1000);
    const auto = this.autoAcceptAt();
    const id = this.ids;
    const { lang, dir } = localeAttributes();
    return html`
      <div
        part="base"
        class="card"
        lang=${lang}
        dir=${dir}
        role="alertdialog"
        aria-labelledby="${id}-title ${id}-heading"
        aria-describedby="${id}-details${this.autoSpoken ? ` ${id}-auto` : ''}"
      >
        <div class="head">
          <span class="icon">${channelIcon(offer.channel, offer.scenario)}</span>
          <div class="titles">
            <span class="eyebrow" id="${id}-title">${title}</span>
            <h2 part="heading" id="${id}-heading" title=${name}><bdi>${name}</bdi></h2>
          </div>
          ${t.showTimeout && auto === null
            ? html`<span
                part="countdown"
                class="countdown ${secs <= 10 ? 'urgent' : ''}"
                role="timer"
                aria-label=${msg(str`Time left: ${spokenDuration(secs * 1000)}`, { id: 'alert.time-left' })}
                >${formatDuration(secs * 1000)}</span
              >`
            : nothing}
        </div>
        <dl part="details" id="${id}-details">
          ${fields.map(
            (f) => html`<dt>${f.label || nothing}</dt>
              <dd class=${f.key === 'waitTime' ? 'wait' : ''}><bdi>${f.value}</bdi></dd>`,
          )}
        </dl>
        ${auto !== null ? this.renderAutoAccept(auto - now) : nothing}
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
        <div part="actions" class="actions">
          ${canReject
            ? html`<button
                part="reject"
                class="reject"
                aria-disabled=${busy ? 'true' : 'false'}
                aria-haspopup=${reasons.length ? 'menu' : nothing}
                aria-expanded=${reasons.length ? String(this.reasonsOpen) : nothing}
                aria-controls=${reasons.length && this.reasonsOpen ? `${id}-reasons` : nothing}
                @click=${() => (reasons.length && this.reasonsOpen ? this.closeReasons(false) : this.reject())}
              >
                ${msg('Reject', { id: 'alert.reject' })}
              </button>`
            : nothing}
          <button
            part="accept"
            class="accept primary"
            aria-disabled=${busy ? 'true' : 'false'}
            @click=${() => this.accept()}
          >
            ${open ? msg('Open', { id: 'alert.open' }) : msg('Accept', { id: 'alert.accept' })}
          </button>
        </div>
        ${reasons.length && this.reasonsOpen ? this.renderReasons(reasons) : nothing}
      </div>
    `;
  }

  /** "Accepting in N s": visible and ticking, but said once (the sentence in the description), not every second. */
  private renderAutoAccept(left: number) {
    const secs = Math.ceil(left / 1000);
    return html`<p part="auto-accept" class="auto-accept">
      <span aria-hidden="true"
        >${secs > 0
          ? msg(str`Accepting in ${formatNumber(secs)} s`, { id: 'alert.auto-accept' })
          : msg('Accepting…', { id: 'alert.auto-accepting' })}</span
      >
      ${this.autoSpoken ? html`<span class="visually-hidden" id="${this.ids}-auto">${this.autoSpoken}</span>` : nothing}
    </p>`;
  }

  /** The decline reasons: a menu of real buttons, reached and left with the keyboard. */
  private renderReasons(reasons: string[]) {
    return html`<div
      part="reasons"
      class="reasons"
      role="menu"
      id="${this.ids}-reasons"
      aria-label=${msg('Reason for rejecting', { id: 'alert.reasons' })}
      @keydown=${(e: KeyboardEvent) => this.onReasonsKey(e)}
    >
      ${reasons.map(
        (r, i) =>
          html`<button role="menuitem" tabindex=${i === 0 ? '0' : '-1'} @click=${() => this.reject(r)}><bdi>${clip(r, 80)}</bdi></button>`,
      )}
    </div>`;
  }
}
