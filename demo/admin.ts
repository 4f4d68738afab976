/**
 * The administrator's page: what every agent's notifications look like and
 * how routing treats them: theme, missed notifications, the display window
 * (with Dynamics 365's eight minutes), decline reasons, and the eight
 * templates with a live preview. Changes go through the engine (or the
 * server's API) as `settings`, and apply to the next notification.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import type { Settings } from '../src/services/protocol/types.js';
import { templateEditor } from './admin-template.js';
import { check, select } from './form.js';
import { tr } from './i18n.js';
import { icon } from './icons.js';
import type { Actions } from './state.js';

export const EIGHT_MINUTES_MS = 480_000;
export const MAX_REASONS = 10;

const THEMES = (): [Settings['theme'], string][] => [
  ['system', tr('System')],
  ['light', tr('Light')],
  ['dark', tr('Dark')],
];

function windows(current: number): [string, string][] {
  const list: [string, string][] = [
    ['15000', tr('15 seconds (recommended)')],
    ['30000', tr('30 seconds')],
    ['60000', tr('1 minute')],
    [String(EIGHT_MINUTES_MS), tr('Eight minutes (Dynamics 365)')],
  ];
  if (!list.some(([v]) => Number(v) === current)) list.push([String(current), tr('{0} seconds', Math.round(current / 1000))]);
  return list;
}

function reasonsEditor(settings: Settings, actions: Actions): TemplateResult {
  const reasons = settings.rejectReasons ?? [];
  const save = (next: string[]) => actions.updateSettings({ rejectReasons: next });
  const move = (i: number, by: number) => {
    const next = [...reasons];
    const [r] = next.splice(i, 1);
    next.splice(i + by, 0, r!);
    save(next);
  };
  const add = (e: Event) => {
    e.preventDefault();
    const input = (e.currentTarget as HTMLFormElement).querySelector<HTMLInputElement>('#od-set-reason-new')!;
    const text = input.value.trim();
    if (!text) return;
    if (reasons.includes(text)) {
      actions.note(tr('“{0}” is already a reason', text));
      return;
    }
    input.value = '';
    save([...reasons, text]);
  };
  return html`<fieldset class="od-fieldset od-reasons">
    <legend>${tr('Decline reasons')}</legend>
    <p class="od-muted od-hint" id="od-reasons-hint">
      ${tr('When there are reasons, Reject asks the agent for one; it is recorded with the conversation.')}
    </p>
    ${reasons.length
      ? html`<ol class="od-reason-list" aria-label=${tr('Decline reasons, in the order agents see them')}>
          ${reasons.map(
            (r, i) => html`<li class="od-reason">
              <span class="od-reason-text">${r}</span>
              <button type="button" class="od-btn od-btn-small od-btn-subtle" aria-label=${tr('Move “{0}” up', r)} ?disabled=${i === 0} @click=${() => move(i, -1)}>↑</button>
              <button type="button" class="od-btn od-btn-small od-btn-subtle" aria-label=${tr('Move “{0}” down', r)} ?disabled=${i === reasons.length - 1} @click=${() => move(i, 1)}>↓</button>
              <button type="button" class="od-btn od-btn-small od-btn-subtle" aria-label=${tr('Remove “{0}”', r)} @click=${() => save(reasons.filter((_, j) => j !== i))}>
                ${icon('close', 14)}
              </button>
            </li>`,
          )}
        </ol>`
      : html`<p class="od-muted od-empty-small">${tr('No reasons: Reject needs none.')}</p>`}
    <form class="od-reason-add" @submit=${add}>
      <div class="od-field">
        <label for="od-set-reason-new">${tr('New reason')}</label>
        <input id="od-set-reason-new" type="text" autocomplete="off" maxlength="200" ?disabled=${reasons.length >= MAX_REASONS} />
      </div>
      <button type="submit" class="od-btn" ?disabled=${reasons.length >= MAX_REASONS}>${tr('Add reason')}</button>
    </form>
    ${select(
      'od-set-reason-default',
      tr('When Reject comes without a reason'),
      settings.rejectReasonDefault ?? 'none',
      [
        ['first', tr('Record the first reason')],
        ['none', tr('Record “no reason”')],
      ],
      (rejectReasonDefault) => actions.updateSettings({ rejectReasonDefault }),
      { hint: tr('A desktop notification’s Reject button, or a client that cannot ask.'), disabled: !reasons.length },
    )}
  </fieldset>`;
}

export function adminView(settings: Settings, templateId: string, actions: Actions): TemplateResult {
  const windowMs = settings.displayWindowMs;
  return html`
    <section class="od-card od-admin" id="od-settings" aria-labelledby="od-settings-title">
      <div class="od-card-head">
        <h2 id="od-settings-title" tabindex="-1">${icon('settings', 18)} ${tr('Administrator settings')}</h2>
        <button type="button" class="od-btn od-btn-subtle" @click=${() => actions.openPage('work')}>${tr('Back to sessions')}</button>
      </div>
      <p class="od-muted">${tr('What every agent’s notifications show, and how routing treats them. Changes apply to the next notification.')}</p>
      <div class="od-form od-admin-form">
        <fieldset class="od-fieldset">
          <legend>${tr('General')}</legend>
          ${select('od-set-theme', tr('Theme'), settings.theme, THEMES(), (theme) => actions.updateSettings({ theme }))}
          ${check(
            'od-set-missed',
            tr('Missed notifications'),
            settings.missedNotifications,
            (missedNotifications) => actions.updateSettings({ missedNotifications }),
            tr('When on, an unanswered alert sets the agent’s presence to Inactive until it is reset.'),
          )}
          <div class="od-field">
            <label for="od-set-window">${tr('Display window')}</label>
            <select
              id="od-set-window"
              .value=${live(String(windowMs))}
              aria-describedby="od-set-window-hint"
              @change=${(e: Event) => actions.updateSettings({ displayWindowMs: Number((e.target as HTMLSelectElement).value) })}
            >
              ${windows(windowMs).map(([v, text]) => html`<option value=${v} ?selected=${Number(v) === windowMs}>${text}</option>`)}
            </select>
            <p class="od-muted od-hint" id="od-set-window-hint">
              ${windowMs === EIGHT_MINUTES_MS
                ? tr('As in Dynamics 365: an alert no one saw stays with the agent for eight minutes, whatever its timeout.')
                : tr('An alert that no screen confirmed as shown within this time goes to someone else.')}
            </p>
          </div>
        </fieldset>
        ${reasonsEditor(settings, actions)}
      </div>
      ${templateEditor(settings, templateId, actions)}
      ${nothing}
    </section>
  `;
}
