/** Team panel: each agent's presence and load, recent routing, and the supervisor's reset. */
import { html, type TemplateResult } from 'lit';
import { PRESENCE_LABELS } from '../src/services/format.js';
import { icon } from './icons.js';
import { channelName, initials } from './sessions.js';
import type { Actions, TeamAgent, TeamConversation } from './state.js';

const STATUS_TEXT: Record<string, string> = {
  queued: 'Waiting in queue',
  offered: 'Offered to',
  active: 'With',
  abandoned: 'Abandoned',
  closed: 'Closed',
};

function agentRow(a: TeamAgent, meId: string, actions: Actions): TemplateResult {
  const me = a.id === meId;
  const name = me ? `${a.name} (you)` : a.name;
  const presence = PRESENCE_LABELS[a.presence] ?? a.presence;
  const full = a.sessions >= a.capacity;
  return html`<li class="od-agent" data-agent=${a.id}>
    <span class="od-avatar od-avatar-sm" aria-hidden="true"
      >${initials(a.name)}<span class="od-presence-dot" data-presence=${a.presence}></span
    ></span>
    <div class="od-agent-main">
      <p class="od-agent-name">${name}</p>
      <p class="od-agent-meta">
        <span class="od-presence-text" data-presence=${a.presence}>${presence}</span>
        ${a.connected ? '' : html`<span> · not connected</span>`}
      </p>
    </div>
    <div class="od-agent-load">
      <span class="od-load" ?data-full=${full}>
        <span class="od-visually-hidden">Load: </span>${a.sessions} / ${a.capacity}<span class="od-visually-hidden">
          sessions</span
        >
      </span>
      ${a.offers ? html`<span class="od-badge">${a.offers} offered</span>` : ''}
    </div>
    <button
      type="button"
      class="od-btn od-btn-subtle od-btn-small"
      aria-label=${`Supervisor: reset presence of ${a.name}`}
      title="Supervisor: set presence to Available"
      ?disabled=${a.presence === 'available'}
      @click=${() => actions.resetPresence(a.id)}
    >
      Reset presence
    </button>
  </li>`;
}

function conversationRow(c: TeamConversation, agents: TeamAgent[]): TemplateResult {
  const agent = agents.find((a) => a.id === c.agentId);
  const who = c.status === 'offered' || c.status === 'active' ? (agent?.name ?? c.agentId ?? '') : '';
  return html`<li class="od-conv" data-status=${c.status}>
    <span class="od-conv-customer">${c.customerLabel}</span>
    <span class="od-muted">${channelName(c.channel)}</span>
    <span class="od-conv-status">${STATUS_TEXT[c.status] ?? c.status}${who ? ` ${who}` : ''}</span>
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
        <h2 id="od-team-title">${icon('team', 18)} Team</h2>
        <span class="od-muted">${agents.filter((a) => a.presence === 'available').length} available</span>
      </div>
      <ul class="od-agents" aria-label="Agents">
        ${agents.map((a) => agentRow(a, meId, actions))}
      </ul>
      <h3 class="od-subhead" id="od-routing-title">Recent routing</h3>
      ${recent.length
        ? html`<ul class="od-convs" aria-labelledby="od-routing-title">
            ${recent.map((c) => conversationRow(c, agents))}
          </ul>`
        : html`<p class="od-muted od-empty-small">Nothing routed yet.</p>`}
    </section>
  `;
}
