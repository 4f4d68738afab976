/**
 * The administrator's template editor: one of the eight templates at a time
 * (title with slugs, up to four fields, alert or toast, timeout, Show
 * Timeout, Reject, auto-accept, toast duration, desktop, sound), beside its
 * live preview. Every change is one `updateTemplate(id, patch)`: the engine
 * merges it and pushes `settings` as a server would, so it applies to the
 * next notification.
 */
import { html, type TemplateResult } from 'lit';
import type { DesktopMode, Settings, Template } from '../src/services/protocol/types.js';
import { previewView } from './admin-preview.js';
import { check, numberField, select, textField } from './form.js';
import { tr } from './i18n.js';
import type { Actions } from './state.js';

export const TEMPLATE_IDS = ['chat', 'sms', 'social', 'voice', 'assignment', 'transfer', 'escalation', 'bot-escalation'] as const;
export const TIMEOUT_MIN = 5;
export const TIMEOUT_MAX = 600;
export const MAX_FIELDS = 4;

const TEMPLATE_NAMES: Record<string, string> = {
  chat: 'Chat',
  sms: 'SMS',
  social: 'Social (Facebook, WhatsApp, …)',
  voice: 'Voice',
  assignment: 'Assignment',
  transfer: 'Transfer',
  escalation: 'Escalation',
  'bot-escalation': 'Escalation from a bot',
};

/** The slugs a title or field may use, and what each becomes. */
export const SLUGS: readonly [slug: string, means: string][] = [
  ['{customerName}', 'the customer’s name, else their phone number, else “Visitor”'],
  ['{comment}', 'the customer’s first message'],
  ['{waitTime}', 'time since the customer joined the queue (keeps counting)'],
  ['{channel}', 'the channel: Chat, SMS, WhatsApp, …'],
  ['{queue}', 'the queue'],
  ['{caseTitle}', 'the case title'],
  ['{caseId}', 'the case number'],
  ['{from}', 'the colleague who transferred or escalated it'],
];

const TONES = (): [string, string][] => [
  ['chat', tr('Chime (chat)')],
  ['sms', tr('Taps (SMS)')],
  ['social', tr('Triad (social)')],
  ['voice', tr('Phone ring (voice)')],
];

const DESKTOP = (): [DesktopMode, string][] => [
  ['background', tr('When the app is in the background')],
  ['always', tr('Always')],
  ['never', tr('Never')],
];

function slugHelp(): TemplateResult {
  return html`<div class="od-slug-help" id="od-slug-help">
    <p class="od-muted od-hint">${tr('Titles and fields may use these slugs; an unknown one shows nothing.')}</p>
    <dl class="od-slugs">
      ${SLUGS.map(([slug, means]) => html`<div><dt><code>${slug}</code></dt><dd>${tr(means)}</dd></div>`)}
    </dl>
  </div>`;
}

function soundFields(id: string, t: Template, actions: Actions): TemplateResult {
  const sound = t.sound;
  const setSound = (patch: Partial<NonNullable<Template['sound']>>) =>
    actions.updateTemplate(id, { sound: { tone: sound?.tone ?? 'chat', repeat: sound?.repeat ?? true, volume: sound?.volume ?? 0.6, ...patch } });
  const volume = Math.round((sound?.volume ?? 0.6) * 100);
  return html`<fieldset class="od-fieldset">
    <legend>${tr('Sound')}</legend>
    ${check('od-set-sound', tr('Play a sound'), !!sound, (on) =>
      actions.updateTemplate(id, { sound: on ? { tone: id in { chat: 1, sms: 1, social: 1, voice: 1 } ? id : 'chat', repeat: t.kind === 'alert', volume: 0.6 } : null }),
    )}
    ${select('od-set-tone', tr('Tone'), sound?.tone ?? 'chat', TONES(), (tone) => setSound({ tone }), { disabled: !sound })}
    ${check('od-set-repeat', tr('Repeat until answered'), sound?.repeat ?? false, (repeat) => setSound({ repeat }), undefined, !sound)}
    <div class="od-field">
      <label for="od-set-volume">${tr('Volume')}</label>
      <input
        id="od-set-volume"
        type="range"
        min="0"
        max="100"
        step="5"
        .value=${String(volume)}
        ?disabled=${!sound}
        aria-valuetext=${tr('{0} percent', volume)}
        @change=${(e: Event) => setSound({ volume: Number((e.target as HTMLInputElement).value) / 100 })}
      />
    </div>
    <button type="button" class="od-btn" ?disabled=${!sound} @click=${() => actions.playTone(id)}>${tr('Play')}</button>
  </fieldset>`;
}

export function templateEditor(settings: Settings, id: string, actions: Actions): TemplateResult {
  const t = settings.templates[id];
  if (!t) return html``;
  const set = (patch: Partial<Template>) => actions.updateTemplate(id, patch);
  const alert = t.kind === 'alert';
  const fields = [...t.fields, '', '', '', ''].slice(0, MAX_FIELDS);
  const setField = (i: number, v: string) => {
    const next = [...fields];
    next[i] = v.trim();
    set({ fields: next.filter((f) => f !== '') });
  };
  const auto = typeof t.autoAcceptSec === 'number' ? t.autoAcceptSec : null;
  return html`<fieldset class="od-fieldset od-template">
    <legend>${tr('Notification templates')}</legend>
    ${select(
      'od-set-template',
      tr('Template'),
      id,
      TEMPLATE_IDS.map((x) => [x, tr(TEMPLATE_NAMES[x] ?? x)] as const),
      (next) => actions.pickTemplate(next),
    )}
    <div class="od-template-form">
      <div class="od-template-col">
        ${textField('od-set-title', tr('Title'), t.title, (title) => (title.trim() ? set({ title: title.trim() }) : actions.refresh()), {
          describedBy: 'od-slug-help',
        })}
        <fieldset class="od-fieldset od-fields">
          <legend>${tr('Fields (up to {0}, in order)', MAX_FIELDS)}</legend>
          ${fields.map((f, i) =>
            textField(`od-set-field-${i + 1}`, tr('Field {0}', i + 1), f, (v) => setField(i, v), {
              describedBy: 'od-slug-help',
              placeholder: i === 0 ? '{customerName}' : undefined,
            }),
          )}
        </fieldset>
        ${slugHelp()}
      </div>
      <div class="od-template-col">
        ${select(
          'od-set-kind',
          tr('Shown as'),
          t.kind,
          [
            ['alert', tr('Alert (Accept / Reject)')],
            ['toast', tr('Toast (opens when selected)')],
          ],
          (kind) => set({ kind }),
        )}
        ${numberField('od-set-timeout', tr('Timeout (seconds)'), t.timeoutSec, { min: TIMEOUT_MIN, max: TIMEOUT_MAX }, (v) => set({ timeoutSec: v ?? 120 }), {
          hint: tr('{0}–{1} s. An unanswered alert is rerouted after this.', TIMEOUT_MIN, TIMEOUT_MAX),
        })}
        ${check('od-set-showtimeout', tr('Show Timeout'), t.showTimeout, (showTimeout) => set({ showTimeout }), undefined, !alert)}
        ${check('od-set-reject', tr('Reject allowed'), t.allowReject, (allowReject) => set({ allowReject }), undefined, !alert)}
        ${numberField(
          'od-set-autoaccept',
          tr('Auto-accept after (seconds)'),
          auto,
          { min: 0, max: TIMEOUT_MAX },
          (v) => set({ autoAcceptSec: v }),
          { empty: null, hint: tr('Empty: off. The conversation starts by itself; Reject still works until then.'), disabled: !alert },
        )}
        ${numberField(
          'od-set-toast-duration',
          tr('Toast duration (seconds)'),
          t.toastDurationSec,
          { min: 0, max: 120 },
          (v) => set({ toastDurationSec: v ?? 0 }),
          { hint: tr('0: stays until dismissed.'), disabled: alert },
        )}
        ${select('od-set-template-desktop', tr('Desktop notification'), t.desktop, DESKTOP(), (desktop) => set({ desktop }))}
        ${soundFields(id, t, actions)}
      </div>
    </div>
    ${previewView(settings, id)}
  </fieldset>`;
}
