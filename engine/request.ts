/** Checks of createConversation's input, so nothing oversized or ill-typed reaches a message. */
import type { Scenario } from '../src/services/protocol/types.js';
import { SCENARIOS } from '../src/services/protocol/types.js';
import { OmniEngineError, type ConversationRequest } from './model.js';

const MAX_TEXT = 1000;
const MAX_COMMENT = 4000;
const MAX_FIELDS = 20;

const bad = (message: string) => new OmniEngineError('bad-message', message);
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function optText(v: unknown, name: string, max = MAX_TEXT): void {
  if (v !== undefined && (typeof v !== 'string' || v.length > max)) throw bad(`${name} must be a string of at most ${max} characters`);
}

/** Throws OmniEngineError `bad-message` unless `req` is a valid conversation request. */
export function checkRequest(req: unknown): asserts req is ConversationRequest {
  if (!isObj(req)) throw bad('conversation must be an object');
  if (typeof req.channel !== 'string' || !req.channel.trim() || req.channel.length > 50) {
    throw bad('channel must be a non-empty string of at most 50 characters');
  }
  if (req.scenario !== undefined && !SCENARIOS.includes(req.scenario as Scenario)) {
    throw bad(`scenario must be one of ${SCENARIOS.join(', ')}`);
  }
  if (!isObj(req.customer)) throw bad('customer must be an object');
  for (const k of ['name', 'phone', 'email'] as const) optText(req.customer[k], `customer.${k}`);
  optText(req.comment, 'comment', MAX_COMMENT);
  optText(req.queue, 'queue');
  optText(req.from, 'from');
  if (req.agentId !== undefined && (typeof req.agentId !== 'string' || !req.agentId)) throw bad('agentId must be a non-empty string');
  if (req.fields !== undefined) {
    if (!isObj(req.fields)) throw bad('fields must be an object of strings');
    const entries = Object.entries(req.fields);
    if (entries.length > MAX_FIELDS) throw bad(`fields has more than ${MAX_FIELDS} entries`);
    for (const [k, v] of entries) optText(v ?? 0, `fields.${k}`);
  }
}

/** The scenario a channel implies when the request names none. */
export function scenarioForChannel(channel: string): Scenario {
  const c = channel.toLowerCase();
  if (c === 'chat' || c === 'sms' || c === 'voice') return c;
  if (c === 'phone') return 'voice';
  return 'social';
}
