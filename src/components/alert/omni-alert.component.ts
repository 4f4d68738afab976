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
 * @event omni-accept - The agent chose Accept (or Open). `detail: {offerId, conversationId}`.
 * @event omni-reject - The agent chose Reject. `detail: {offerId, conversationId}`.
 * @event omni-timeout - Only when used without a center: the deadline passed. `detail: {offerId, conversationId}`.
 *
 * @csspart base - The alert dialog card.
 * @csspart heading - The heading with the customer's name.
 * @csspart countdown - The remaining time.
 * @csspart details - The list of template fields.
 * @csspart actions - The button row.
 * @csspart accept - The Accept (Open) button.
 * @csspart reject - The Reject button.
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

  /** `light`, `dark` or `system` (default). */
  @property({ reflect: true }) theme: 'light' | 'dark' | 'system' = 'system';

  /** The command in flight, if any. */
  @state() private busy: 'accept' | 'reject' | null = null;
  @state() private error = '';

  private readonly ids = `omni-alert-${++uid}`;
  private timedOut = false;
  private readonly clock = new ClockController(this, () => {
    if (!this.offer) return null;
    const remaining = this.remaining();
    if (remaining <= 0) return null;
    const wait = untilNextSecond(-(this.now() - this.offer.queuedAt));
    return Math.min(wait, remaining <= 1000 ? remaining : untilNextSecond(remaining));
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

  /** True when this offer is answered with "Open" (auto-assigned work). */
  get autoAssign(): boolean {
    return !!(this.offer?.autoAssign || this.resolved()?.autoAssign);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('offer')) {
      this.busy = null;
      this.error = '';
      this.timedOut = false;
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('offer') || changed.has('center')) this.clock.schedule();
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

  /** Rejects the offer, as the Reject button does (no-op where Reject is not allowed). */
  async reject(): Promise<void> {
    const t = this.resolved();
    if (!t || !t.allowReject || this.autoAssign) return;
    await this.answer('reject');
  }

  private async answer(kind: 'accept' | 'reject'): Promise<void> {
    const offer = this.offer;
    if (!offer || this.busy || this.remaining() <= 0) return;
    const detail = { offerId: offer.offerId, conversationId: offer.conversationId };
    this.emit(kind === 'accept' ? 'omni-accept' : 'omni-reject', detail);
    if (!this.center) return;
    this.busy = kind;
    this.error = '';
    try {
      await (kind === 'accept' ? this.center.accept(offer.offerId) : this.center.reject(offer.offerId));
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
    const open = this.autoAssign;
    const canReject = t.allowReject && !open;
    const secs = Math.ceil(remaining / 1000);
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
        aria-describedby="${id}-details"
      >
        <div class="head">
          <span class="icon">${channelIcon(offer.channel, offer.scenario)}</span>
          <div class="titles">
            <span class="eyebrow" id="${id}-title">${title}</span>
            <h2 part="heading" id="${id}-heading" title=${name}><bdi>${name}</bdi></h2>
          </div>
          ${t.showTimeout
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
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
        <div part="actions" class="actions">
          ${canReject
            ? html`<button
                part="reject"
                class="reject"
                aria-disabled=${this.busy ? 'true' : 'false'}
                @click=${() => this.reject()}
              >
                ${msg('Reject', { id: 'alert.reject' })}
              </button>`
            : nothing}
          <button
            part="accept"
            class="accept primary"
            aria-disabled=${this.busy ? 'true' : 'false'}
            @click=${() => this.accept()}
          >
            ${open ? msg('Open', { id: 'alert.open' }) : msg('Accept', { id: 'alert.accept' })}
          </button>
        </div>
      </div>
    `;
  }
}
