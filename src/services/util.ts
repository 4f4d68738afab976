/** Small helpers every service shares (each written once). No DOM. */
import type { Emitter, EventType } from 'mitt';
import type { ConnectionState, TransportSink } from './protocol/types.js';

/** A thrown value as one line of text. */
export function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** A plain object (not null, not an array). */
export const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Tells `sink` the connection state; a sink that throws does not break the
 * transport. `error` is passed only when there is one (a sink may count its
 * arguments).
 */
export function tellState(sink: TransportSink | null, state: ConnectionState, error?: string): void {
  if (!sink) return;
  try {
    if (error) sink.state(state, error);
    else sink.state(state);
  } catch {
    /* a sink that throws does not break the transport */
  }
}

/**
 * The services' `subscribe()` (sonner's Observer): calls `fn` for every
 * `type` event and once now with `current`; returns the unsubscribe.
 */
export function subscribeWithReplay<E extends Record<EventType, unknown>, K extends keyof E>(
  emitter: Emitter<E>,
  type: K,
  current: E[K],
  fn: (value: E[K]) => void,
): () => void {
  emitter.on(type, fn);
  fn(current);
  return () => emitter.off(type, fn);
}
