/**
 * Team panel: each agent's presence, load and missed requests, recent
 * routing, and the supervisor's reset (the engine's: back to the presence
 * the system last set, as the seeds define it).
 */
import { html, type TemplateResult } from 'lit';
import { presenceLabel } from '../src/services/format.js';
import { tr } from './i18n.js';
import { icon } from './icons.js';
import { channelName, initials } from './sessions.js';
import type { Actions, TeamAgent, TeamConversation } from './state.js';

/** English keys, shown through tr(). */
const STATUS_TEXT: Record<string, string> = {
  queued: 'Waiting in queue',
  offered: 'Offered to',
  active: 'With',
  abandoned: 'Abandoned',
  closed: 'Closed',
};

function agentRow(a: TeamAgent, meId: string, actions: Actions): TemplateResult {
  const me = a.id === meId;
  const name = me ? tr('{0} (you)', a.name) : a.name;
  const resettable = a.presence !== a.lastSystemPresence || a.missed > 0;
  const presence = presenceLabel(a.presence);
  const full = a.sessions >= a.capacity;
  return html`<li class="od-agent" data-agent=${a.id}>
    <span class="od-avatar od-avatar-sm" aria-hidden="true"
      >${initials(a.name)}<span class="od-presence-dot" data-presence=${a.presence}></span
    ></span>
    <div class="od-agent-main">
      <p class="od-agent-name">${name}</p>
      <p class="od-agent-meta">
        <span class="od-presence-text" data-presence=${a.presence}>${presence}</span>
        ${a.connected ? '' : html`<span> · ${tr('not connected')}</span>`}
      </p>
    </div>
    <div class="od-agent-load">
      <span class="od-load" ?data-full=${full}>
        <span class="od-visually-hidden">${tr('Load:')} </span>${a.sessions} / ${a.capacity}<span class="od-visually-hidden">
          ${tr('sessions')}</span
        >
      </span>
      ${a.offers ? html`<span class="od-badge">${tr('{0} offered', a.offers)}</span>` : ''}
      ${a.missed ? html`<span class="od-badge od-missed-count">${tr('{0} missed', a.missed)}</span>` : ''}
    </div>
    <button
      type="button"
      class="od-btn od-btn-subtle od-btn-small"
      aria-label=${tr('Supervisor: reset presence of {0}', a.name)}
      title=${tr('Back to the presence the system last set ({0})', presenceLabel(a.lastSystemPresence))}
      ?disabled=${!resettable}
      @click=${() => actions.resetPresence(a.id)}
    >
      ${tr('Reset presence')}
    </button>
  </li>`;
}

function conversationRow(c: TeamConversation, agents: TeamAgent[]): TemplateResult {
  const agent = agents.find((a) => a.id === c.agentId);
  const who = c.status === 'offered' || c.status === 'active' ? (agent?.name ?? c.agentId ?? '') : '';
  return html`<li class="od-conv" data-status=${c.status}>
    <span class="od-conv-customer">${c.customerLabel}</span>
    <span class="od-muted">${channelName(c.channel)}</span>
    <span class="od-conv-status">${tr(STATUS_TEXT[c.status] ?? c.status)}${who ? ` ${who}` : ''}</span>
  </li>`;
}

export function teamView(
  agents: TeamAgent[],
  conversations: TeamConversation[],
  meId: string,
  actions: Actions,
): TemplateResult {
  const recent = conversations.slice(-6).reverse();
  return html`
    <section class="od-card" id="od-team" aria-labelledby="od-team-title">
      <div class="od-card-head">
        <h2 id="od-team-title">${icon('team', 18)} ${tr('Team')}</h2>
        <span class="od-muted">${tr('{0} available', agents.filter((a) => a.presence === 'available').length)}</span>
      </div>
      <ul class="od-agents" aria-label=${tr('Agents')}>
        ${agents.map((a) => agentRow(a, meId, actions))}
      </ul>
      <h3 class="od-subhead" id="od-routing-title">${tr('Recent routing')}</h3>
      ${recent.length
        ? html`<ul class="od-convs" aria-labelledby="od-routing-title">
            ${recent.map((c) => conversationRow(c, agents))}
          </ul>`
        : html`<p class="od-muted od-empty-small">${tr('Nothing routed yet.')}</p>`}
    </section>
  `;
}
