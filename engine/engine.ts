/**
 * The reference routing engine (DESIGN.md "Routing engine"): pure TypeScript,
 * no DOM, an injected clock, hosted unchanged behind the in-memory transport
 * and by the Node reference server.
 *
 * Rules, including the ones the design leaves open:
 * - Assignable = presence in the work stream (default Available, Busy) +
 *   online (a live connection, or lost the last one less than
 *   `heartbeatTimeoutMs` ago, or simulated) + not in missed state +
 *   sessions + live offers < capacity.
 * - Queued conversations are served oldest first (queuedAt). Each goes to the
 *   assignable agent idle longest (idle since the last offer, assignment or
 *   session end; ties: the agent added first). An alert conversation with an
 *   `agentId` goes to that agent if assignable at that moment, else it is
 *   routed normally. Dispatch runs after every change that can free an agent
 *   (presence, connection, answer, timeout, session end, cooldown end).
 * - Offer deadline = offeredAt + template.timeoutSec. The offer goes to every
 *   connection of the agent; `hello` repeats the agent's live offers.
 * - Accept: session.started to every connection; the other connections get
 *   `offer.revoked` `accepted-elsewhere`. A repeated accept of an offer this
 *   agent already accepted is ok (its wish is met); after the deadline or a
 *   timeout: `expired`; anything else: `unknown-offer`.
 * - Reject (only where the template allows it and the offer is not
 *   auto-assigned, else `not-allowed`): revoked `rejected` to the agent, the
 *   agent is not offered that conversation again for `rejectCooldownMs`
 *   (default 5 min; if nobody else is assignable it waits queued). With
 *   settings.rejectReasons not empty the reason must be one of them (else
 *   `bad-message`); none given records the first reason or none, as
 *   settings.rejectReasonDefault (`first` | `none`, default `none`) says.
 *   The reason goes into the conversation's history (`rejected`).
 * - Auto-accept (template autoAcceptSec, alerts only): at offeredAt + N s,
 *   when that is before the deadline, the engine accepts for the agent
 *   (history `auto-accepted`; every tab gets `offer.revoked`
 *   `accepted-elsewhere` and `session.started`); Reject works until then.
 * - Timeout (engine timer at expiresAt): revoked `timeout` and rerouted; the
 *   agent is idle-since the offer, so anyone else assignable goes first. With
 *   missedNotifications on (the default), also for simulated agents: presence
 *   becomes Inactive (`presence` reason `missed`, sent once), `missed`
 *   {count, offerIds, since, recent} follows and accumulates while missed
 *   (recent: the last 10, newest first).
 * - Missed state ends when the presence becomes assignable again: the agent's
 *   presence.set of an assignable presence, `missed.ack` ("Reset status":
 *   back to lastSystemPresence, or Available when work cannot arrive in it),
 *   or any supervisor setPresence or resetPresence (the demo's and the HTTP
 *   API's `{reset: true}`: back to lastSystemPresence, like Reset status). An agent may not pick Inactive
 *   (`not-allowed`); picking a non-assignable presence keeps the banner.
 * - lastSystemPresence = the initial presence and every later presence that
 *   is not Inactive, whoever set it (agent, supervisor, system): the presence
 *   "Reset status" returns to.
 * - Display window (settings.displayWindowMs, 15 s; compat 480 s): an offer
 *   no connection confirmed `displayed` by then is revoked `not-displayed`
 *   and rerouted, without a missed penalty: the agent likely never saw it.
 *   When the window is longer than the timeout (compat: 480 s) an unseen
 *   offer stays assigned past its own deadline until the window ends (Accept
 *   is `expired`, a late receipt changes nothing); only a displayed offer
 *   times out at its deadline.
 *   Simulated agents count as having displayed every offer.
 * - Toast scenarios (template kind toast) with `agentId` are assigned to that
 *   agent whatever its presence and capacity (an explicit assignment);
 *   without one they are routed like alerts. Assignment creates the session
 *   at once (conversation active, capacity used) and sends a `notice`;
 *   `session.started` follows when the agent opens the notice
 *   (`notice.open`, idempotent). `hello` lists unopened notices and started
 *   sessions. A template that says alert makes the scenario an offer.
 * - Scenario defaults from the channel: chat, sms, voice (or phone), else
 *   social. SMS and voice (by scenario or channel) are matched against the
 *   directory by E.164 mobile phone; a match sets offer.contact and
 *   customer.contactId.
 * - Connections: no liveness checks of their own; the host closes a dead one
 *   (the WebSocket server on missed heartbeats). When an agent's last
 *   connection closes, it stays assignable for heartbeatTimeoutMs (a reload),
 *   then goes offline for routing, its un-displayed offers are revoked
 *   `rerouted` and rerouted, and its presence becomes Offline (reason
 *   `system`, lastSystemPresence kept). The next connection restores the
 *   presence it had (reason `system`; Inactive if it missed an offer
 *   meanwhile), unless someone set another presence in between.
 * - Notices carry queuedAt when the conversation waited in the queue; a
 *   direct assignment (agentId) has no wait time.
 * - cancelConversation: queued or offered → abandoned (`customer-left` to the
 *   offered agent); active → closed. endConversation closes an active one and
 *   frees the capacity.
 * - Invalid commands are answered with `ack` ok:false when a commandId can be
 *   read, else with `error`. A repeated commandId is acked with the first
 *   result and takes effect once.
 */
import type { CommandBody, Contact, Presence, PresenceReason, ServerMessage, Settings } from '../src/services/protocol/types.js';
import { PRESENCES, PRESENCE_REASONS } from '../src/services/protocol/types.js';
import { validateCommand } from '../src/services/protocol/validate.js';
import { EngineCommands } from './commands.js';
import { compact } from './build.js';
import {
  OmniEngineError,
  type AgentInit,
  type AgentRecord,
  type CommandResult,
  type ConnectionRecord,
  type ConversationRecord,
  type ConversationRequest,
  type EngineConnection,
  type EngineOptions,
  type EngineState,
  type SettingsPatch,
} from './model.js';
import { cloneSettings, mergeSettings, templateFor } from './settings.js';
import { checkRequest, scenarioForChannel } from './request.js';

export class RoutingEngine extends EngineCommands {
  private connSeq = 0;
  private agentSeq = 0;
  private actSeq = 0;
  private convSeq = 0;

  constructor(opts: EngineOptions = {}) {
    super(opts);
  }

  // ---- agents and connections -------------------------------------------------

  /** Adds an agent; throws OmniEngineError `bad-message` on a bad or duplicate id. */
  addAgent(a: AgentInit): void {
    if (!a || typeof a.id !== 'string' || !a.id || a.id.length > 200) throw new OmniEngineError('bad-message', 'agent.id must be a non-empty string');
    if (this.agents.has(a.id)) throw new OmniEngineError('bad-message', `agent ${a.id} already exists`);
    if (typeof a.name !== 'string') throw new OmniEngineError('bad-message', 'agent.name must be a string');
    const presence = a.presence ?? 'available';
    if (!PRESENCES.includes(presence)) throw new OmniEngineError('bad-message', `unknown presence ${String(presence)}`);
    const capacity = a.capacity ?? 2;
    if (!(capacity >= 0)) throw new OmniEngineError('bad-message', 'agent.capacity must be a number ≥ 0');
    this.batch(() => {
      this.agents.set(a.id, {
        id: a.id,
        name: a.name,
        presence,
        lastSystemPresence: presence === 'inactive' ? 'available' : presence,
        capacity,
        simulated: a.simulated === true,
        connections: new Set(),
        online: a.simulated === true,
        idleSince: this.now(),
        order: ++this.agentSeq,
        missed: null,
        sessions: new Map(),
        offers: new Set(),
      });
      this.touch(this.agents.get(a.id)!);
      this.changed();
      this.dispatch();
    });
  }

  /**
   * Opens a connection (one per tab) for an agent; `deliver` receives every
   * server message, starting with `hello`, synchronously and in order. The
   * messages may share objects with the engine: treat them as read-only, or
   * copy them (the memory transport does; a socket serialises them).
   * Throws OmniEngineError `unauthorized` for an unknown agent.
   */
  connect(agentId: string, deliver: (msg: ServerMessage) => void): EngineConnection {
    const agent = this.agents.get(agentId);
    if (!agent) throw new OmniEngineError('unauthorized', `unknown agent ${String(agentId)}`);
    if (this.disposed) throw new OmniEngineError('transport-closed', 'the engine is disposed');
    const conn: ConnectionRecord = { id: ++this.connSeq, agentId, deliver, open: true };
    this.batch(() => {
      this.connectionBack(agent);
      agent.connections.add(conn);
      this.sendTo(conn, this.hello(agent));
      this.changed();
      this.dispatch();
    });
    return {
      agentId,
      receive: (command: unknown) => this.receiveFrom(conn, command),
      close: () => this.closeConnection(conn),
      get closed() {
        return !conn.open;
      },
    };
  }

  private hello(agent: AgentRecord) {
    const started = [...agent.sessions.values()];
    return {
      type: 'hello' as const,
      serverTime: this.now(),
      agent: { id: agent.id, name: agent.name },
      presence: agent.presence,
      lastSystemPresence: agent.lastSystemPresence,
      settings: cloneSettings(this.current),
      offers: [...agent.offers].flatMap((id) => {
        const rec = this.liveOffers.get(id);
        return rec ? [rec.offer] : [];
      }),
      notices: started.flatMap((s) => (!s.started && s.notice ? [s.notice] : [])),
      sessions: started.flatMap((s) => (s.started ? [s.session] : [])),
      missed: this.missedCopy(agent),
    };
  }

  private closeConnection(conn: ConnectionRecord): void {
    if (!conn.open) return;
    conn.open = false;
    const agent = this.agents.get(conn.agentId);
    if (!agent) return;
    this.batch(() => {
      agent.connections.delete(conn);
      this.changed();
      if (agent.connections.size > 0 || agent.simulated) return;
      this.setTimer(`heartbeat:${agent.id}`, this.now() + this.heartbeatTimeoutMs, () => this.graceOver(agent.id));
    });
  }

  // ---- conversations ---------------------------------------------------------

  /** Queues (and routes) a conversation; throws OmniEngineError `bad-message` on bad input. */
  createConversation(req: ConversationRequest): { conversationId: string } {
    checkRequest(req);
    if (req.agentId !== undefined && !this.agents.has(req.agentId)) {
      throw new OmniEngineError('bad-message', `unknown agent ${req.agentId}`);
    }
    const scenario = req.scenario ?? scenarioForChannel(req.channel);
    const customer = compact({ name: req.customer.name, phone: req.customer.phone, email: req.customer.email } as ConversationRecord['customer']);
    const byPhone = ['sms', 'voice'].includes(scenario) || ['sms', 'voice'].includes(req.channel.toLowerCase());
    const contact = byPhone ? this.directory.findByPhone(customer.phone) : undefined;
    if (contact) customer.contactId = contact.id;
    const now = this.now();
    const conv: ConversationRecord = compact({
      id: this.newId('conv'),
      seq: ++this.convSeq,
      scenario,
      kind: templateFor(this.current, scenario).kind,
      channel: req.channel,
      customer,
      contact,
      comment: req.comment,
      queue: req.queue,
      from: req.from,
      fields: req.fields && { ...req.fields },
      queuedAt: now,
      status: 'queued' as const,
      offers: 0,
      history: [{ at: now, event: 'queued' }],
      cooldown: new Map(),
    });
    this.batch(() => {
      this.conversations.set(conv.id, conv);
      this.enqueue(conv);
      this.changed();
      const target = req.agentId === undefined ? undefined : this.agents.get(req.agentId);
      if (target && conv.kind === 'toast') this.assign(conv, target, false);
      else {
        if (target) conv.preferredAgentId = target.id;
        this.dispatch();
      }
    });
    return { conversationId: conv.id };
  }

  /** The customer left: queued or offered → abandoned; active → closed. False when unknown or finished. */
  cancelConversation(conversationId: string): boolean {
    const conv = this.conversations.get(conversationId);
    if (!conv || conv.status === 'abandoned' || conv.status === 'closed') return false;
    if (conv.status === 'active') return this.endConversation(conversationId);
    this.batch(() => {
      const rec = conv.offerId ? this.liveOffers.get(conv.offerId) : undefined;
      if (rec) this.revoke(rec, 'customer-left');
      this.finish(conv, 'abandoned');
    });
    return true;
  }

  /** Ends an active conversation (the agent closed the session): frees the capacity. False unless active. */
  endConversation(conversationId: string): boolean {
    const conv = this.conversations.get(conversationId);
    if (!conv || conv.status !== 'active') return false;
    this.batch(() => {
      const agent = conv.agentId ? this.agents.get(conv.agentId) : undefined;
      if (agent) {
        agent.sessions.delete(conv.id);
        agent.idleSince = this.now();
        this.touch(agent);
      }
      this.finish(conv, 'closed');
      this.dispatch();
    });
    return true;
  }

  // ---- acting for agents, supervisors, administrators -------------------------

  /**
   * Runs a command for an agent without a connection (demo colleagues, the
   * HTTP API). Give a `commandId` to make a retry idempotent. Never throws.
   */
  act(agentId: string, command: CommandBody & { commandId?: string }): CommandResult {
    const agent = this.agents.get(agentId);
    if (!agent) return { ok: false, error: { code: 'unauthorized', message: `unknown agent ${String(agentId)}` } };
    try {
      const v = validateCommand({ commandId: `act-${++this.actSeq}`, ...command, v: 1 });
      if (!v.ok) return { ok: false, error: v.error };
      return this.batch(() => this.execute(agent, v.value, null));
    } catch (e) {
      return { ok: false, error: { code: 'bad-message', message: e instanceof Error ? e.message : String(e) } };
    }
  }

  /** Sets an agent's presence (a supervisor's, by default); a supervisor's always clears missed state. */
  setPresence(agentId: string, presence: Presence, reason: Extract<PresenceReason, 'agent' | 'supervisor' | 'system'> = 'supervisor'): void {
    const agent = this.requireAgent(agentId);
    if (!PRESENCES.includes(presence)) throw new OmniEngineError('bad-message', `unknown presence ${String(presence)}`);
    if (!PRESENCE_REASONS.includes(reason)) throw new OmniEngineError('bad-message', `unknown reason ${String(reason)}`);
    this.batch(() => this.applyPresence(agent, presence, reason));
  }

  /** A supervisor's "reset": back to the presence the system last set (Available if work cannot arrive in it). */
  resetPresence(agentId: string): void {
    const agent = this.requireAgent(agentId);
    this.batch(() => this.applyPresence(agent, this.resetTarget(agent), 'supervisor'));
  }

  /** Merges a partial update (templates field by field), pushes `settings` to every connection, returns the result. */
  updateSettings(partial: SettingsPatch): Settings {
    const next = mergeSettings(this.current, partial);
    this.batch(() => this.replaceSettings(next));
    return cloneSettings(next);
  }

  settings(): Settings {
    return cloneSettings(this.current);
  }

  contacts(): Contact[] {
    return this.directory.list();
  }

  addContact(c: Omit<Contact, 'id'>): Contact {
    const added = this.directory.add(c);
    this.batch(() => this.changed());
    return added;
  }

  // ---- observation -----------------------------------------------------------

  getState(): EngineState {
    return {
      agents: [...this.agents.values()].map((a) => ({
        id: a.id,
        name: a.name,
        presence: a.presence,
        lastSystemPresence: a.lastSystemPresence,
        connected: a.simulated || a.connections.size > 0,
        capacity: a.capacity,
        sessions: a.sessions.size,
        offers: a.offers.size,
        simulated: a.simulated,
        missed: a.missed?.count ?? 0,
      })),
      conversations: [...this.conversations.values()].map((c) =>
        compact({
          id: c.id,
          status: c.status,
          agentId: c.agentId,
          scenario: c.scenario,
          channel: c.channel,
          customer: { ...c.customer },
          contact: c.contact && { ...c.contact },
          queuedAt: c.queuedAt,
          offers: c.offers,
          history: c.history.map((h) => ({ ...h })),
        }),
      ),
    };
  }

  /** Calls `listener` now and after every change; returns the unsubscribe. */
  subscribe(listener: (state: EngineState) => void): () => void {
    const off = this.addListener(listener);
    listener(this.getState());
    return off;
  }

  /** Clears every timer and closes every connection (silently); the engine routes nothing afterwards. */
  dispose(): void {
    this.disposed = true;
    this.teardown();
    for (const a of this.agents.values()) {
      for (const c of a.connections) c.open = false;
      a.connections.clear();
    }
  }

  private requireAgent(agentId: string): AgentRecord {
    const agent = this.agents.get(agentId);
    if (!agent) throw new OmniEngineError('unknown-agent', `unknown agent ${String(agentId)}`);
    return agent;
  }
}
