/**
 * This workspace's own choices (the host element's attributes: placement,
 * desktop override, shortcuts), and the way to the administrator's page
 * (demo/admin.ts), where templates, routing and decline reasons are set.
 */
import { html, type TemplateResult } from 'lit';
import { check, select } from './form.js';
import { tr } from './i18n.js';
import { icon } from './icons.js';
import type { Actions, Placement, UiSettings } from './state.js';

const PLACEMENTS = (): [Placement, string][] => [
  ['top-end', tr('Top right')],
  ['top-start', tr('Top left')],
  ['bottom-end', tr('Bottom right')],
  ['bottom-start', tr('Bottom left')],
];
const DESKTOP = (): [UiSettings['desktop'], string][] => [
  ['template', tr('As each template says')],
  ['background', tr('When the app is in the background')],
  ['always', tr('Always')],
  ['never', tr('Never')],
];

export function settingsView(ui: UiSettings, actions: Actions): TemplateResult {
  return html`
    <section class="od-card" id="od-workspace" aria-labelledby="od-workspace-title">
      <div class="od-card-head">
        <h2 id="od-workspace-title">${icon('settings', 18)} ${tr('This workspace')}</h2>
      </div>
      <form class="od-form" @submit=${(e: Event) => e.preventDefault()}>
        ${select('od-set-placement', tr('Placement'), ui.placement, PLACEMENTS(), (placement) => actions.applySettings({ placement }))}
        ${select('od-set-desktop', tr('Desktop notifications'), ui.desktop, DESKTOP(), (desktop) => actions.applySettings({ desktop }))}
        ${check(
          'od-set-shortcuts',
          tr('Keyboard shortcuts'),
          ui.shortcuts,
          (shortcuts) => actions.applySettings({ shortcuts }),
          tr('Ctrl+Shift+A accepts and Ctrl+Shift+R rejects the most urgent alert.'),
        )}
        <p class="od-hint od-muted">${tr('Templates, theme, routing and decline reasons are the administrator’s.')}</p>
        <div class="od-actions">
          <button type="button" class="od-btn" @click=${() => actions.openPage('admin')}>${tr('Open administrator settings')}</button>
        </div>
      </form>
    </section>
  `;
}
