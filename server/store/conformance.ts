/**
 * The store-conformance suite: the same cases against the memory store and
 * the Redis store (run in Node by the test plugin's `omni-store-conformance`;
 * test/server/store.test.ts reports each case). `open()` gives a client of one
 * fresh, empty store; two clients of the same store must see one another.
 */
import type { Store } from './types.js';

export const CONFORMANCE_CASES = [
  'one lease holder at a time, with a token that grows with each owner',
  'a write with a stale token is refused and writes nothing',
  'a write sets and deletes fields at once; load returns them',
  'the inbox is first in, first out, taken in batches; put back goes first',
  'take waits for a request and wakes when one arrives',
  'a message reaches its node and the broadcast reaches every node',
  'a released lease can be taken at once',
] as const;

export interface CaseResult {
  name: string;
  ok: boolean;
  error?: string;
}

function check(cond: unknown, what: string): asserts cond {
  if (!cond) throw new Error(what);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(cond: () => boolean, what: string, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await sleep(10);
  }
}

type Case = (a: Store, b: Store) => Promise<void>;

const cases: Record<(typeof CONFORMANCE_CASES)[number], Case> = {
  async 'one lease holder at a time, with a token that grows with each owner'(a, b) {
    const t1 = await a.acquire('A', 300);
    check(t1 !== null, 'A takes a free lease');
    check((await b.acquire('B', 300)) === null, 'B cannot take a held lease');
    check(await a.renew('A', t1, 300), 'A renews its lease');
    check(!(await b.renew('B', t1, 300)), 'B cannot renew a lease it does not hold');
    await sleep(400);
    check(await a.renew('A', t1, 300), 'A renews late: the lease lapsed but nobody took it');
    let t2: number | null = null;
    const end = Date.now() + 3000;
    while (t2 === null && Date.now() < end) {
      await sleep(50);
      t2 = await b.acquire('B', 5000);
    }
    check(t2 !== null && t2 > t1, `B takes the lapsed lease with a greater token (${t1} → ${t2})`);
    check(!(await a.renew('A', t1, 300)), 'the old holder can no longer renew');
  },
  async 'a write with a stale token is refused and writes nothing'(a, b) {
    const t1 = (await a.acquire('A', 5000))!;
    check(await a.commit(t1, { set: [['k', '1']], del: [] }), 'the holder writes');
    await a.release('A', t1);
    const t2 = (await b.acquire('B', 5000))!;
    check(!(await a.commit(t1, { set: [['k', 'stale'], ['x', 'stale']], del: ['k'] })), 'the stale write is refused');
    const state = await b.load();
    check(state.get('k') === '1' && !state.has('x'), `nothing of the stale write is kept (${JSON.stringify([...state])})`);
    check(await b.commit(t2, { set: [['k', '2']], del: [] }), 'the new holder writes');
  },
  async 'a write sets and deletes fields at once; load returns them'(a, b) {
    const t = (await a.acquire('A', 5000))!;
    const many: [string, string][] = Array.from({ length: 300 }, (_, i) => [`f:${i}`, JSON.stringify({ i, text: 'é\n"x"' })]);
    check(await a.commit(t, { set: many, del: [] }), 'first write');
    check(await a.commit(t, { set: [['f:0', 'changed']], del: ['f:1', 'f:2', 'missing'] }), 'second write');
    const state = await b.load();
    check(state.size === 298, `298 fields, not ${state.size}`);
    check(state.get('f:0') === 'changed' && !state.has('f:1') && state.get('f:299') === many[299][1], 'values as written');
  },
  async 'the inbox is first in, first out, taken in batches; put back goes first'(a, b) {
    for (let i = 0; i < 5; i++) await a.enqueue(`r${i}`);
    const first = await b.take(3, 100);
    const rest = await b.take(10, 100);
    check(JSON.stringify(first) === '["r0","r1","r2"]', `first batch ${JSON.stringify(first)}`);
    check(JSON.stringify(rest) === '["r3","r4"]', `second batch ${JSON.stringify(rest)}`);
    await a.enqueue('r5');
    await b.putBack(['r3', 'r4']);
    const again = await b.take(10, 100);
    check(JSON.stringify(again) === '["r3","r4","r5"]', `put back first, in order: ${JSON.stringify(again)}`);
    const t0 = Date.now();
    const none = await b.take(10, 200);
    check(none.length === 0 && Date.now() - t0 >= 150, 'an empty inbox answers [] after the wait');
  },
  async 'take waits for a request and wakes when one arrives'(a, b) {
    const t0 = Date.now();
    const waiting = b.take(10, 3000);
    await sleep(100);
    await a.enqueue('late');
    const got = await waiting;
    check(got[0] === 'late', `got ${JSON.stringify(got)}`);
    check(Date.now() - t0 < 2000, 'woken by the request, not by the wait');
  },
  async 'a message reaches its node and the broadcast reaches every node'(a, b) {
    const seenA: string[] = [];
    const seenB: string[] = [];
    await a.subscribe('A', (p) => seenA.push(p), () => {});
    await b.subscribe('B', (p) => seenB.push(p), () => {});
    await sleep(100);
    await a.publish('B', 'to B');
    await b.publish('*', 'to all');
    await until(() => seenB.length === 2 && seenA.length === 1, `A saw ${JSON.stringify(seenA)}, B saw ${JSON.stringify(seenB)}`);
    check(seenB.join() === 'to B,to all' && seenA.join() === 'to all', 'each node got its own and the broadcast');
  },
  async 'a released lease can be taken at once'(a, b) {
    const t1 = (await a.acquire('A', 60_000))!;
    await a.release('A', t1);
    const t2 = await b.acquire('B', 60_000);
    check(t2 !== null && t2 > t1, 'B takes it at once');
  },
};

/** Runs every case, each against a fresh store (`open(n)`: a client of store number n). */
export async function runConformance(open: (n: number) => Store): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  let n = 0;
  for (const name of CONFORMANCE_CASES) {
    n++;
    const a = open(n);
    const b = a.kind === 'memory' ? a : open(n);
    try {
      await a.ready();
      if (b !== a) await b.ready();
      check(a.healthy && b.healthy, 'the store answers');
      await cases[name](a, b);
      results.push({ name, ok: true });
    } catch (e) {
      results.push({ name, ok: false, error: e instanceof Error ? e.message : String(e) });
    } finally {
      await a.close();
      if (b !== a) await b.close();
    }
  }
  return results;
}
