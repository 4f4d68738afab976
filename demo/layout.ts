/**
 * The dashboard's shell: app bar, workspace nav, main work area (missed
 * banner, sessions, event log) and the productivity pane (simulator, team,
 * settings). Views get state and actions; they never touch the engine.
 */
import { html, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import type { ConnectionState, Presence } from '../src/services/protocol/types.js';
import { PRESENCE_LABELS } from '../src/services/format.js';
import { ME, PICKABLE } from './data.js';
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

const NAV: [href: string, iconName: string, label: string][] = [
  ['#od-sessions', 'sessions', 'Sessions'],
  ['#od-log', 'log', 'Event log'],
  ['#od-sim', 'bolt', 'Simulate'],
  ['#od-team', 'team', 'Team'],
  ['#od-settings', 'settings', 'Settings'],
];

function presencePicker(presence: Presence, actions: Actions): TemplateResult {
  // Inactive is the system's to set: always in the list (so the select can show it
  // the moment it holds: Lit sets a select's value before it renders its options),
  // but hidden and disabled, never offered as a choice.
  const inactive = presence === 'inactive';
  return html`<div class="od-presence">
    <label for="od-presence-select">Presence</label>
    <span class="od-presence-field">
      <span class="od-presence-dot od-presence-dot-bar" data-presence=${presence} aria-hidden="true"></span>
      <select
        id="od-presence-select"
        .value=${live(presence)}
        @change=${(e: Event) => actions.setPresence((e.target as HTMLSelectElement).value as Presence)}
      >
        <option value="inactive" disabled ?hidden=${!inactive} ?selected=${inactive}>${PRESENCE_LABELS.inactive}</option>
        ${PICKABLE.map((p) => html`<option value=${p} ?selected=${p === presence}>${PRESENCE_LABELS[p]}</option>`)}
      </select>
    </span>
  </div>`;
}

function appBar(state: DemoState, actions: Actions): TemplateResult {
  const connection = state.center.connection;
  return html`<header class="od-appbar">
    <a class="od-skip" href="#od-main">Skip to work area</a>
    <span class="od-waffle" aria-hidden="true">${icon('waffle', 20)}</span>
    <p class="od-brand">
      <span class="od-brand-name">Omnichannel workspace</span>
      <span class="od-brand-sub">Customer Service</span>
    </p>
    <div class="od-appbar-end">
      <p class="od-conn" role="status" data-state=${connection}>
        <span class="od-conn-dot" aria-hidden="true"></span
        ><span class="od-conn-text">${CONNECTION_LABELS[connection] ?? connection}</span>
      </p>
      ${presencePicker(state.center.presence, actions)}
      <span class="od-avatar od-avatar-bar" title=${ME.name} aria-hidden="true">${initials(ME.name)}</span>
      <span class="od-visually-hidden">Signed in as ${ME.name}</span>
    </div>
  </header>`;
}

function nav(): TemplateResult {
  return html`<nav class="od-nav" aria-label="Workspace">
    <ul>
      ${NAV.map(
        ([href, name, label]) =>
          html`<li>
            <a href=${href} title=${label}>${icon(name, 20)}<span class="od-nav-label">${label}</span></a>
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
  return html`<div class="od-app" data-theme=${state.ui.theme}>
    ${appBar(state, actions)}
    <div class="od-body">
      ${nav()}
      <main class="od-main" id="od-main" tabindex="-1" aria-label="Work area">
        ${parts.banner}
        ${sessionsView(state.sessions, state.selected, actions)} ${logView(state.log, actions)}
      </main>
      <aside class="od-pane" aria-label="Tools">
        ${simulatorView(state.sim, state.center.connection, actions)} ${teamView(state.team, state.conversations, ME.id, actions)}
        ${settingsView(state.ui, actions)} ${parts.desktop ?? ''}
      </aside>
    </div>
    ${parts.host}
  </div>`;
}
