/** The event log: recent omni-* events as text, newest first, bounded. */
import { html, type TemplateResult } from 'lit';
import type { OmniEventMap } from '../src/events/index.js';
import { presenceLabel } from '../src/services/format.js';
import { channelLabel, customerLabel } from '../src/services/templates.js';
import type { Actions, LogEntry } from './state.js';
import { tr } from './i18n.js';
import { icon } from './icons.js';

/** Every public event the dashboard logs. */
export const LOGGED_EVENTS = [
  'omni-offer',
  'omni-accept',
  'omni-reject',
  'omni-timeout',
  'omni-session-start',
  'omni-toast-open',
  'omni-toast-dismiss',
  'omni-missed',
  'omni-presence-change',
  'omni-connection',
  'omni-error',
] as const satisfies readonly (keyof OmniEventMap)[];

export type LoggedEvent = (typeof LOGGED_EVENTS)[number];

const CONNECTION_TEXT: Record<string, string> = {
  connecting: 'connecting',
  open: 'connected',
  reconnecting: 'reconnecting',
  closed: 'closed',
};

/** Engine ids are `<random prefix>-<kind>-<n>`: the readable tail is enough here. */
const short = (id: string | undefined) => (id ? id.split('-').slice(-2).join('-') : '?');

/** A one-line, plain-text description of a public event. */
export function describeEvent(type: LoggedEvent, event: Event): Pick<LogEntry, 'text' | 'tone'> {
  const e = event as OmniEventMap[typeof type];
  switch (type) {
    case 'omni-offer': {
      const { offer } = (e as OmniEventMap['omni-offer']).detail;
      return {
        text: tr('Offer: {0} from {1} ({2})', channelLabel(offer.channel), customerLabel(offer), short(offer.offerId)),
        tone: 'info',
      };
    }
    case 'omni-accept':
      return { text: tr('Accepted {0}', short((e as OmniEventMap['omni-accept']).detail.offerId)), tone: 'info' };
    case 'omni-reject': {
      const d = (e as OmniEventMap['omni-reject']).detail;
      return { text: d.reason ? tr('Rejected {0}: {1}', short(d.offerId), d.reason) : tr('Rejected {0}', short(d.offerId)), tone: 'info' };
    }
    case 'omni-timeout':
      return {
        text: tr('No response: {0} timed out and is rerouted', short((e as OmniEventMap['omni-timeout']).detail.offerId)),
        tone: 'warn',
      };
    case 'omni-session-start': {
      const d = (e as OmniEventMap['omni-session-start']).detail;
      const who = customerLabel({ customer: d.customer ?? {}, contact: d.contact ?? d.session?.contact });
      return { text: tr('Session started with {0} ({1})', who, channelLabel(d.channel ?? 'chat')), tone: 'info' };
    }
    case 'omni-toast-open': {
      const d = (e as OmniEventMap['omni-toast-open']).detail;
      const who = customerLabel({ customer: d.customer ?? {}, contact: d.notice?.contact });
      return { text: tr('Opened the notification for {0}', who), tone: 'info' };
    }
    case 'omni-toast-dismiss': {
      const d = (e as OmniEventMap['omni-toast-dismiss']).detail;
      return { text: d.reason === 'expired' ? tr('Notification {0} expired', short(d.noticeId)) : tr('Notification {0} dismissed', short(d.noticeId)), tone: 'info' };
    }
    case 'omni-missed': {
      const m = (e as OmniEventMap['omni-missed']).detail.missed;
      return m
        ? { text: m.count === 1 ? tr('Missed 1 request; presence set to Inactive') : tr('Missed {0} requests; presence set to Inactive', m.count), tone: 'warn' }
        : { text: tr('Missed notifications cleared'), tone: 'info' };
    }
    case 'omni-presence-change': {
      const d = (e as OmniEventMap['omni-presence-change']).detail;
      return {
        text: tr('Presence: {0} → {1} ({2})', presenceLabel(d.previous), presenceLabel(d.presence), d.reason),
        tone: d.presence === 'inactive' ? 'warn' : 'info',
      };
    }
    case 'omni-connection': {
      const d = (e as OmniEventMap['omni-connection']).detail;
      const state = tr(CONNECTION_TEXT[d.state] ?? d.state);
      const text = d.error ? tr('Connection {0}: {1}', state, d.error) : tr('Connection {0}', state);
      return { text, tone: d.state === 'open' ? 'info' : 'warn' };
    }
    case 'omni-error': {
      const d = (e as OmniEventMap['omni-error']).detail;
      return { text: tr('Error {0}: {1}', d.code, d.message), tone: 'error' };
    }
  }
}

const time = (at: number) =>
  new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });

export function logView(log: readonly LogEntry[], actions: Actions): TemplateResult {
  return html`
    <section class="od-card od-log" id="od-log" aria-labelledby="od-log-title">
      <div class="od-card-head">
        <h2 id="od-log-title">${icon('log', 18)} ${tr('Event log')}</h2>
        <button type="button" class="od-btn od-btn-subtle" @click=${() => actions.clearLog()} ?disabled=${!log.length}>
          ${tr('Clear')}
        </button>
      </div>
      ${log.length
        ? html`<ol class="od-log-list" aria-label=${tr('Recent events, newest first')}>
            ${
              // Unkeyed: rows hold no state, and lit-html 3.3.1–3.3.3's repeat() leaves one comment node
              // behind per removed item (lit/lit#5298), so a capped log scrolling all day grew without bound.
              log.map(
                (l) => html`<li class="od-log-row" data-tone=${l.tone} data-type=${l.type}>
                  <time datetime=${new Date(l.at).toISOString()}>${time(l.at)}</time>
                  <span class="od-log-type">${l.type}</span>
                  <span class="od-log-text">${l.text}</span>
                </li>`,
              )
            }
          </ol>`
        : html`<p class="od-muted od-empty-small">${tr('No events yet.')}</p>`}
    </section>
  `;
}
