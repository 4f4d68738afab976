/** Administrator settings: theme, alert template fields, missed notifications, host attributes. */
import { html, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import { icon } from './icons.js';
import type { Actions, Placement, UiSettings } from './state.js';

const THEMES: [UiSettings['theme'], string][] = [
  ['system', 'System'],
  ['light', 'Light'],
  ['dark', 'Dark'],
];
const PLACEMENTS: [Placement, string][] = [
  ['top-end', 'Top right'],
  ['top-start', 'Top left'],
  ['bottom-end', 'Bottom right'],
  ['bottom-start', 'Bottom left'],
];
const DESKTOP: [UiSettings['desktop'], string][] = [
  ['template', 'As each template says'],
  ['background', 'When the app is in the background'],
  ['always', 'Always'],
  ['never', 'Never'],
];

export const TIMEOUT_MIN = 5;
export const TIMEOUT_MAX = 600;

function select<T extends string>(
  id: string,
  label: string,
  value: T,
  options: [T, string][],
  apply: (v: T) => void,
): TemplateResult {
  return html`<div class="od-field">
    <label for=${id}>${label}</label>
    <select id=${id} .value=${live(value)} @change=${(e: Event) => apply((e.target as HTMLSelectElement).value as T)}>
      ${options.map(([v, text]) => html`<option value=${v} ?selected=${v === value}>${text}</option>`)}
    </select>
  </div>`;
}

function check(id: string, label: string, checked: boolean, apply: (v: boolean) => void, hint?: string): TemplateResult {
  return html`<div class="od-check">
    <input
      type="checkbox"
      id=${id}
      .checked=${live(checked)}
      aria-describedby=${ifDefined(hint ? `${id}-hint` : undefined)}
      @change=${(e: Event) => apply((e.target as HTMLInputElement).checked)}
    />
    <label for=${id}>${label}</label>
    ${hint ? html`<p class="od-muted od-hint" id=${`${id}-hint`}>${hint}</p>` : ''}
  </div>`;
}

export function settingsView(ui: UiSettings, actions: Actions): TemplateResult {
  const onTimeout = (e: Event) => {
    const input = e.target as HTMLInputElement;
    const n = Math.round(Number(input.value));
    if (!Number.isFinite(n) || input.value === '') {
      input.value = String(ui.timeoutSec);
      return;
    }
    const v = Math.min(TIMEOUT_MAX, Math.max(TIMEOUT_MIN, n));
    input.value = String(v);
    actions.applySettings({ timeoutSec: v });
  };
  return html`
    <section class="od-card" id="od-settings" aria-labelledby="od-settings-title">
      <div class="od-card-head">
        <h2 id="od-settings-title">${icon('settings', 18)} Settings</h2>
      </div>
      <form class="od-form" @submit=${(e: Event) => e.preventDefault()}>
        ${select('od-set-theme', 'Theme', ui.theme, THEMES, (theme) => actions.applySettings({ theme }))}
        <fieldset class="od-fieldset">
          <legend>Alert templates (chat, SMS, social, voice)</legend>
          <div class="od-field">
            <label for="od-set-timeout">Timeout (seconds)</label>
            <input
              id="od-set-timeout"
              type="number"
              inputmode="numeric"
              min=${TIMEOUT_MIN}
              max=${TIMEOUT_MAX}
              step="1"
              .value=${live(String(ui.timeoutSec))}
              aria-describedby="od-set-timeout-hint"
              @change=${onTimeout}
            />
            <p class="od-muted od-hint" id="od-set-timeout-hint">
              ${TIMEOUT_MIN}–${TIMEOUT_MAX} s. Applies to the next notifications.
            </p>
          </div>
          ${check('od-set-showtimeout', 'Show Timeout', ui.showTimeout, (showTimeout) =>
            actions.applySettings({ showTimeout }),
          )}
          ${check('od-set-reject', 'Reject allowed', ui.allowReject, (allowReject) => actions.applySettings({ allowReject }))}
        </fieldset>
        ${check(
          'od-set-missed',
          'Missed notifications',
          ui.missed,
          (missed) => actions.applySettings({ missed }),
          'When on, an unanswered alert sets your presence to Inactive until you reset it.',
        )}
        ${select('od-set-placement', 'Placement', ui.placement, PLACEMENTS, (placement) =>
          actions.applySettings({ placement }),
        )}
        ${select('od-set-desktop', 'Desktop notifications', ui.desktop, DESKTOP, (desktop) =>
          actions.applySettings({ desktop }),
        )}
        ${check(
          'od-set-shortcuts',
          'Keyboard shortcuts',
          ui.shortcuts,
          (shortcuts) => actions.applySettings({ shortcuts }),
          'Ctrl+Shift+A accepts and Ctrl+Shift+R rejects the most urgent alert.',
        )}
      </form>
    </section>
  `;
}
