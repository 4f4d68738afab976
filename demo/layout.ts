/**
 * The dashboard's shell: app bar, workspace nav, main work area (missed
 * banner, sessions, event log) and the productivity pane (simulator, team,
 * settings). Views get state and actions; they never touch the engine.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import type { ConnectionState, Presence } from '../src/services/protocol/types.js';
import { presenceLabel } from '../src/services/format.js';
import { adminView } from './admin.js';
import { ME, PICKABLE } from './data.js';
import { DEMO_LANGS, tr, type DemoLang } from './i18n.js';
import { icon } from './icons.js';
import { logView } from './log.js';
import { initials, sessionsView } from './sessions.js';
import { settingsView } from './settings.js';
import { simulatorView } from './simulator.js';
import type { Actions, DemoState } from './state.js';
import { teamView } from './team.js';

const CONNECTION_LABELS: Record<ConnectionState, string> = {
  open: 'Connected',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  closed: 'Disconnected',
};

/** Where each entry leads: a place on the work page, or the administrator's page. */
const NAV: [href: string, iconName: string, label: string, page: DemoState['page']][] = [
  ['#od-sessions', 'sessions', 'Sessions', 'work'],
  ['#od-log', 'log', 'Event log', 'work'],
  ['#od-sim', 'bolt', 'Simulate', 'work'],
  ['#od-team', 'team', 'Team', 'work'],
  ['#od-settings', 'settings', 'Settings', 'admin'],
];

function languagePicker(lang: DemoLang, actions: Actions): TemplateResult {
  return html`<div class="od-presence od-lang">
    <label for="od-lang-select">${tr('Language')}</label>
    <select id="od-lang-select" .value=${live(lang)} @change=${(e: Event) => actions.setLang((e.target as HTMLSelectElement).value as DemoLang)}>
      ${DEMO_LANGS.map(([l, name]) => html`<option value=${l} lang=${l} ?selected=${l === lang}>${name}</option>`)}
    </select>
  </div>`;
}

function presencePicker(presence: Presence, actions: Actions): TemplateResult {
  // Inactive is the system's to set: always in the list (so the select can show it
  // the moment it holds: Lit sets a select's value before it renders its options),
  // but hidden and disabled, never offered as a choice.
  const inactive = presence === 'inactive';
  return html`<div class="od-presence">
    <label for="od-presence-select">${tr('Presence')}</label>
    <span class="od-presence-field">
      <span class="od-presence-dot od-presence-dot-bar" data-presence=${presence} aria-hidden="true"></span>
      <select
        id="od-presence-select"
        .value=${live(presence)}
        @change=${(e: Event) => actions.setPresence((e.target as HTMLSelectElement).value as Presence)}
      >
        <option value="inactive" disabled ?hidden=${!inactive} ?selected=${inactive}>${presenceLabel('inactive')}</option>
        ${PICKABLE.map((p) => html`<option value=${p} ?selected=${p === presence}>${presenceLabel(p)}</option>`)}
      </select>
    </span>
  </div>`;
}

function appBar(state: DemoState, actions: Actions): TemplateResult {
  const connection = state.center.connection;
  return html`<header class="od-appbar">
    <a class="od-skip" href="#od-main">${tr('Skip to work area')}</a>
    <span class="od-waffle" aria-hidden="true">${icon('waffle', 20)}</span>
    <p class="od-brand">
      <span class="od-brand-name">${tr('Omnichannel workspace')}</span>
      <span class="od-brand-sub">${tr('Customer Service')}</span>
    </p>
    <div class="od-appbar-end">
      <p class="od-conn" role="status" data-state=${connection}>
        <span class="od-conn-dot" aria-hidden="true"></span
        ><span class="od-conn-text">${tr(CONNECTION_LABELS[connection] ?? connection)}</span>
      </p>
      ${languagePicker(state.lang, actions)} ${presencePicker(state.center.presence, actions)}
      <span class="od-avatar od-avatar-bar" title=${ME.name} aria-hidden="true">${initials(ME.name)}</span>
      <span class="od-visually-hidden">${tr('Signed in as {0}', ME.name)}</span>
    </div>
  </header>`;
}

function nav(page: DemoState['page'], actions: Actions): TemplateResult {
  const go = (e: Event, target: DemoState['page'], href: string) => {
    if (target === page && target === 'work') return; // an anchor on this page: the browser scrolls to it
    e.preventDefault();
    actions.openPage(target);
    if (target === 'work') document.querySelector(href)?.scrollIntoView();
  };
  return html`<nav class="od-nav" aria-label=${tr('Workspace')}>
    <ul>
      ${NAV.map(
        ([href, name, label, target]) =>
          html`<li>
            <a
              href=${href}
              title=${tr(label)}
              aria-current=${target === 'admin' && page === 'admin' ? 'page' : nothing}
              @click=${(e: Event) => go(e, target, href)}
              >${icon(name, 20)}<span class="od-nav-label">${tr(label)}</span></a
            >
          </li>`,
      )}
    </ul>
  </nav>`;
}

export function shell(
  state: DemoState,
  actions: Actions,
  parts: { host: HTMLElement; banner: HTMLElement; desktop?: HTMLElement },
): TemplateResult {
  const admin = state.page === 'admin';
  return html`<div class="od-app" data-theme=${state.settings.theme} data-page=${state.page}>
    ${appBar(state, actions)}
    <div class="od-body">
      ${nav(state.page, actions)}
      <main class="od-main" id="od-main" tabindex="-1" aria-label=${admin ? tr('Administrator settings') : tr('Work area')}>
        ${parts.banner}
        ${admin
          ? adminView(state.settings, state.templateId, actions)
          : html`${sessionsView(state.sessions, state.selected, actions)} ${logView(state.log, actions)}`}
      </main>
      <aside class="od-pane" aria-label="Tools">
        ${simulatorView(state.sim, state.center.connection, actions)} ${teamView(state.team, state.conversations, ME.id, actions)}
        ${settingsView(state.ui, actions)} ${parts.desktop ?? ''}
      </aside>
    </div>
    ${parts.host}
  </div>`;
}
