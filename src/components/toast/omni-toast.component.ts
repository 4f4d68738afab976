import { consume } from '@lit/context';
import { msg } from '@lit/localize';
import { html, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { channelIcon, clip, isolated } from '../../internal/channel-icon.js';
import { centerContext } from '../../internal/context.js';
import { LocaleController, localeAttributes } from '../../internal/locale-controller.js';
import { OmniElement } from '../../internal/omni-element.js';
import type { NotificationCenter } from '../../services/center.js';
import type { Notice, Template } from '../../services/protocol/types.js';
import { customerLabel, localizedTitle, renderFields, renderSlugParts, resolveTemplate } from '../../services/templates.js';
import styles from './omni-toast.styles.js';

/**
 * @summary A passing notice (assignment, transfer, escalation): select it to
 * open the session; it goes away after its duration, paused while hovered,
 * focused or while the page is hidden.
 *
 * @event omni-toast-open - The agent selected the toast. `detail: {noticeId, conversationId, scenario, customer, notice}`.
 * @event omni-toast-dismiss - Dismissed, or its duration ran out. `detail: {noticeId, conversationId, reason}`.
 *
 * @csspart base - The toast card (`role="status"`).
 * @csspart body - The button that opens the session.
 * @csspart dismiss - The Dismiss button.
 *
 * @cssprop --omni-surface - Background.
 * @cssprop --omni-on-surface - Text colour.
 * @cssprop --omni-accent - Icon.
 * @cssprop --omni-border - Borders.
 * @cssprop --omni-radius - Corner radius.
 * @cssprop --omni-font - Font family.
 * @cssprop --omni-shadow - Elevation.
 */
export class OmniToast extends OmniElement {
  static override styles = styles;

  /** The notice to show. */
  @property({ attribute: false }) notice?: Notice;

  /** The resolved template; when unset, the center's (or the scenario's default). */
  @property({ attribute: false }) template?: Template;

  /** Provided by `<omni-notification-host>` when inside it. */
  @consume({ context: centerContext, subscribe: true })
  @property({ attribute: false })
  center?: NotificationCenter;

  /** `light`, `dark` or `system` (default). */
  @property({ reflect: true }) theme: 'light' | 'dark' | 'system' = 'system';

  /** Seconds before it goes away; overrides the template's `toastDurationSec`. 0 = stays. */
  @property({ type: Number }) duration?: number;

  /**
   * Set by `<omni-notification-host>`, whose live region reads the toast:
   * its `role="status"` then stays quiet (`aria-live="off"`), so it is heard once.
   */
  @property({ type: Boolean }) quiet = false;

  // sonner-style timer: time left is kept while paused, measured with timestamps.
  private left = 0;
  private startedAt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly pauses = new Set<string>();
  private done = false;
  private readonly onVisibility = () => this.setPaused('hidden', document.visibilityState === 'hidden');

  constructor() {
    super();
    new LocaleController(this);
  }

  private resolved(): Template | undefined {
    if (this.template) return this.template;
    if (!this.notice) return undefined;
    return this.center
      ? this.center.template(this.notice)
      : resolveTemplate(this.notice.templateId, this.notice.scenario, undefined, undefined);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('visibilitychange', this.onVisibility);
    this.addEventListener('pointerenter', this.onEnter);
    this.addEventListener('pointerleave', this.onLeave);
    this.addEventListener('focusin', this.onFocusIn);
    this.addEventListener('focusout', this.onFocusOut);
    this.addEventListener('keydown', this.onKey);
    this.onVisibility();
    if (this.notice) this.restart();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('visibilitychange', this.onVisibility);
    this.removeEventListener('pointerenter', this.onEnter);
    this.removeEventListener('pointerleave', this.onLeave);
    this.removeEventListener('focusin', this.onFocusIn);
    this.removeEventListener('focusout', this.onFocusOut);
    this.removeEventListener('keydown', this.onKey);
    this.stop();
  }

  private readonly onEnter = () => this.setPaused('hover', true);
  private readonly onLeave = () => this.setPaused('hover', false);
  private readonly onFocusIn = () => this.setPaused('focus', true);
  private readonly onFocusOut = (e: FocusEvent) => {
    if (!this.contains(e.relatedTarget as Node) && !this.shadowRoot?.contains(e.relatedTarget as Node)) {
      this.setPaused('focus', false);
    }
  };
  private readonly onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      this.dismiss();
    }
  };

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('notice') || changed.has('duration') || changed.has('template')) {
      if (changed.has('notice')) this.done = false;
      if (this.isConnected) this.restart();
    }
  }

  /** Time left before the toast goes away, in ms (Infinity when it stays). */
  get timeLeft(): number {
    if (this.left === Infinity) return Infinity;
    return this.timer ? Math.max(0, this.left - (Date.now() - this.startedAt)) : this.left;
  }

  private durationMs(): number {
    const secs = this.duration ?? this.resolved()?.toastDurationSec ?? 0;
    return secs > 0 ? secs * 1000 : Infinity;
  }

  private restart(): void {
    this.stop();
    this.left = this.durationMs();
    this.resume();
  }

  private setPaused(reason: string, paused: boolean): void {
    if (paused) {
      if (this.pauses.has(reason)) return;
      this.pauses.add(reason);
      if (this.timer) {
        this.left -= Date.now() - this.startedAt;
        this.stop();
      }
    } else if (this.pauses.delete(reason)) {
      this.resume();
    }
  }

  private resume(): void {
    // A sticky toast has no timer at all.
    if (this.pauses.size || this.left === Infinity || this.timer || this.done || !this.notice) return;
    this.startedAt = Date.now();
    this.timer = setTimeout(() => {
      this.timer = null;
      this.finish('expired');
    }, Math.max(0, this.left));
  }

  private stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Opens the session, as selecting the toast does. */
  open(): void {
    const n = this.notice;
    if (!n || this.done) return;
    this.done = true;
    this.stop();
    this.emit('omni-toast-open', {
      noticeId: n.noticeId,
      conversationId: n.conversationId,
      scenario: n.scenario,
      customer: n.customer,
      notice: n,
    });
    this.center?.openNotice(n.noticeId).catch(() => {
      /* reported by the center as omni-error */
    });
    this.hidden = true;
  }

  /** Removes the toast, as the Dismiss button does. */
  dismiss(): void {
    this.finish('dismissed');
  }

  private finish(reason: 'dismissed' | 'expired'): void {
    const n = this.notice;
    if (!n || this.done) return;
    this.done = true;
    this.stop();
    this.emit('omni-toast-dismiss', { noticeId: n.noticeId, conversationId: n.conversationId, reason });
    this.center?.dismissNotice(n.noticeId);
    this.hidden = true;
  }

  protected override render() {
    const n = this.notice;
    const t = this.resolved();
    if (!n || !t) return nothing;
    const ctx = { item: n, now: this.center ? this.center.serverNow() : Date.now() };
    const title = isolated(renderSlugParts(localizedTitle(t), ctx));
    // Customer text is isolated from the label around it (a name with a
    // right-to-left override must not flip "From:").
    const lines = renderFields(t.fields, ctx).map((f) =>
      f.key === 'customerName'
        ? html`<bdi>${clip(customerLabel(n))}</bdi>`
        : f.label && f.key !== 'comment'
          ? html`${f.label}: <bdi>${clip(f.value)}</bdi>`
          : html`<bdi>${clip(f.value)}</bdi>`,
    );
    const { lang, dir } = localeAttributes();
    const dismiss = msg('Dismiss', { id: 'toast.dismiss' });
    return html`
      <div part="base" class="card" role="status" aria-live=${this.quiet ? 'off' : nothing} lang=${lang} dir=${dir}>
        <button part="body" class="body" @click=${() => this.open()}>
          <span class="icon">${channelIcon('', n.scenario)}</span>
          <span class="text">
            <span class="title">${title}</span>
            ${lines.map((l) => html`<span class="line">${l}</span>`)}
          </span>
        </button>
        <button part="dismiss" class="dismiss" aria-label=${dismiss} title=${dismiss} @click=${() => this.dismiss()}>
          <span aria-hidden="true">✕</span>
        </button>
      </div>
    `;
  }
}
