import { consume } from '@lit/context';
import { msg, str } from '@lit/localize';
import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { clip } from '../../internal/channel-icon.js';
import { centerContext } from '../../internal/context.js';
import { LocaleController, localeAttributes } from '../../internal/locale-controller.js';
import { OmniElement } from '../../internal/omni-element.js';
import type { CenterState, NotificationCenter } from '../../services/center.js';
import { presenceLabel } from '../../services/format.js';
import { formatNumber, localeTag, plural } from '../../services/i18n.js';
import type { MissedItem, Presence, Theme } from '../../services/protocol/types.js';
import { channelLabel, customerLabel } from '../../services/templates.js';
import styles from './omni-missed-banner.styles.js';

const CHOICES: Presence[] = ['available', 'busy', 'dnd', 'away', 'offline'];
let uid = 0;

/** "chat" → "Chat" as a list entry (channel words are lower case for use inside titles). */
const capitalized = (s: string) => s.charAt(0).toLocaleUpperCase(localeTag()) + s.slice(1);

/**
 * @summary Says that notifications were missed and presence is Inactive, with
 * **Reset status** and **Change status**. Place it at the top of the
 * dashboard; outside the host, give it the host's `center`.
 *
 * **Details** (a disclosure) lists the recently missed requests: customer,
 * channel and time. Its theme is its own `theme` attribute when set, else the
 * enclosing host's, else the administrator's (`settings.theme` from its center).
 *
 * @csspart base - The banner. Its text is the `role="alert"` (the buttons and the menu are outside it, so opening the menu does not read the banner again).
 * @csspart reset - The Reset status button.
 * @csspart change - The Change status button.
 * @csspart menu - The list of presences.
 * @csspart details-toggle - The Details button.
 * @csspart details - The list of recently missed requests.
 *
 * @cssprop --omni-surface - Background (mixed with danger).
 * @cssprop --omni-on-surface - Text colour.
 * @cssprop --omni-danger - Border and tint.
 * @cssprop --omni-border - Button borders.
 * @cssprop --omni-radius - Corner radius.
 * @cssprop --omni-font - Font family.
 */
export class OmniMissedBanner extends OmniElement {
  static override styles = styles;

  /** The center whose missed state is shown; provided by the host when inside it. */
  @consume({ context: centerContext, subscribe: true })
  @property({ attribute: false })
  center?: NotificationCenter;

  /** `light`, `dark` or `system`; unset: the enclosing host's, else what the center's settings say, else `system`. */
  @property({ reflect: true }) theme?: Theme;

  @state() private view: CenterState | null = null;
  @state() private menuOpen = false;
  @state() private detailsOpen = false;
  private readonly ids = `omni-missed-${++uid}`;
  @state() private error = '';
  private unsubscribe: (() => void) | null = null;

  constructor() {
    super();
    new LocaleController(this);
  }

  /** Inside a host: follows the host's effective theme as it changes. */
  private hostTheme: MutationObserver | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    this.listen();
    const host = this.closest('omni-notification-host');
    if (host && typeof MutationObserver !== 'undefined') {
      this.hostTheme = new MutationObserver(() => this.requestUpdate());
      this.hostTheme.observe(host, { attributes: true, attributeFilter: ['data-effective-theme'] });
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.hostTheme?.disconnect();
    this.hostTheme = null;
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('center')) this.listen();
    const shown = !!this.view?.missed;
    this.hidden = !shown;
    if (!shown) {
      this.menuOpen = false;
      this.detailsOpen = false;
    }
    // The theme the tokens read (see tokens('data-effective-theme')).
    const host = this.closest('omni-notification-host');
    const theme = this.theme ?? (host?.getAttribute('data-effective-theme') as Theme | null) ?? this.view?.settings.theme ?? 'system';
    this.setAttribute('data-effective-theme', theme);
  }

  private listen(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.view = null;
    if (this.center && this.isConnected) {
      this.unsubscribe = this.center.subscribe((s) => {
        const v = this.view;
        if (!v || s.missed !== v.missed || s.presence !== v.presence || s.settings.theme !== v.settings.theme) this.view = s;
      });
    }
  }

  private run(p: Promise<void> | undefined): void {
    this.error = '';
    p?.catch((e: unknown) => {
      const why = e instanceof Error ? e.message : String(e);
      this.error = msg(str`Could not change your status: ${why}.`, { id: 'banner.failed' });
    });
  }

  protected override render() {
    const v = this.view;
    if (!v?.missed) return nothing;
    const n = v.missed.count;
    const presence = presenceLabel(v.presence);
    const count = formatNumber(n);
    const { lang, dir } = localeAttributes();
    const recent = Array.isArray(v.missed.recent) ? v.missed.recent.slice(0, 10) : [];
    return html`
      <div part="base" class="banner" lang=${lang} dir=${dir}>
        <p class="text" role="alert">
          <strong>${plural(n, 'banner.missed', str`You missed ${count} notification.`, str`You missed ${count} notifications.`)}</strong>
          ${msg(str`Your status is ${presence}, so you won't get new work until you change it.`, { id: 'banner.inactive' })}
          ${this.error ? html`<br /><span>${this.error}</span>` : nothing}
        </p>
        <div class="actions">
          ${recent.length
            ? html`<button
                part="details-toggle"
                aria-expanded=${this.detailsOpen ? 'true' : 'false'}
                aria-controls="${this.ids}-details"
                @click=${() => (this.detailsOpen = !this.detailsOpen)}
              >
                ${msg('Details', { id: 'banner.details' })}
              </button>`
            : nothing}
          <button part="reset" class="primary" @click=${() => this.run(this.center?.ackMissed())}>
            ${msg('Reset status', { id: 'banner.reset' })}
          </button>
          <button part="change" aria-expanded=${this.menuOpen ? 'true' : 'false'} @click=${() => (this.menuOpen = !this.menuOpen)}>
            ${msg('Change status', { id: 'banner.change' })}
          </button>
        </div>
        ${this.menuOpen
          ? html`<ul part="menu" class="menu" aria-label=${msg('Presences', { id: 'banner.presences' })}>
              ${CHOICES.map(
                (p) =>
                  html`<li>
                    <button aria-pressed=${v.presence === p ? 'true' : 'false'} @click=${() => this.run(this.center?.setPresence(p))}>
                      ${presenceLabel(p)}
                    </button>
                  </li>`,
              )}
            </ul>`
          : nothing}
        ${recent.length ? this.renderDetails(recent) : nothing}
      </div>
    `;
  }

  /** The recently missed requests, newest first: customer, channel, time (local, in the widget's locale). */
  private renderDetails(recent: MissedItem[]) {
    const skew = this.center ? this.center.serverNow() - Date.now() : 0;
    const time = new Intl.DateTimeFormat(localeTag(), { hour: 'numeric', minute: '2-digit' });
    return html`<ul
      part="details"
      class="details"
      id="${this.ids}-details"
      aria-label=${msg('Missed requests', { id: 'banner.recent' })}
      ?hidden=${!this.detailsOpen}
    >
      ${recent.map((r) => {
        const at = new Date(r.at - skew);
        return html`<li>
          <bdi class="who">${clip(customerLabel({ customer: r.customer ?? {} }), 80)}</bdi>
          <span class="channel">${capitalized(channelLabel(r.channel || r.scenario))}</span>
          <time datetime=${at.toISOString()}>${time.format(at)}</time>
        </li>`;
      })}
    </ul>`;
  }
}
