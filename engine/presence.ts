/**
 * Presence rules: missed state (Inactive, the banner's details), the
 * presence "Reset status" returns to, and the system's Offline for an agent
 * whose connections are gone (restored on return). See the rules in engine.ts.
 */
import type { MissedItem, Presence, PresenceReason } from '../src/services/protocol/types.js';
import { compact } from './build.js';
import { EngineCore } from './core.js';
import type { AgentRecord, ConnectionRecord, OfferRecord } from './model.js';

/** How many missed requests `missed.recent` lists (newest first). */
export const MISSED_RECENT = 10;

export abstract class EnginePresence extends EngineCore {
  protected markMissed(agent: AgentRecord, rec: OfferRecord): void {
    const o = rec.offer;
    const item: MissedItem = compact({ conversationId: o.conversationId, scenario: o.scenario, channel: o.channel, customer: { ...o.customer }, at: this.now() });
    const m = agent.missed;
    agent.missed = m
      ? { count: m.count + 1, offerIds: [...m.offerIds, o.offerId], since: m.since, recent: [item, ...(m.recent ?? [])].slice(0, MISSED_RECENT) }
      : { count: 1, offerIds: [o.offerId], since: this.now(), recent: [item] };
    this.touch(agent);
    if (agent.beforeOffline !== undefined) {
      // Held Offline by the system: Inactive is what the agent comes back to.
      agent.beforeOffline = 'inactive';
    } else if (agent.presence !== 'inactive') {
      agent.presence = 'inactive';
      this.toAgent(agent, { type: 'presence', presence: 'inactive', reason: 'missed', lastSystemPresence: agent.lastSystemPresence });
    }
    this.toAgent(agent, { type: 'missed', missed: this.missedCopy(agent) });
    this.changed();
  }

  /** A copy of the agent's missed state for the wire (its lists not shared with the engine's record). */
  protected missedCopy(agent: AgentRecord) {
    const m = agent.missed;
    return m && { ...m, offerIds: [...m.offerIds], recent: (m.recent ?? []).map((r) => ({ ...r, customer: { ...r.customer } })) };
  }

  protected clearMissed(agent: AgentRecord): void {
    if (!agent.missed) return;
    agent.missed = null;
    this.touch(agent);
    this.toAgent(agent, { type: 'missed', missed: null });
    this.changed();
  }

  /**
   * Sets a presence. Anything but Inactive (and the system's own Offline for
   * a lost connection, `record` false) is also recorded as lastSystemPresence.
   * An explicit change ends the system's Offline hold.
   */
  protected applyPresence(agent: AgentRecord, presence: Presence, reason: PresenceReason, except?: ConnectionRecord | null, record = true): void {
    agent.presence = presence;
    agent.beforeOffline = undefined;
    this.touch(agent);
    if (record && presence !== 'inactive') agent.lastSystemPresence = presence;
    this.toAgent(agent, { type: 'presence', presence, reason, lastSystemPresence: agent.lastSystemPresence }, except);
    if (reason === 'supervisor' || this.workStream.has(presence)) this.clearMissed(agent);
    this.changed();
    this.dispatch();
  }

  /** The presence "Reset status" (and a supervisor's reset) goes back to: the last one the system set, if work can arrive in it. */
  protected resetTarget(agent: AgentRecord): Presence {
    if (this.workStream.has(agent.lastSystemPresence)) return agent.lastSystemPresence;
    return this.workStream.has('available') ? 'available' : ([...this.workStream][0] ?? 'available');
  }

  /**
   * An agent's reconnect grace ran out with no connection: unassignable,
   * shown Offline (reason `system`, the previous presence kept for the
   * return), un-displayed offers rerouted.
   */
  protected graceOver(agentId: string): void {
    const agent = this.agents.get(agentId);
    if (!agent || agent.connections.size > 0) return;
    agent.online = false;
    this.touch(agent);
    for (const id of [...agent.offers]) {
      const rec = this.liveOffers.get(id);
      if (!rec || rec.displayed) continue;
      this.revoke(rec, 'rerouted');
      const conv = this.conversations.get(rec.offer.conversationId);
      if (conv) this.requeue(conv, 'rerouted', agent.id);
    }
    if (agent.presence !== 'offline') {
      const before = agent.presence;
      this.applyPresence(agent, 'offline', 'system', null, false);
      agent.beforeOffline = before;
    }
    this.changed();
    this.dispatch();
  }

  /** A connection is back: the presence the system took away comes back too (reason `system`). */
  protected connectionBack(agent: AgentRecord): void {
    agent.online = true;
    this.touch(agent);
    this.clearTimer(`heartbeat:${agent.id}`);
    const before = agent.beforeOffline;
    if (before === undefined || agent.presence !== 'offline') return;
    if (before === 'inactive') {
      agent.presence = 'inactive';
      agent.beforeOffline = undefined;
      this.touch(agent);
      this.toAgent(agent, { type: 'presence', presence: 'inactive', reason: 'missed', lastSystemPresence: agent.lastSystemPresence });
      this.changed();
    } else {
      this.applyPresence(agent, before, 'system');
    }
  }
}
