/**
 * The routing core: records, timers, and the rules that move a
 * conversation between queued, offered and active (see the rules at the top
 * of engine.ts). The public API and the command handling build on it.
 */
import type { Presence, RevokeReason, ServerBody, Settings } from '../src/services/protocol/types.js';
import { EngineBase } from './base.js';
import { buildNotice, buildOffer, buildSession, compact } from './build.js';
import { ContactDirectory } from './directory.js';
import { OrderedSet } from './ordered.js';
import {
  type AgentRecord,
  type ConnectionRecord,
  type ConversationRecord,
  type ConversationStatus,
  type EngineOptions,
  type OfferRecord,
  type PastOffer,
} from './model.js';
import { cloneSettings, defaultSettings, mergeSettings, templateFor } from './settings.js';

const MAX_TIMER_MS = 2 ** 31 - 1;
/** Finished conversations kept for getState(); older ones are forgotten (EngineOptions.keepFinished). */
const KEEP_FINISHED = 500;
/** Answered or withdrawn offers remembered for late answers: how many, and for how long (EngineOptions.offerMemory). */
const KEEP_PAST_OFFERS = 5000;
const KEEP_PAST_OFFERS_MS = 10 * 60_000;

export abstract class EngineCore extends EngineBase {
  protected current: Settings;
  protected readonly directory: ContactDirectory;
  protected readonly agents = new Map<string, AgentRecord>();
  protected readonly conversations = new Map<string, ConversationRecord>();
  protected readonly liveOffers = new Map<string, OfferRecord>();
  protected readonly pastOffers = new Map<string, PastOffer>();
  protected readonly rejectCooldownMs: number;
  protected readonly heartbeatTimeoutMs: number;
  protected readonly workStream: ReadonlySet<Presence>;
  private readonly keepFinished: number;
  private readonly keepPastOffers: number;
  private readonly keepPastOffersMs: number;
  protected disposed = false;
  private readonly timers = new Map<string, unknown>();
  /** Due time of every armed timer by key: what engine/persist.ts saves so that another process can re-arm it. */
  protected readonly timerDue = new Map<string, number>();
  private readonly finished: string[] = [];
  private dispatching = false;
  private dispatchAgain = false;
  /**
   * Derived indexes (rebuilt from the records by rebuildIndexes()): queued conversations oldest first, and
   * assignable agents longest idle first. `touched` agents are re-filed before routing; `wake` says something
   * routable may have changed since the last pass (an agent became free or was re-filed, a conversation queued,
   * a cooldown ended). Without it, dispatch is O(1).
   */
  private readonly queue = new OrderedSet<ConversationRecord>((c) => [c.queuedAt, c.seq]);
  private readonly free = new OrderedSet<AgentRecord>((a) => [a.idleSince, a.order]);
  private readonly touched = new Set<AgentRecord>();
  private wake = false;

  constructor(opts: EngineOptions) {
    super(opts);
    this.current = opts.settings ? mergeSettings(defaultSettings(opts.compat), opts.settings) : defaultSettings(opts.compat);
    this.directory = new ContactDirectory(opts.contacts ?? []);
    this.rejectCooldownMs = Math.max(0, opts.rejectCooldownMs ?? 5 * 60_000);
    this.heartbeatTimeoutMs = Math.max(0, opts.heartbeatTimeoutMs ?? 10_000);
    this.workStream = new Set(opts.workStreamPresences ?? ['available', 'busy']);
    this.keepFinished = Math.max(0, Math.floor(opts.keepFinished ?? KEEP_FINISHED));
    this.keepPastOffers = Math.max(1, opts.offerMemory?.max ?? KEEP_PAST_OFFERS);
    this.keepPastOffersMs = Math.max(1, opts.offerMemory?.maxAgeMs ?? KEEP_PAST_OFFERS_MS);
  }

  // ---- messages ----------------------------------------------------------------

  protected broadcast(body: ServerBody): void {
    for (const agent of this.agents.values()) this.toAgent(agent, body);
  }

  // ---- timers ---------------------------------------------------------------

  /** Arms (or re-arms) the timer `key` to run `fn` at absolute time `at`. */
  protected setTimer(key: string, at: number, fn: () => void): void {
    this.clearTimer(key);
    if (this.disposed) return;
    const ms = Math.min(Math.max(0, at - this.now()), MAX_TIMER_MS);
    const handle = this.clock.setTimeout(() => {
      if (this.timers.get(key) !== handle) return;
      this.timers.delete(key);
      this.timerDue.delete(key);
      this.batch(fn);
    }, ms);
    this.timers.set(key, handle);
    this.timerDue.set(key, at);
  }

  protected clearTimer(key: string): void {
    if (!this.timers.has(key)) return;
    this.clock.clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.timerDue.delete(key);
  }

  protected teardown(): void {
    for (const h of this.timers.values()) this.clock.clearTimeout(h);
    this.timers.clear();
    this.timerDue.clear();
    this.clearListeners();
  }

  // ---- assignability and routing --------------------------------------------

  protected load(agent: AgentRecord): number {
    return agent.sessions.size + agent.offers.size;
  }

  protected assignable(agent: AgentRecord): boolean {
    return (
      this.workStream.has(agent.presence) &&
      (agent.simulated || agent.online) &&
      agent.missed === null &&
      this.load(agent) < agent.capacity
    );
  }

  /**
   * Rebuilds the routing indexes (the ordered queue, the free agents) from the records: call it after
   * restoring or replacing `agents` / `conversations` from elsewhere (a store), then dispatch.
   */
  rebuildIndexes(): void {
    this.queue.clear();
    this.free.clear();
    this.touched.clear();
    for (const c of this.conversations.values()) if (c.status === 'queued') this.queue.add(c);
    for (const a of this.agents.values()) if (this.assignable(a)) this.free.add(a);
    this.wake = true;
  }

  /**
   * Whoever changes what assignable() reads (presence, online, missed, sessions, offers, capacity) or an
   * agent's idleSince calls this (before or after the change): the agent is re-filed before the next routing.
   */
  protected touch(agent: AgentRecord): void {
    this.touched.add(agent);
  }

  /** A conversation (status queued) joins the queue. */
  protected enqueue(conv: ConversationRecord): void {
    this.queue.add(conv);
    this.wake = true;
  }

  /** Something other than an agent or a queued conversation changed what may be routed (a cooldown ended). */
  protected rouse(): void {
    this.wake = true;
  }

  /** Re-files the touched agents in the free index. */
  private settle(): void {
    for (const a of this.touched) {
      const key = this.free.keyFor(a);
      if (this.agents.get(a.id) !== a || !this.assignable(a)) this.free.delete(a);
      else if (!key || key[0] !== a.idleSince || key[1] !== a.order) {
        this.free.add(a);
        this.wake = true;
      }
    }
    this.touched.clear();
  }

  /** The agent for a queued conversation: its preferred agent if assignable, else the longest idle (O(log n) unless cooldowns). */
  private pick(conv: ConversationRecord): AgentRecord | undefined {
    const now = this.now();
    const cooled = (a: AgentRecord) => conv.cooldown.size > 0 && (conv.cooldown.get(a.id) ?? 0) > now;
    const preferred = conv.preferredAgentId ? this.agents.get(conv.preferredAgentId) : undefined;
    if (preferred && this.free.has(preferred) && !cooled(preferred)) return preferred;
    for (const a of this.free) if (!cooled(a)) return a;
    return undefined;
  }

  /**
   * Offers or assigns every queued conversation it can, oldest first, when something routable changed.
   * Re-entrant calls fold into one more pass.
   */
  protected dispatch(): void {
    if (this.disposed) return;
    if (this.dispatching) {
      this.dispatchAgain = true;
      return;
    }
    this.dispatching = true;
    try {
      do {
        this.dispatchAgain = false;
        this.settle();
        if (!this.wake) continue;
        this.wake = false;
        let conv = this.queue.first();
        while (conv && this.free.size > 0) {
          const key = this.queue.keyFor(conv)!;
          if (conv.status !== 'queued') this.queue.delete(conv);
          else {
            const agent = this.pick(conv);
            if (agent) {
              if (conv.kind === 'toast') this.assign(conv, agent);
              else this.offerTo(conv, agent);
              this.settle();
            }
          }
          conv = this.queue.after(key);
        }
      } while (this.dispatchAgain);
    } finally {
      this.dispatching = false;
    }
  }

  protected history(conv: ConversationRecord, event: string, agentId?: string, reason?: string): void {
    conv.history.push(compact({ at: this.now(), event, agentId, reason }));
    this.changed();
  }

  private offerTo(conv: ConversationRecord, agent: AgentRecord): void {
    const t = templateFor(this.current, conv.scenario);
    const now = this.now();
    const offer = buildOffer(conv, t, this.newId('offer'), now);
    const rec: OfferRecord = { offer, agentId: agent.id, displayed: agent.simulated };
    if (!rec.displayed) rec.displayBy = now + this.current.displayWindowMs;
    if (t.kind === 'alert' && !offer.autoAssign && typeof t.autoAcceptSec === 'number' && now + t.autoAcceptSec * 1000 < offer.expiresAt) {
      rec.autoAcceptAt = now + t.autoAcceptSec * 1000;
    }
    this.liveOffers.set(offer.offerId, rec);
    agent.offers.add(offer.offerId);
    agent.idleSince = now;
    this.touch(agent);
    this.queue.delete(conv);
    conv.status = 'offered';
    conv.agentId = agent.id;
    conv.offerId = offer.offerId;
    conv.preferredAgentId = undefined;
    conv.offers++;
    this.history(conv, 'offered', agent.id);
    this.setTimer(`expire:${offer.offerId}`, offer.expiresAt, () => this.expire(offer.offerId));
    if (rec.displayBy !== undefined) this.setTimer(`display:${offer.offerId}`, rec.displayBy, () => this.notDisplayed(offer.offerId));
    this.toAgent(agent, { type: 'offer', offer });
    if (rec.autoAcceptAt !== undefined) this.setTimer(`auto:${offer.offerId}`, rec.autoAcceptAt, () => this.autoAccept(offer.offerId));
  }

  /** A toast scenario: the conversation becomes the agent's at once; the notice opens it. */
  protected assign(conv: ConversationRecord, agent: AgentRecord, queued = true): void {
    const t = templateFor(this.current, conv.scenario);
    const now = this.now();
    const session = buildSession(conv, this.newId('session'), now);
    const notice = buildNotice(conv, t, this.newId('notice'), now, queued);
    agent.sessions.set(conv.id, { session, started: false, notice });
    agent.idleSince = now;
    this.touch(agent);
    this.queue.delete(conv);
    conv.status = 'active';
    conv.agentId = agent.id;
    conv.preferredAgentId = undefined;
    this.history(conv, 'assigned', agent.id);
    this.toAgent(agent, { type: 'notice', notice });
  }

  /** Accept: the conversation becomes the agent's session, started now. */
  protected startSession(conv: ConversationRecord, agent: AgentRecord, event = 'accepted'): void {
    const session = buildSession(conv, this.newId('session'), this.now());
    agent.sessions.set(conv.id, { session, started: true });
    this.touch(agent);
    this.queue.delete(conv);
    conv.status = 'active';
    conv.agentId = agent.id;
    this.history(conv, event, agent.id);
    this.toAgent(agent, { type: 'session.started', session });
  }

  /** Withdraws a live offer; the agent's connections (but `except`) hear `reason`. */
  protected revoke(rec: OfferRecord, reason: RevokeReason, except?: ConnectionRecord | null, outcome: PastOffer['outcome'] = reason): void {
    const id = rec.offer.offerId;
    this.liveOffers.delete(id);
    this.clearTimer(`expire:${id}`);
    this.clearTimer(`display:${id}`);
    this.clearTimer(`auto:${id}`);
    const now = this.now();
    this.pastOffers.set(id, { agentId: rec.agentId, outcome, at: now });
    // Oldest first (a Map keeps insertion order): without the age limit a working day's offers piled up here
    // until the count limit, about 300 an hour for one agent in the soak bench (npm run bench:soak).
    for (const [old, past] of this.pastOffers) {
      if (this.pastOffers.size <= this.keepPastOffers && now - past.at < this.keepPastOffersMs) break;
      this.pastOffers.delete(old);
    }
    const agent = this.agents.get(rec.agentId);
    const conv = this.conversations.get(rec.offer.conversationId);
    if (conv && conv.offerId === id) conv.offerId = undefined;
    if (agent) {
      agent.offers.delete(id);
      this.touch(agent);
      this.toAgent(agent, { type: 'offer.revoked', offerId: id, reason }, except);
    }
    this.changed();
  }

  /** Back to the queue after a withdrawn offer (the caller dispatches). */
  protected requeue(conv: ConversationRecord, event: string, agentId?: string, reason?: string): void {
    conv.status = 'queued';
    conv.agentId = undefined;
    this.enqueue(conv);
    this.history(conv, event, agentId, reason);
  }

  protected finish(conv: ConversationRecord, status: Extract<ConversationStatus, 'abandoned' | 'closed'>): void {
    conv.status = status;
    this.queue.delete(conv);
    this.history(conv, status, conv.agentId);
    this.finished.push(conv.id);
    while (this.finished.length > this.keepFinished) this.conversations.delete(this.finished.shift()!);
  }

  private expire(offerId: string): void {
    const rec = this.liveOffers.get(offerId);
    if (!rec) return;
    // Unseen, with a display window longer than the timeout (compat: 480 s): it stays
    // assigned until the window ends, then is rerouted without a missed penalty.
    if (!rec.displayed && rec.displayBy !== undefined && rec.displayBy > this.now()) return;
    const conv = this.conversations.get(rec.offer.conversationId);
    const agent = this.agents.get(rec.agentId);
    this.revoke(rec, 'timeout');
    // The agent who let it time out goes to the back of the line (idle from now, not from the offer).
    if (agent) {
      agent.idleSince = this.now();
      this.touch(agent);
    }
    if (conv) this.requeue(conv, 'timeout', rec.agentId);
    if (agent && this.current.missedNotifications) this.markMissed(agent, rec);
    this.dispatch();
  }

  /** The template's auto-accept time came: the session starts as if Accept was pressed (engine/commands.ts). */
  protected abstract autoAccept(offerId: string): void;

  private notDisplayed(offerId: string): void {
    const rec = this.liveOffers.get(offerId);
    if (!rec || rec.displayed) return;
    const conv = this.conversations.get(rec.offer.conversationId);
    this.revoke(rec, 'not-displayed');
    const agent = this.agents.get(rec.agentId);
    if (agent) {
      agent.idleSince = this.now();
      this.touch(agent);
    }
    if (conv) this.requeue(conv, 'not-displayed', rec.agentId);
    this.dispatch();
  }

  // ---- presence and missed state (engine/presence.ts) -------------------------

  /** The agent let `rec` time out: missed state, Inactive. */
  protected abstract markMissed(agent: AgentRecord, rec: OfferRecord): void;

  // ---- settings ---------------------------------------------------------------

  protected replaceSettings(next: Settings): void {
    this.current = next;
    this.broadcast({ type: 'settings', settings: cloneSettings(next) });
    this.changed();
  }
}
