/**
 * Timers that keep their time in a hidden tab. Chrome aligns a hidden page's
 * timers to whole seconds, and after five minutes hidden it aligns chained
 * timers (and `AbortSignal.timeout`) to one minute
 * (https://developer.chrome.com/blog/timer-throttling-in-chrome-88). A
 * dedicated worker's timers are not throttled, and its message to the page is
 * a message task, which is not throttled either; measured in headless
 * Chromium 156 with intensive throttling on: main-thread timer ≥ 60 s late,
 * worker timer ~20 ms (scripts/bench-hidden.mjs).
 *
 * So each timer runs twice: on the main thread (the floor: works everywhere,
 * under fake clocks too) and in a tiny worker (the precision), whichever
 * fires first. The worker is a Blob worker, else the omni-notify worker
 * script (`workerUrl`, for pages whose CSP forbids `blob:` workers), else
 * none. Callers recompute from timestamps when woken, never trust the timer.
 * No DOM.
 */
import { trustedScriptURL } from './trusted.js';

const SOURCE = 'onmessage=e=>{var d=e.data;Array.isArray(d)&&setTimeout(()=>postMessage(d[0]),Math.min(Math.max(0,+d[1]||0),2147483647))}';
const MAX_DELAY = 2 ** 31 - 1;

export class Wake {
  private worker: Worker | null | undefined;
  private seq = 0;
  /** id → [callback, main-thread timer, local time due] */
  private readonly pending = new Map<number, [() => void, ReturnType<typeof setTimeout>, number]>();

  /** `workerUrl`: the omni-notify worker script, tried when a Blob worker is refused. */
  constructor(private workerUrl = '') {}

  /** Calls `fn` once, `ms` from now (at the earliest); returns the cancel function. */
  after(ms: number, fn: () => void): () => void {
    const id = ++this.seq;
    const wait = Math.max(0, Math.min(ms, MAX_DELAY));
    this.pending.set(id, [fn, setTimeout(() => this.fire(id), wait), Date.now() + wait]);
    this.start()?.postMessage([id, wait]);
    return () => this.cancel(id);
  }

  /** Drops every pending timer and the worker. */
  dispose(): void {
    for (const id of [...this.pending.keys()]) this.cancel(id);
    this.worker?.terminate();
    this.worker = undefined;
  }

  private fire(id: number): void {
    const entry = this.pending.get(id);
    if (!entry) return;
    this.cancel(id);
    entry[0]();
  }

  private cancel(id: number): void {
    const entry = this.pending.get(id);
    if (entry) clearTimeout(entry[1]);
    this.pending.delete(id);
  }

  private start(): Worker | null {
    if (this.worker !== undefined) return this.worker;
    this.worker = null;
    if (typeof Worker === 'undefined') return null;
    const urls: Array<() => string> = [];
    if (typeof Blob !== 'undefined' && typeof URL.createObjectURL === 'function') {
      urls.push(() => URL.createObjectURL(new Blob([SOURCE], { type: 'text/javascript' })));
    }
    if (this.workerUrl) urls.push(() => this.workerUrl);
    const attempt = (i: number): Worker | null => {
      if (i >= urls.length) return null;
      try {
        const w = new Worker(trustedScriptURL(urls[i]!()) as string);
        w.onmessage = (e: MessageEvent) => {
          if (typeof e.data === 'number') this.fire(e.data);
        };
        // Refused (CSP) or missing (404): the next way; the main-thread timers still run.
        w.onerror = (e) => {
          e.preventDefault?.();
          w.terminate();
          if (this.worker !== w) return;
          this.worker = attempt(i + 1);
          for (const [id, [, , due]] of this.pending) this.worker?.postMessage([id, due - Date.now()]);
        };
        return w;
      } catch {
        return attempt(i + 1);
      }
    };
    return (this.worker = attempt(0));
  }
}
