/**
 * A setImmediate for the soak page (Chromium has none), installed before
 * sinon loads: @sinonjs/fake-timers' tickAsync yields to the page through
 * `setImmediate || setTimeout` between timers, and nested setTimeouts are
 * clamped to 4 ms (https://html.spec.whatwg.org/#timers, nesting level > 5),
 * which made a simulated hour cost minutes. Not faked (the soak's `toFake`
 * omits it) and used by nothing in src/.
 */
const g = globalThis as typeof globalThis & { setImmediate?: (fn: () => void) => number };
if (!g.setImmediate) {
  const queue: Array<() => void> = [];
  const channel = new MessageChannel();
  channel.port1.onmessage = () => queue.shift()?.();
  g.setImmediate = (fn: () => void) => {
    queue.push(fn);
    channel.port2.postMessage(null);
    return queue.length;
  };
}
export {};
