/**
 * Dynamics 365 Omnichannel's out-of-the-box templates (one per scenario) and
 * the field-by-field merge of defaults, server settings and host overrides.
 * Data only, no UI strings: the routing engine and the widget share it.
 */
import type { Scenario, Template } from './types.js';

const alert = (id: Scenario, title: string): Template => ({
  id,
  kind: 'alert',
  title,
  fields: ['{customerName}', '{comment}', '{waitTime}'],
  showTimeout: true,
  timeoutSec: 120,
  allowReject: true,
  autoAssign: false,
  toastDurationSec: 0,
  desktop: 'background',
  sound: { tone: id, repeat: true, volume: 0.6 },
});

const toast = (id: Scenario, title: string, fields: string[]): Template => ({
  id,
  kind: 'toast',
  title,
  fields,
  showTimeout: false,
  timeoutSec: 120,
  allowReject: false,
  autoAssign: true,
  toastDurationSec: 8,
  desktop: 'background',
  sound: null,
});

/** Dynamics 365's out-of-the-box templates, keyed by scenario. */
export const DEFAULT_TEMPLATES: Readonly<Record<Scenario, Template>> = Object.freeze({
  chat: alert('chat', 'Incoming chat request'),
  sms: alert('sms', 'Incoming SMS request'),
  social: alert('social', 'Incoming {channel} request'),
  voice: alert('voice', 'Incoming call'),
  assignment: toast('assignment', 'Conversation assigned', ['{customerName}', '{comment}', '{queue}']),
  transfer: toast('transfer', 'Conversation transferred', ['{customerName}', '{from}', '{comment}']),
  escalation: toast('escalation', 'Conversation escalated', ['{customerName}', '{from}', '{comment}']),
  'bot-escalation': toast('bot-escalation', 'Escalated from bot', ['{customerName}', '{comment}', '{waitTime}']),
});

export type TemplateOverrides = Record<string, Partial<Template>>;

/** Resolves a template: defaults ← server settings ← host overrides, field by field. */
export function resolveTemplate(
  id: string,
  fallbackScenario: Scenario,
  server: Record<string, Template> | undefined,
  overrides: TemplateOverrides | undefined,
): Template {
  const base =
    (DEFAULT_TEMPLATES as Record<string, Template>)[id] ??
    { ...DEFAULT_TEMPLATES[fallbackScenario] ?? DEFAULT_TEMPLATES.chat, id };
  const t: Template = { ...base, ...server?.[id], ...overrides?.[id] };
  t.fields = (Array.isArray(t.fields) ? t.fields : base.fields).slice(0, 4);
  if (!(t.timeoutSec > 0)) t.timeoutSec = base.timeoutSec;
  if (!(t.toastDurationSec >= 0)) t.toastDurationSec = base.toastDurationSec;
  return t;
}

