/**
 * An ordered set of records by a key captured when a record is added (so a
 * record's fields may change while it is in the set: `delete` uses the key it
 * was filed under). A treap: add, delete, first and `after` in O(log n)
 * expected time. The engine keeps its queue and its free agents in these.
 */
export type Key = readonly [number, number];

interface Node<T> {
  key: Key;
  item: T;
  prio: number;
  left: Node<T> | null;
  right: Node<T> | null;
}

const less = (a: Key, b: Key) => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);

export class OrderedSet<T> {
  private root: Node<T> | null = null;
  private readonly keys = new Map<T, Key>();

  constructor(private readonly keyOf: (item: T) => Key) {}

  get size(): number {
    return this.keys.size;
  }

  has(item: T): boolean {
    return this.keys.has(item);
  }

  /** Files `item` under its current key (re-files it when already present). */
  add(item: T): void {
    this.delete(item);
    const k = this.keyOf(item);
    const key: Key = [k[0], k[1]];
    this.keys.set(item, key);
    const [l, r] = this.split(this.root, key);
    this.root = this.merge(this.merge(l, { key, item, prio: Math.random(), left: null, right: null }), r);
  }

  delete(item: T): boolean {
    const key = this.keys.get(item);
    if (!key) return false;
    this.keys.delete(item);
    this.root = this.remove(this.root, key, item);
    return true;
  }

  clear(): void {
    this.root = null;
    this.keys.clear();
  }

  first(): T | undefined {
    let n = this.root;
    while (n?.left) n = n.left;
    return n?.item;
  }

  /** The first item whose key is after `item`'s key (`item` itself may have left the set, with its key given). */
  after(key: Key): T | undefined {
    let n = this.root;
    let best: Node<T> | null = null;
    while (n) {
      if (less(key, n.key)) {
        best = n;
        n = n.left;
      } else n = n.right;
    }
    return best?.item;
  }

  /** The key `item` is filed under (undefined when absent). */
  keyFor(item: T): Key | undefined {
    return this.keys.get(item);
  }

  *[Symbol.iterator](): IterableIterator<T> {
    const stack: Node<T>[] = [];
    let n = this.root;
    while (n || stack.length) {
      while (n) {
        stack.push(n);
        n = n.left;
      }
      const top = stack.pop()!;
      yield top.item;
      n = top.right;
    }
  }

  /** [keys < key, keys ≥ key] */
  private split(n: Node<T> | null, key: Key): [Node<T> | null, Node<T> | null] {
    if (!n) return [null, null];
    if (less(n.key, key)) {
      const [l, r] = this.split(n.right, key);
      n.right = l;
      return [n, r];
    }
    const [l, r] = this.split(n.left, key);
    n.left = r;
    return [l, n];
  }

  private merge(a: Node<T> | null, b: Node<T> | null): Node<T> | null {
    if (!a) return b;
    if (!b) return a;
    if (a.prio > b.prio) {
      a.right = this.merge(a.right, b);
      return a;
    }
    b.left = this.merge(a, b.left);
    return b;
  }

  private remove(n: Node<T> | null, key: Key, item: T): Node<T> | null {
    if (!n) return null;
    if (n.item === item) return this.merge(n.left, n.right);
    if (less(key, n.key)) n.left = this.remove(n.left, key, item);
    else n.right = this.remove(n.right, key, item);
    return n;
  }
}
