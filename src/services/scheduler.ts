/**
 * One scheduler per page: every deadline (offers expiring, countdowns
 * ticking, a desktop notification to check again) is an entry here, and one
 * timer is armed, for the nearest. Callers recompute from timestamps when
 * woken; the scheduler only says "it may be time".
 *
 * Hidden tabs: Chrome aligns a hidden page's timers to whole seconds, and
 * after five minutes to one minute
 * (https://developer.chrome.com/blog/timer-throttling-in-chrome-88); a frozen
 * page runs none. So the one timer may also be kept by a `precise` helper
 * (the hidden-tab timers part, a worker served beside the bundle, loaded on
 * demand), and `check()` runs whatever is due when the page wakes (the host
 * calls it on visibilitychange, pageshow, resume). The main-thread timer
 * always runs too: it is the floor, and what fake clocks drive in tests.
 * No DOM.
 */

/** The longest delay setTimeout keeps (longer ones fire at once). */
export const MAX_DELAY = 2 ** 31 - 1;

/** A delay setTimeout can take: ≥ 0, ≤ MAX_DELAY, never NaN. */
export function clampDelay(ms: number): number {
  return Math.max(0, Math.min(Number.isFinite(ms) ? ms : ms > 0 ? MAX_DELAY : 0, MAX_DELAY));
}

/** Something that can also wake the page at a time (a worker); `arm(ms, fire)` replaces any earlier arm. */
export interface PreciseTimer {
  arm(ms: number, fire: () => void): void;
  cancel(): void;
  dispose?(): void;
}

interface Entry {
  due: number;
  fn: () => void;
}

export class Scheduler {
  private readonly entries = new Set<Entry>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private armedFor = Infinity;
  private precise: PreciseTimer | null = null;

  /** Calls `fn` once, `ms` from now (at the earliest); returns the cancel function. */
  after(ms: number, fn: () => void): () => void {
    const entry: Entry = { due: Date.now() + clampDelay(ms), fn };
    this.entries.add(entry);
    // Re-arm for a nearer entry, or when the armed timer is overdue (a fake clock in a test was removed with it).
    if (entry.due < this.armedFor || Date.now() > this.armedFor + 1000) this.arm();
    return () => {
      if (this.entries.delete(entry) && !this.entries.size) this.disarm();
    };
  }

  /** Runs every entry that is due (call it when the page may have slept), then re-arms. */
  check(): void {
    const now = Date.now();
    const due = [...this.entries].filter((e) => e.due <= now).sort((a, b) => a.due - b.due);
    for (const e of due) this.entries.delete(e);
    this.disarm();
    for (const e of due) {
      try {
        e.fn();
      } catch (err) {
        // One subscriber's bug must not stop the others' deadlines.
        queueMicrotask(() => {
          throw err;
        });
      }
    }
    this.arm();
  }

  /** Lets a worker keep the one timer in a hidden tab too (null: main thread only). */
  usePrecise(timer: PreciseTimer | null): void {
    this.precise?.dispose?.();
    this.precise = timer;
    this.disarm();
    this.arm();
  }

  /** How many entries wait (the soak benchmark watches it). */
  get size(): number {
    return this.entries.size;
  }

  private arm(): void {
    let next = Infinity;
    for (const e of this.entries) if (e.due < next) next = e.due;
    this.disarm();
    if (next === Infinity) return;
    this.armedFor = next;
    const wait = clampDelay(next - Date.now());
    this.timer = setTimeout(() => this.check(), wait);
    this.precise?.arm(wait, () => this.check());
  }

  private disarm(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.armedFor = Infinity;
    this.precise?.cancel();
  }
}

/** The page's scheduler. */
export const scheduler = new Scheduler();
