/**
 * Simulated colleagues: each has a connection to the engine (so it hears its
 * own offers), accepts an offer after 1–4 s, and wraps a conversation up
 * after a minute or two so its capacity comes back. This is what makes a
 * rejected or missed conversation visibly go to someone else.
 */
import type { EngineClock, EngineConnection, RoutingEngine } from '../engine/index.js';
import type { ServerMessage } from '../src/services/protocol/types.js';
import { customerLabel } from '../src/services/templates.js';
import { colleagueDelayMs } from './data.js';

const WRAP_UP_MIN_MS = 60_000;
const WRAP_UP_SPREAD_MS = 60_000;

interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

function timersFrom(clock?: EngineClock): Timers {
  if (clock) return { set: (fn, ms) => clock.setTimeout(fn, ms), clear: (h) => clock.clearTimeout(h) };
  return {
    set: (fn, ms) => globalThis.setTimeout(fn, ms),
    clear: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
  };
}

export class Colleagues {
  private readonly timers: Timers;
  private readonly connections: EngineConnection[] = [];
  /** offerId or `end:conversationId` → timer */
  private readonly pending = new Map<string, unknown>();
  private stopped = false;

  constructor(
    private readonly engine: RoutingEngine,
    private readonly say: (text: string) => void,
    clock?: EngineClock,
  ) {
    this.timers = timersFrom(clock);
  }

  /** Connects every simulated agent of the engine. */
  start(): void {
    for (const a of this.engine.getState().agents) {
      if (!a.simulated) continue;
      this.connections.push(this.engine.connect(a.id, (m) => this.onMessage(a.id, a.name, m)));
    }
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.pending.values()) this.timers.clear(t);
    this.pending.clear();
    for (const c of this.connections) c.close();
    this.connections.length = 0;
  }

  private later(key: string, ms: number, fn: () => void): void {
    const old = this.pending.get(key);
    if (old !== undefined) this.timers.clear(old);
    this.pending.set(
      key,
      this.timers.set(() => {
        this.pending.delete(key);
        if (!this.stopped) fn();
      }, ms),
    );
  }

  private cancel(key: string): void {
    const t = this.pending.get(key);
    if (t === undefined) return;
    this.timers.clear(t);
    this.pending.delete(key);
  }

  private onMessage(agentId: string, name: string, m: ServerMessage): void {
    switch (m.type) {
      case 'hello':
        for (const o of m.offers) this.onMessage(agentId, name, { ...m, type: 'offer', offer: o } as ServerMessage);
        return;
      case 'offer': {
        const { offerId } = m.offer;
        const who = customerLabel(m.offer);
        this.say(`${name} is being offered ${who}`);
        this.later(offerId, colleagueDelayMs(), () => {
          const r = this.engine.act(agentId, { type: 'accept', offerId });
          this.say(r.ok ? `${name} accepted ${who}` : `${name} could not accept ${who}: ${r.error?.message ?? 'refused'}`);
        });
        return;
      }
      case 'offer.revoked':
        this.cancel(m.offerId);
        return;
      case 'notice':
        // Work assigned straight to a colleague: they open it shortly.
        this.later(m.notice.noticeId, colleagueDelayMs(), () => {
          this.engine.act(agentId, { type: 'notice.open', noticeId: m.notice.noticeId });
        });
        return;
      case 'session.started': {
        const { conversationId } = m.session;
        this.later(`end:${conversationId}`, WRAP_UP_MIN_MS + Math.random() * WRAP_UP_SPREAD_MS, () => {
          if (this.engine.endConversation(conversationId)) this.say(`${name} wrapped up ${customerLabel(m.session)}`);
        });
        return;
      }
      default:
        return;
    }
  }
}
