/**
 * The memory store: everything in this process (the embedded default, for the
 * demo and tests). State is lost when the process ends; several nodes in one
 * process may share one instance (the conformance suite does).
 */
import type { StateWrite, Store } from './types.js';

export class MemoryStore implements Store {
  readonly kind = 'memory' as const;
  readonly healthy = true;
  readonly durable = false;
  private lease: { nodeId: string; until: number } | null = null;
  private fence = 0;
  private readonly state = new Map<string, string>();
  private readonly inbox: string[] = [];
  private waiters: (() => void)[] = [];
  private readonly channels = new Map<string, ((payload: string) => void)[]>();

  async ready(): Promise<void> {}

  async ping(): Promise<void> {}

  private holder(): string | null {
    if (this.lease && this.lease.until <= Date.now()) this.lease = null;
    return this.lease?.nodeId ?? null;
  }

  async acquire(nodeId: string, ttlMs: number): Promise<number | null> {
    if (this.holder() !== null) return null;
    this.lease = { nodeId, until: Date.now() + ttlMs };
    return ++this.fence;
  }

  async renew(nodeId: string, fence: number, ttlMs: number): Promise<boolean> {
    const holder = this.holder();
    if ((holder !== nodeId && holder !== null) || fence !== this.fence) return false;
    this.lease = { nodeId, until: Date.now() + ttlMs };
    return true;
  }

  async release(nodeId: string, fence: number): Promise<void> {
    if (this.holder() === nodeId && fence === this.fence) this.lease = null;
  }

  async load(): Promise<Map<string, string>> {
    return new Map(this.state);
  }

  async commit(fence: number, write: StateWrite): Promise<boolean> {
    if (fence !== this.fence) return false;
    for (const k of write.del) this.state.delete(k);
    for (const [k, v] of write.set) this.state.set(k, v);
    return true;
  }

  async enqueue(request: string): Promise<void> {
    this.inbox.push(request);
    const w = this.waiters;
    this.waiters = [];
    for (const wake of w) wake();
  }

  async putBack(requests: string[]): Promise<void> {
    this.inbox.unshift(...requests);
  }

  async take(max: number, waitMs: number): Promise<string[]> {
    if (this.inbox.length === 0 && waitMs > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, waitMs);
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.waiters.push(done);
      });
    }
    return this.inbox.splice(0, max);
  }

  async publish(nodeId: string, payload: string): Promise<void> {
    const targets = nodeId === '*' ? [...this.channels.values()].flat() : (this.channels.get(nodeId) ?? []);
    for (const fn of targets) queueMicrotask(() => fn(payload));
  }

  async subscribe(nodeId: string, onMessage: (payload: string) => void): Promise<void> {
    this.channels.set(nodeId, [...(this.channels.get(nodeId) ?? []), onMessage]);
  }

  async close(): Promise<void> {
    const w = this.waiters;
    this.waiters = [];
    for (const wake of w) wake();
    this.channels.clear();
  }
}
