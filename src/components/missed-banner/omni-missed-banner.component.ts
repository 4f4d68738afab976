import { consume } from '@lit/context';
import { msg, str } from '@lit/localize';
import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { centerContext } from '../../internal/context.js';
import { LocaleController, localeAttributes } from '../../internal/locale-controller.js';
import { OmniElement } from '../../internal/omni-element.js';
import type { CenterState, NotificationCenter } from '../../services/center.js';
import { presenceLabel } from '../../services/format.js';
import { formatNumber, plural } from '../../services/i18n.js';
import type { Presence } from '../../services/protocol/types.js';
import styles from './omni-missed-banner.styles.js';

const CHOICES: Presence[] = ['available', 'busy', 'dnd', 'away', 'offline'];

/**
 * @summary Says that notifications were missed and presence is Inactive, with
 * **Reset status** and **Change status**. Place it at the top of the
 * dashboard; outside the host, give it the host's `center`.
 *
 * @csspart base - The banner (`role="alert"`).
 * @csspart reset - The Reset status button.
 * @csspart change - The Change status button.
 * @csspart menu - The list of presences.
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

  /** `light`, `dark` or `system` (default). */
  @property({ reflect: true }) theme: 'light' | 'dark' | 'system' = 'system';

  @state() private view: CenterState | null = null;
  @state() private menuOpen = false;
  @state() private error = '';
  private unsubscribe: (() => void) | null = null;

  constructor() {
    super();
    new LocaleController(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.listen();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('center')) this.listen();
    const shown = !!this.view?.missed;
    this.hidden = !shown;
    if (!shown) this.menuOpen = false;
  }

  private listen(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.view = null;
    if (this.center && this.isConnected) {
      this.unsubscribe = this.center.subscribe((s) => {
        if (!this.view || s.missed !== this.view.missed || s.presence !== this.view.presence) this.view = s;
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
    return html`
      <div part="base" class="banner" role="alert" lang=${lang} dir=${dir}>
        <p class="text">
          <strong>${plural(n, 'banner.missed', str`You missed ${count} notification.`, str`You missed ${count} notifications.`)}</strong>
          ${msg(str`Your status is ${presence}, so you won't get new work until you change it.`, { id: 'banner.inactive' })}
          ${this.error ? html`<br /><span>${this.error}</span>` : nothing}
        </p>
        <div class="actions">
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
      </div>
    `;
  }
}
