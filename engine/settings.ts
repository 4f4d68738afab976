/**
 * The administrator's settings: defaults, and the field-by-field merge of a
 * partial update (`{templates: {chat: {timeoutSec: 30}}}` changes one field),
 * checked with the wire validator so that what is pushed to clients is valid.
 */
import type { Scenario, Settings, Template } from '../src/services/protocol/types.js';
import { SCENARIOS } from '../src/services/protocol/types.js';
import { validateServerMessage } from '../src/services/protocol/validate.js';
import { DEFAULT_TEMPLATES, resolveTemplate } from '../src/services/protocol/defaults.js';
import { OmniEngineError } from './model.js';

/** The display window the design asks for, and the eight minutes of Dynamics 365 (`compat`). */
export const DISPLAY_WINDOW_MS = 15_000;
export const COMPAT_DISPLAY_WINDOW_MS = 480_000;

const cloneTemplate = (t: Template): Template => ({ ...t, fields: [...t.fields], sound: t.sound && { ...t.sound } });

export function cloneSettings(s: Settings): Settings {
  const templates: Record<string, Template> = {};
  for (const [k, t] of Object.entries(s.templates)) templates[k] = cloneTemplate(t);
  const copy: Settings = { ...s, templates };
  if (s.rejectReasons) copy.rejectReasons = [...s.rejectReasons];
  return copy;
}

export function defaultSettings(compat = false): Settings {
  const templates: Record<string, Template> = {};
  for (const s of SCENARIOS) templates[s] = cloneTemplate(DEFAULT_TEMPLATES[s]);
  return {
    theme: 'system',
    missedNotifications: true,
    displayWindowMs: compat ? COMPAT_DISPLAY_WINDOW_MS : DISPLAY_WINDOW_MS,
    templates,
  };
}

export type { SettingsPatch } from './model.js';

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * `current` with `patch` merged in; templates field by field (a template id
 * not known yet starts from the chat alert). Throws OmniEngineError
 * `bad-message` when the result would not be valid; `current` is untouched.
 */
/** Names that would reach an object's prototype rather than a template. */
const RESERVED_IDS = new Set(['__proto__', 'constructor', 'prototype']);

export function mergeSettings(current: Settings, patch: unknown): Settings {
  if (!isObj(patch)) throw new OmniEngineError('bad-message', 'settings must be an object');
  const next = cloneSettings(current);
  if ('theme' in patch) next.theme = patch.theme as Settings['theme'];
  if ('missedNotifications' in patch) next.missedNotifications = patch.missedNotifications as boolean;
  if ('displayWindowMs' in patch) next.displayWindowMs = patch.displayWindowMs as number;
  if ('rejectReasons' in patch) next.rejectReasons = patch.rejectReasons as string[];
  if ('rejectReasonDefault' in patch) next.rejectReasonDefault = patch.rejectReasonDefault as Settings['rejectReasonDefault'];
  if (patch.templates !== undefined) {
    if (!isObj(patch.templates)) throw new OmniEngineError('bad-message', 'settings.templates must be an object');
    for (const [id, t] of Object.entries(patch.templates)) {
      if (RESERVED_IDS.has(id)) throw new OmniEngineError('bad-message', `settings.templates: "${id}" is not a template id`);
      if (!isObj(t)) throw new OmniEngineError('bad-message', `settings.templates.${id} must be an object`);
      const base =
        next.templates[id] ??
        cloneTemplate((DEFAULT_TEMPLATES as Record<string, Template>)[id] ?? DEFAULT_TEMPLATES.chat);
      const merged = { ...base, ...t, id } as Template;
      if (isObj(t.sound) && isObj(base.sound)) merged.sound = { ...base.sound, ...t.sound } as Template['sound'];
      next.templates[id] = merged;
    }
  }
  const checked = validateServerMessage({ v: 1, type: 'settings', id: 'settings', ts: 0, settings: next });
  if (!checked.ok) throw new OmniEngineError('bad-message', checked.error.message.replace(/^settings: /, ''));
  if (!(next.displayWindowMs > 0)) throw new OmniEngineError('bad-message', 'settings.displayWindowMs must be positive');
  for (const [id, t] of Object.entries(next.templates)) {
    if (!(t.timeoutSec > 0)) throw new OmniEngineError('bad-message', `settings.templates.${id}.timeoutSec must be positive`);
    if (!(t.toastDurationSec >= 0)) throw new OmniEngineError('bad-message', `settings.templates.${id}.toastDurationSec must not be negative`);
  }
  return next;
}

/** The template of a scenario under the current settings, resolved as the client resolves it. */
export function templateFor(settings: Settings, scenario: Scenario): Template {
  return resolveTemplate(scenario, scenario, settings.templates, undefined);
}
