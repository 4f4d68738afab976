/**
 * The engine's plumbing, free of routing rules: ids, the clock, messages to
 * connections (a throwing deliver callback cannot disturb the engine), and
 * change batching for state listeners (one notification per change).
 */
import type { ServerBody, ServerMessage } from '../src/services/protocol/types.js';
import { defaultClock, type AgentRecord, type ConnectionRecord, type EngineClock, type EngineOptions, type EngineState } from './model.js';

function randomPrefix(): string {
  return `${Math.random().toString(36).slice(2, 8)}-`;
}

export abstract class EngineBase {
  protected readonly clock: EngineClock;
  /** Prefix and counter of every id the engine makes (state a store keeps, so ids stay unique). */
  protected readonly prefix: string;
  protected seq = 0;
  private readonly listeners = new Set<(state: EngineState) => void>();
  private depth = 0;
  private dirty = false;

  constructor(opts: EngineOptions) {
    this.clock = opts.clock ?? defaultClock;
    this.prefix = opts.idPrefix ?? randomPrefix();
  }

  protected newId(kind: string): string {
    return `${this.prefix}${kind}-${++this.seq}`;
  }

  protected now(): number {
    return this.clock.now();
  }

  private message(body: ServerBody): ServerMessage {
    return { v: 1, id: this.newId('m'), ts: this.now(), ...body } as ServerMessage;
  }

  /** Sends to one connection; a deliver callback that throws does not disturb the engine. */
  protected sendTo(conn: ConnectionRecord, body: ServerBody): void {
    if (!conn.open) return;
    const m = this.message(body);
    try {
      conn.deliver(m);
    } catch {
      /* the host's problem, not the routing state's */
    }
  }

  /** Sends one message (one id) to every connection of an agent, except `except`. */
  protected toAgent(agent: AgentRecord, body: ServerBody, except?: ConnectionRecord | null): void {
    if (agent.connections.size === 0) return;
    const m = this.message(body);
    for (const conn of [...agent.connections]) {
      if (conn === except || !conn.open) continue;
      try {
        conn.deliver(m);
      } catch {
        /* see sendTo */
      }
    }
  }


  /** Runs `fn` as one change: listeners hear about it once, at the end. */
  protected batch<T>(fn: () => T): T {
    this.depth++;
    try {
      return fn();
    } finally {
      if (--this.depth === 0 && this.dirty) {
        this.dirty = false;
        this.notify();
      }
    }
  }

  protected changed(): void {
    this.dirty = true;
  }

  protected addListener(listener: (state: EngineState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    if (this.listeners.size === 0) return;
    const state = this.getState();
    for (const l of [...this.listeners]) {
      try {
        l(state);
      } catch {
        /* a listener's error is its own */
      }
    }
  }

  abstract getState(): EngineState;

  protected clearListeners(): void {
    this.listeners.clear();
  }
}
