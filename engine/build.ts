/**
 * The wire shapes the engine hands out (offer, session, notice), built from a
 * conversation as fresh objects so no caller shares the engine's records.
 */
import type { Notice, Offer, Session, Template } from '../src/services/protocol/types.js';
import type { ConversationRecord } from './model.js';

/** Drops keys whose value is undefined, so messages carry only what is known. */
export function compact<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

const customerOf = (conv: ConversationRecord) => ({ ...conv.customer });
const contactOf = (conv: ConversationRecord) => conv.contact && { ...conv.contact };

export function buildOffer(conv: ConversationRecord, t: Template, offerId: string, now: number): Offer {
  return compact({
    offerId,
    conversationId: conv.id,
    scenario: conv.scenario,
    channel: conv.channel,
    customer: customerOf(conv),
    contact: contactOf(conv),
    comment: conv.comment,
    queue: conv.queue,
    fields: conv.fields && { ...conv.fields },
    queuedAt: conv.queuedAt,
    offeredAt: now,
    expiresAt: now + t.timeoutSec * 1000,
    templateId: t.id,
    autoAssign: t.autoAssign,
  });
}

export function buildSession(conv: ConversationRecord, sessionId: string, now: number): Session {
  return compact({
    sessionId,
    conversationId: conv.id,
    channel: conv.channel,
    customer: customerOf(conv),
    contact: contactOf(conv),
    comment: conv.comment,
    queuedAt: conv.queuedAt,
    startedAt: now,
  });
}

/** `queued`: the conversation waited in the queue (its queuedAt is a wait time); false for a direct assignment. */
export function buildNotice(conv: ConversationRecord, t: Template, noticeId: string, now: number, queued: boolean): Notice {
  // {queue} of a toast reads fields.queue: a notice has no queue of its own.
  const fields = conv.queue && !conv.fields?.queue ? { ...conv.fields, queue: conv.queue } : conv.fields && { ...conv.fields };
  return compact({
    noticeId,
    conversationId: conv.id,
    scenario: conv.scenario,
    customer: customerOf(conv),
    contact: contactOf(conv),
    comment: conv.comment,
    from: conv.from,
    fields,
    createdAt: now,
    queuedAt: queued ? conv.queuedAt : undefined,
    templateId: t.id,
  });
}
