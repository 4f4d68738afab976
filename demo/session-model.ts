/** Session tabs from what the elements report: a started session, or an opened toast. */
import type { Contact, Notice, Session } from '../src/services/protocol/types.js';
import { ME } from './data.js';
import type { Line, SessionView } from './state.js';

let lineSeq = 0;

export function sessionLine(from: Line['from'], text: string, at: number): Line {
  return { id: ++lineSeq, from, text, at };
}

/** The opening transcript: the customer's comment first, then who joined. */
function opening(comment: string | undefined, queuedAt: number, startedAt: number, from?: string): Line[] {
  const lines: Line[] = [];
  if (comment) lines.push(sessionLine('customer', comment, queuedAt));
  if (from) lines.push(sessionLine('system', `${from} handed the conversation to you`, startedAt));
  lines.push(sessionLine('system', `${ME.name} joined the conversation`, startedAt));
  return lines;
}

/** A tab for a started session (`omni-session-start`, or a session the server already had). */
export function openFromSession(session: Session, detail?: { contact?: Contact }): SessionView {
  const contact = session.contact ?? detail?.contact;
  return {
    conversationId: session.conversationId,
    sessionId: session.sessionId,
    channel: session.channel,
    customer: session.customer,
    ...(contact ? { contact } : {}),
    ...(session.comment ? { comment: session.comment } : {}),
    queuedAt: session.queuedAt,
    startedAt: session.startedAt,
    lines: opening(session.comment, session.queuedAt, session.startedAt),
    draft: '',
  };
}

/** A tab for an opened toast, until (or in case no) `session.started` follows. */
export function openFromNotice(notice: Notice, now: number): SessionView {
  const queue = notice.fields?.queue;
  return {
    conversationId: notice.conversationId,
    channel: notice.fields?.channel ?? 'chat',
    scenario: notice.scenario,
    customer: notice.customer,
    ...(notice.contact ? { contact: notice.contact } : {}),
    ...(notice.comment ? { comment: notice.comment } : {}),
    ...(notice.from ? { from: notice.from } : {}),
    ...(queue ? { queue } : {}),
    startedAt: now,
    lines: opening(notice.comment, notice.createdAt, now, notice.from),
    draft: '',
  };
}

/**
 * One conversation opened twice (a toast, then its session) keeps one tab:
 * the session's facts win, the transcript and the draft stay.
 */
export function mergeSession(existing: SessionView | undefined, next: SessionView): SessionView {
  if (!existing) return next;
  if (existing.sessionId || !next.sessionId) return existing;
  return {
    ...next,
    from: existing.from ?? next.from,
    queue: existing.queue ?? next.queue,
    scenario: existing.scenario ?? next.scenario,
    lines: existing.lines,
    draft: existing.draft,
  };
}
