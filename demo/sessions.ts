/**
 * Sessions: one tab per accepted (or opened) conversation, each with a
 * customer summary and a communication panel. Customer text is only ever
 * bound as text.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { formatDuration } from '../src/services/format.js';
import { channelLabel, customerLabel } from '../src/services/templates.js';
import { tr } from './i18n.js';
import { channelGlyph, icon } from './icons.js';
import type { Actions, Line, SessionView } from './state.js';

const tabId = (s: SessionView) => `od-tab-${s.conversationId}`;
const panelId = (s: SessionView) => `od-panel-${s.conversationId}`;

/** Channel as people say it, with the social network's name for social channels. */
export function channelName(channel: string): string {
  const l = channelLabel(channel);
  return l.charAt(0).toUpperCase() + l.slice(1);
}

export function sessionTitle(s: SessionView): string {
  return customerLabel({ customer: s.customer, contact: s.contact });
}

const clock = (at: number) => new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/** Arrow keys, Home and End move between tabs (the user's own keypress moves focus). */
function onTabKey(e: KeyboardEvent, sessions: SessionView[], index: number, actions: Actions): void {
  const last = sessions.length - 1;
  const to =
    e.key === 'ArrowRight' ? (index === last ? 0 : index + 1)
    : e.key === 'ArrowLeft' ? (index === 0 ? last : index - 1)
    : e.key === 'Home' ? 0
    : e.key === 'End' ? last
    : -1;
  if (e.key === 'Delete') {
    e.preventDefault();
    actions.closeSession(sessions[index].conversationId);
    return;
  }
  if (to < 0) return;
  e.preventDefault();
  const target = sessions[to];
  actions.selectSession(target.conversationId);
  const list = (e.currentTarget as HTMLElement).closest('[role="tablist"]');
  list?.querySelector<HTMLElement>(`#${CSS.escape(tabId(target))}`)?.focus();
}

function tabs(sessions: SessionView[], selected: string | null, actions: Actions): TemplateResult {
  return html`
    <div class="od-tabs">
      <div role="tablist" aria-label=${tr('Open sessions')} class="od-tablist">
        ${sessions.map((s, i) => {
          const on = s.conversationId === selected;
          const name = sessionTitle(s);
          return html`<div class="od-tab-wrap" role="presentation" ?data-selected=${on}>
            <button
              type="button"
              role="tab"
              class="od-tab"
              id=${tabId(s)}
              aria-selected=${on ? 'true' : 'false'}
              aria-controls=${panelId(s)}
              aria-keyshortcuts="Delete"
              tabindex=${on ? 0 : -1}
              @click=${() => actions.selectSession(s.conversationId)}
              @keydown=${(e: KeyboardEvent) => onTabKey(e, sessions, i, actions)}
            >
              ${channelGlyph(s.channel, 16)}
              <span class="od-tab-name">${name}</span>
              <span class="od-visually-hidden">, ${channelName(s.channel)}</span>
            </button>
            <!-- A pointer shortcut only: a tablist may hold nothing but tabs. Keyboard: Delete on the tab, or "Close session" in the panel. -->
            <span class="od-tab-close" aria-hidden="true" title=${tr('Close session')} @click=${() => actions.closeSession(s.conversationId)}>
              ${icon('close', 14)}
            </span>
          </div>`;
        })}
      </div>
    </div>
  `;
}

function row(label: string, value: string | undefined | null): TemplateResult | typeof nothing {
  if (!value) return nothing;
  return html`<div class="od-dl-row"><dt>${label}</dt><dd>${value}</dd></div>`;
}

function summary(s: SessionView): TemplateResult {
  const wait = s.queuedAt !== undefined ? formatDuration(Math.max(0, s.startedAt - s.queuedAt)) : undefined;
  const c = s.contact;
  return html`
    <section class="od-summary" aria-labelledby=${`${panelId(s)}-sum`}>
      <h3 id=${`${panelId(s)}-sum`}>${tr('Customer summary')}</h3>
      <div class="od-customer">
        <span class="od-avatar" aria-hidden="true">${initials(sessionTitle(s))}</span>
        <div>
          <p class="od-customer-name">${sessionTitle(s)}</p>
          <p class="od-muted">${c ? tr('Contact') : tr('Unidentified customer')}</p>
        </div>
      </div>
      <dl class="od-dl">
        ${row(tr('Name'), s.customer.name !== sessionTitle(s) ? s.customer.name : undefined)} ${row(tr('Phone'), s.customer.phone)} ${row(tr('Email'), s.customer.email)}
        ${row(tr('Channel'), channelName(s.channel))} ${row(tr('Queue'), s.queue)} ${row(tr('From'), s.from)}
        ${row(tr('Wait time at acceptance'), wait)} ${row(tr('Accepted at'), clock(s.startedAt))}
        ${row(tr('Comment'), s.comment)}
      </dl>
      ${c
        ? html`<h4>${tr('Contact record')}</h4>
            <dl class="od-dl od-contact">
              ${row(tr('Name'), c.name)} ${row(tr('Account'), c.account)} ${row(tr('Mobile phone'), c.mobilePhone)}
              ${row(tr('Email'), c.email)}
            </dl>`
        : html`<p class="od-muted od-note">${tr('No contact record matched this customer.')}</p>`}
    </section>
  `;
}

function line(l: Line, s: SessionView): TemplateResult {
  const who = l.from === 'agent' ? tr('You') : l.from === 'customer' ? sessionTitle(s) : '';
  return html`<li class="od-msg" data-from=${l.from}>
    ${l.from === 'system'
      ? html`<span class="od-msg-system">${l.text} · ${clock(l.at)}</span>`
      : html`<div class="od-msg-meta"><span class="od-msg-who">${who}</span> <time>${clock(l.at)}</time></div>
          <p class="od-msg-text">${l.text}</p>`}
  </li>`;
}

function communication(s: SessionView, actions: Actions): TemplateResult {
  const inputId = `${panelId(s)}-msg`;
  const submit = (e: Event) => {
    e.preventDefault();
    actions.send(s.conversationId);
  };
  const onKey = (e: KeyboardEvent) => {
    // Enter sends, Shift+Enter adds a line (what chat consoles do).
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) submit(e);
  };
  return html`
    <section class="od-comm" aria-labelledby=${`${panelId(s)}-comm`}>
      <h3 id=${`${panelId(s)}-comm`}>${channelGlyph(s.channel, 18)} Conversation · ${channelName(s.channel)}</h3>
      <div class="od-transcript" role="log" aria-label=${tr('Transcript with {0}', sessionTitle(s))}>
        <ol class="od-transcript-list">
          ${s.lines.map((l) => line(l, s))}
        </ol>
      </div>
      <form class="od-compose" @submit=${submit}>
        <label for=${inputId}>${tr('Message')}</label>
        <div class="od-compose-row">
          <textarea
            id=${inputId}
            name="message"
            rows="2"
            placeholder="Type a reply"
            .value=${live(s.draft)}
            @input=${(e: InputEvent) => actions.setDraft(s.conversationId, (e.target as HTMLTextAreaElement).value)}
            @keydown=${onKey}
          ></textarea>
          <button type="submit" class="od-btn od-btn-primary">${icon('send', 16)} ${tr('Send')}</button>
        </div>
      </form>
    </section>
  `;
}

export function initials(name: string): string {
  const parts = name.replace(/[^\p{L}\p{N}\s]/gu, '').trim().split(/\s+/).filter(Boolean);
  if (!parts.length) return '?';
  return ((parts[0][0] ?? '') + (parts.length > 1 ? parts[parts.length - 1][0] : '')).toUpperCase();
}

export function sessionsView(sessions: SessionView[], selected: string | null, actions: Actions): TemplateResult {
  const current = sessions.find((s) => s.conversationId === selected) ?? sessions[0];
  return html`
    <section class="od-card od-sessions" id="od-sessions" aria-labelledby="od-sessions-title">
      <div class="od-card-head">
        <h2 id="od-sessions-title">${icon('sessions', 18)} ${tr('Sessions')}</h2>
        <span class="od-muted">${tr('{0} open', sessions.length)}</span>
      </div>
      ${current
        ? html`${tabs(sessions, current.conversationId, actions)}
            <div
              class="od-session"
              role="tabpanel"
              id=${panelId(current)}
              aria-labelledby=${tabId(current)}
            >
              <div class="od-session-bar">
                <p class="od-muted">
                  ${channelName(current.channel)} · accepted ${clock(current.startedAt)}
                </p>
                <button
                  type="button"
                  class="od-btn od-btn-small"
                  @click=${() => actions.closeSession(current.conversationId)}
                >
                  ${icon('close', 14)} ${tr('Close session')}
                </button>
              </div>
              ${summary(current)} ${communication(current, actions)}
            </div>`
        : html`<div class="od-empty">
            ${icon('sessions', 40)}
            <p class="od-empty-title">${tr('No open sessions')}</p>
            <p class="od-muted">
              ${tr('Accepted conversations open here with the customer summary and the conversation.')}
              <a href="#od-sim">${tr('Simulate incoming work')}</a>
            </p>
          </div>`}
    </section>
  `;
}
