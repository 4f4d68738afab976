/**
 * A client tab for transport tests: a NotificationCenter connected through a
 * tap that records every frame and state the transport delivers, plus the
 * center's events. And `until()`, which polls a condition (no fixed sleeps).
 */
import { NotificationCenter } from '../../src/services/center.js';
import type { ConnectionState, Offer, OmniTransport, ProtocolError, ServerMessage, Session, TransportSink } from '../../src/services/protocol/index.js';

/** Polls `cond` every few ms until it holds (returns its value) or `timeoutMs` passes (throws, saying what). */
export async function until<T>(cond: () => T | Promise<T>, what: string, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const end = performance.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await cond();
      if (v) return v as NonNullable<T>;
    } catch (e) {
      last = e;
    }
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}${last ? ` (${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, 15));
  }
}

export class Client {
  readonly center: NotificationCenter;
  /** Frames as delivered (parsed when text and valid JSON). */
  readonly frames: unknown[] = [];
  readonly states: { state: ConnectionState; error?: string }[] = [];
  readonly offers: Offer[] = [];
  readonly removed: { offerId: string; reason: string }[] = [];
  readonly sessions: Session[] = [];
  readonly errors: ProtocolError[] = [];

  constructor(readonly transport: OmniTransport) {
    this.center = new NotificationCenter({ ackTimeoutMs: 8000 });
    this.center.on('offer', (o) => this.offers.push(o));
    this.center.on('offer-removed', ({ offer, reason }) => this.removed.push({ offerId: offer.offerId, reason }));
    this.center.on('session', ({ session }) => this.sessions.push(session));
    this.center.on('error', (e) => this.errors.push(e));
    const tap: OmniTransport = {
      connect: (sink: TransportSink) =>
        transport.connect({
          message: (data) => {
            let parsed: unknown = data;
            if (typeof data === 'string') {
              try {
                parsed = JSON.parse(data);
              } catch {
                /* recorded as text */
              }
            }
            this.frames.push(parsed);
            sink.message(data);
          },
          state: (state, error) => {
            this.states.push(error ? { state, error } : { state });
            if (error) sink.state(state, error);
            else sink.state(state);
          },
          error: (e) => sink.error?.(e),
        }),
      send: (c) => transport.send(c),
      disconnect: () => transport.disconnect(),
    };
    this.center.connect(tap);
  }

  get connection(): ConnectionState {
    return this.center.state.connection;
  }

  /** Frames of one type. */
  of<K extends ServerMessage['type']>(type: K): Extract<ServerMessage, { type: K }>[] {
    return this.frames.filter((f): f is Extract<ServerMessage, { type: K }> => (f as ServerMessage | null)?.type === type);
  }

  /** Open, with the server's hello applied. */
  ready(): Promise<boolean> {
    return until(() => this.connection === 'open' && this.center.state.agent !== null, 'the connection to open with a hello');
  }

  /** The live offer for a conversation, once shown. */
  offerFor(conversationId: string): Promise<Offer> {
    return until(() => this.center.state.offers.find((o) => o.conversationId === conversationId), `an offer for ${conversationId}`);
  }

  close(): void {
    this.center.disconnect();
  }
}
