/**
 * Client commands: validation, idempotency by commandId, and what each
 * command does to the routing state. Answers go back as `ack` (or `error`
 * when no commandId can be read); nothing here throws into a connection.
 */
import type { ClientCommand, ProtocolError } from '../src/services/protocol/types.js';
import { MAX_FRAME_BYTES } from '../src/services/protocol/types.js';
import { validateCommand } from '../src/services/protocol/validate.js';
import { EnginePresence } from './presence.js';
import type { AgentRecord, CommandResult, ConnectionRecord, EngineOptions } from './model.js';
import { templateFor } from './settings.js';

/** Command results remembered per agent for repeated commandIds, and for how long (EngineOptions.commandMemory). */
const KEEP_RESULTS = 1000;
const KEEP_RESULTS_MS = 10 * 60_000;

const OK: CommandResult = { ok: true };
const fail = (code: ProtocolError['code'], message: string): CommandResult => ({ ok: false, error: { code, message } });

/** The commandId of a command that failed validation, when one can be read (so the client still gets its ack). */
function readCommandId(raw: unknown): string | undefined {
  let value = raw;
  if (typeof raw === 'string') {
    if (raw.length > MAX_FRAME_BYTES) return undefined;
    try {
      value = JSON.parse(raw);
    } catch {
      return undefined;
    }
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const id = (value as { commandId?: unknown }).commandId;
  return typeof id === 'string' && id.length > 0 && id.length <= 200 ? id : undefined;
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export abstract class EngineCommands extends EnginePresence {
  /** agentId → commandId → first result and when; oldest first (a Map keeps insertion order). */
  private readonly results = new Map<string, Map<string, { r: CommandResult; at: number }>>();
  private readonly keepResults: number;
  private readonly keepResultsMs: number;

  constructor(opts: EngineOptions) {
    super(opts);
    this.keepResults = Math.max(1, opts.commandMemory?.perAgent ?? KEEP_RESULTS);
    this.keepResultsMs = Math.max(1, opts.commandMemory?.maxAgeMs ?? KEEP_RESULTS_MS);
  }

  /** One frame from a connection: validate, apply once, answer. */
  protected receiveFrom(conn: ConnectionRecord, raw: unknown): void {
    if (!conn.open || this.disposed) return;
    this.batch(() => {
      let commandId: string | undefined;
      try {
        const v = validateCommand(raw);
        if (!v.ok) {
          commandId = readCommandId(raw);
          if (commandId) this.sendTo(conn, { type: 'ack', commandId, ok: false, error: v.error });
          else this.sendTo(conn, { type: 'error', code: v.error.code, message: v.error.message });
          return;
        }
        commandId = v.value.commandId;
        const agent = this.agents.get(conn.agentId);
        const r = agent ? this.execute(agent, v.value, conn) : fail('unauthorized', 'unknown agent');
        this.sendTo(conn, r.error ? { type: 'ack', commandId, ok: r.ok, error: r.error } : { type: 'ack', commandId, ok: r.ok });
      } catch (e) {
        const message = `command could not be applied: ${describe(e)}`;
        if (commandId) this.sendTo(conn, { type: 'ack', commandId, ok: false, error: { code: 'bad-message', message } });
        else this.sendTo(conn, { type: 'error', code: 'bad-message', message });
      }
    });
  }

  /** Applies a valid command once per (agent, commandId) within the memory's age; a repeat returns the first result. */
  protected execute(agent: AgentRecord, cmd: ClientCommand, conn: ConnectionRecord | null): CommandResult {
    let mine = this.results.get(agent.id);
    if (!mine) this.results.set(agent.id, (mine = new Map()));
    const now = this.now();
    for (const [id, e] of mine) {
      if (now - e.at < this.keepResultsMs) break;
      mine.delete(id); // too old (oldest first)
    }
    const previous = mine.get(cmd.commandId);
    if (previous) return previous.r;
    const r = this.apply(agent, cmd, conn);
    mine.set(cmd.commandId, { r, at: now });
    if (mine.size > this.keepResults) mine.delete(mine.keys().next().value!);
    return r;
  }

  private apply(agent: AgentRecord, cmd: ClientCommand, conn: ConnectionRecord | null): CommandResult {
    switch (cmd.type) {
      case 'accept':
        return this.accept(agent, cmd.offerId, conn);
      case 'reject':
        return this.reject(agent, cmd.offerId, cmd.reason);
      case 'displayed':
        return this.displayed(agent, cmd.offerId);
      case 'presence.set':
        if (cmd.presence === 'inactive') return fail('not-allowed', 'Inactive is set by the system, not chosen');
        this.applyPresence(agent, cmd.presence, 'agent');
        return OK;
      case 'missed.ack':
        if (agent.missed || agent.presence === 'inactive') {
          this.applyPresence(agent, this.resetTarget(agent), 'agent');
          this.clearMissed(agent);
        }
        return OK;
      case 'notice.open':
        return this.openNotice(agent, cmd.noticeId);
      case 'ping':
        if (conn) this.sendTo(conn, { type: 'pong', clientTime: cmd.clientTime, serverTime: this.now() });
        return OK;
    }
  }

  /** An answer to an offer that is not (or no longer) this agent's live offer. */
  private lateAnswer(agent: AgentRecord, offerId: string, verb: 'accept' | 'reject' | 'displayed'): CommandResult {
    const past = this.pastOffers.get(offerId);
    if (!past || past.agentId !== agent.id) return fail('unknown-offer', `no offer ${offerId}`);
    // Already true, or harmless: the agent's wish is met.
    if (verb === 'displayed' || (verb === 'accept' && past.outcome === 'accepted')) return OK;
    if (past.outcome === 'timeout') return fail('expired', `offer ${offerId} has expired`);
    return fail('unknown-offer', `offer ${offerId} was withdrawn (${past.outcome})`);
  }

  private accept(agent: AgentRecord, offerId: string, conn: ConnectionRecord | null, event = 'accepted'): CommandResult {
    const rec = this.liveOffers.get(offerId);
    if (!rec || rec.agentId !== agent.id) return this.lateAnswer(agent, offerId, 'accept');
    if (this.now() >= rec.offer.expiresAt) return fail('expired', `offer ${offerId} has expired`);
    const conv = this.conversations.get(rec.offer.conversationId);
    if (!conv) return fail('unknown-offer', `no conversation for offer ${offerId}`);
    // Other tabs of the same agent drop their copy; the accepting one learns from ack and session.
    this.revoke(rec, 'accepted-elsewhere', conn, 'accepted');
    this.startSession(conv, agent, event);
    return OK;
  }

  /** Auto-accept (template autoAcceptSec): every tab drops the alert and gets the session, as after an Accept elsewhere. */
  protected autoAccept(offerId: string): void {
    const rec = this.liveOffers.get(offerId);
    const agent = rec && this.agents.get(rec.agentId);
    if (!rec || !agent) return;
    this.accept(agent, offerId, null, 'auto-accepted');
  }

  /**
   * The reason a reject records: with `rejectReasons` configured it must be
   * one of them (else `bad-message`); none given means the first reason or
   * none, as `rejectReasonDefault` says. Without a list any text is kept.
   */
  private rejectReason(reason: string | undefined): { reason?: string; error?: CommandResult } {
    const reasons = this.current.rejectReasons ?? [];
    const given = reason?.trim() || undefined;
    if (reasons.length === 0) return { reason: given };
    if (given === undefined) return { reason: this.current.rejectReasonDefault === 'first' ? reasons[0] : undefined };
    if (!reasons.includes(given)) return { error: fail('bad-message', `reject reason must be one of: ${reasons.join(', ')}`) };
    return { reason: given };
  }

  private reject(agent: AgentRecord, offerId: string, given?: string): CommandResult {
    const rec = this.liveOffers.get(offerId);
    if (!rec || rec.agentId !== agent.id) return this.lateAnswer(agent, offerId, 'reject');
    const conv = this.conversations.get(rec.offer.conversationId);
    const t = templateFor(this.current, rec.offer.scenario);
    if (!t.allowReject || rec.offer.autoAssign) return fail('not-allowed', 'this notification cannot be rejected');
    if (this.now() >= rec.offer.expiresAt) return fail('expired', `offer ${offerId} has expired`);
    const { reason, error } = this.rejectReason(given);
    if (error) return error;
    this.revoke(rec, 'rejected');
    if (conv) {
      const until = this.now() + this.rejectCooldownMs;
      conv.cooldown.set(agent.id, until);
      this.setTimer(`cool:${conv.id}:${agent.id}`, until, () => this.cooldownOver(conv.id, agent.id));
      this.requeue(conv, 'rejected', agent.id, reason);
    }
    this.dispatch();
    return OK;
  }

  /** A rejecting agent may be offered the conversation again. */
  protected cooldownOver(conversationId: string, agentId: string): void {
    this.conversations.get(conversationId)?.cooldown.delete(agentId);
    this.rouse();
    this.dispatch();
  }

  private displayed(agent: AgentRecord, offerId: string): CommandResult {
    const rec = this.liveOffers.get(offerId);
    if (!rec || rec.agentId !== agent.id) return this.lateAnswer(agent, offerId, 'displayed');
    // Past its deadline an unseen offer is only waiting for its display window (compat): seeing it now changes nothing.
    if (!rec.displayed && this.now() < rec.offer.expiresAt) {
      rec.displayed = true;
      rec.displayBy = undefined;
      this.clearTimer(`display:${offerId}`);
      this.changed();
    }
    return OK;
  }

  private openNotice(agent: AgentRecord, noticeId: string): CommandResult {
    for (const rec of agent.sessions.values()) {
      if (rec.notice?.noticeId !== noticeId) continue;
      if (!rec.started) {
        rec.started = true;
        const conv = this.conversations.get(rec.session.conversationId);
        if (conv) this.history(conv, 'notice-opened', agent.id);
        this.toAgent(agent, { type: 'session.started', session: rec.session });
      }
      return OK;
    }
    return fail('unknown-offer', `no notice ${noticeId}`);
  }
}
