/**
 * The store behind the server (docs/scaling.md): one interface, two
 * implementations (memory: one process, the embedded default; Redis: any
 * number of nodes), one conformance suite (server/store/conformance.ts).
 *
 * It holds three things:
 * - the routing lease: one owner at a time, with a fencing token that grows
 *   with every new owner;
 * - the state: fields (key → JSON) written in one atomic step that a stale
 *   owner (older token) cannot make;
 * - the messaging between nodes: an inbox of requests for the owner, and one
 *   channel per node (plus a broadcast one) for what the owner sends back.
 */
export interface StateWrite {
  set: [string, string][];
  del: string[];
}

export interface Store {
  readonly kind: 'memory' | 'redis';
  /**
   * False when the store lives and dies with this process (memory): the owner's engine is then the only
   * copy that matters and the owner does not copy its records into the store after every batch.
   */
  readonly durable: boolean;
  /** Resolves once the store can be used (a first connection); rejects when it cannot. */
  ready(): Promise<void>;
  /** True while the store answers (Redis reachable). */
  readonly healthy: boolean;

  /** Takes the lease if nobody holds it: resolves with the new fencing token, or null. */
  acquire(nodeId: string, ttlMs: number): Promise<number | null>;
  /**
   * Extends the lease this node holds with this token; false when someone else took it. A lease that lapsed
   * while nobody took it (the token is still the current one) is taken again: a slow owner is not deposed
   * for being late, only for being replaced.
   */
  renew(nodeId: string, fence: number, ttlMs: number): Promise<boolean>;
  /** Gives the lease up (shutdown), if this node still holds it. */
  release(nodeId: string, fence: number): Promise<void>;

  /** Every state field. */
  load(): Promise<Map<string, string>>;
  /** Writes the changes at once, unless `fence` is no longer the current token: then false and nothing written. */
  commit(fence: number, write: StateWrite): Promise<boolean>;

  /** Appends a request to the owner's inbox. */
  enqueue(request: string): Promise<void>;
  /** Puts requests taken but not applied back at the head of the inbox, in their order. */
  putBack(requests: string[]): Promise<void>;
  /** Takes up to `max` requests, oldest first, waiting at most `waitMs` for the first. */
  take(max: number, waitMs: number): Promise<string[]>;
  /** Sends to one node's channel ('*' = every node). */
  publish(nodeId: string, payload: string): Promise<void>;
  /** Listens to this node's channel and the broadcast one; `onReset` runs when messages may have been missed. */
  subscribe(nodeId: string, onMessage: (payload: string) => void, onReset: () => void): Promise<void>;
  /** Checks that the store answers (updates `healthy`). */
  ping(): Promise<void>;

  close(): Promise<void>;
}

/** A store that cannot be reached: writes are refused with 503 / `unavailable`. */
export class StoreUnavailable extends Error {
  readonly code = 'unavailable';
  constructor(message = 'the store is unreachable; retry shortly') {
    super(message);
  }
}
