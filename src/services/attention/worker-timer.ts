/**
 * The hidden-tab timers part: keeps the page scheduler's one timer in a
 * dedicated worker too. A hidden page's timers are throttled (to one a minute
 * after five minutes); a worker's are not, and its message to the page is a
 * message task, which is not throttled either (measured in headless
 * Chromium: main-thread timer ≥ 60 s late, worker timer ~20 ms;
 * scripts/bench-hidden.mjs).
 *
 * The worker is the omni-notify worker script (`omni-notify-sw.js`, which
 * also answers `[id, ms]` timer messages), served from the page's own
 * origin: no `blob:` or `data:` worker, so a strict Content Security Policy
 * has nothing to report. Refused or missing, the main-thread timer still
 * runs. No DOM.
 */
import type { PreciseTimer } from '../scheduler.js';
import { trustedScriptURL } from '../trusted.js';

export class WorkerTimer implements PreciseTimer {
  private worker: Worker | null | undefined;
  private seq = 0;
  private fire: (() => void) | null = null;

  /** `url`: the omni-notify worker script; '' for none. */
  constructor(private readonly url: string) {}

  arm(ms: number, fire: () => void): void {
    this.fire = fire;
    this.start()?.postMessage([++this.seq, ms]);
  }

  cancel(): void {
    this.fire = null;
    this.seq++;
  }

  dispose(): void {
    this.cancel();
    this.worker?.terminate();
    this.worker = null;
  }

  private start(): Worker | null {
    if (this.worker !== undefined) return this.worker;
    this.worker = null;
    if (!this.url || typeof Worker === 'undefined') return null;
    try {
      const w = new Worker(trustedScriptURL(this.url) as string);
      w.onmessage = (e: MessageEvent) => {
        if (e.data !== this.seq || !this.fire) return;
        const fire = this.fire;
        this.fire = null;
        fire();
      };
      // Missing (404) or refused: the main-thread timer is enough.
      w.onerror = (e) => {
        e.preventDefault?.();
        w.terminate();
        if (this.worker === w) this.worker = null;
      };
      return (this.worker = w);
    } catch {
      return null;
    }
  }
}
