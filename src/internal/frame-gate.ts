/** Longest a deferred render waits where frames do not come (a throttled iframe out of view). */
const FALLBACK_MS = 100;
/** Renders a frame may hold before the next ones wait: an offer and a revoke in two tasks of one frame both render at once. */
const PER_FRAME = 2;

/**
 * At most one render per frame for an element that can be asked to update
 * hundreds of times a second (a burst of notices arriving one per socket
 * frame, each in its own task, where Lit's microtask batching merges
 * nothing). The first {@link PER_FRAME} updates of a frame render at once,
 * as Lit would, so a lone offer is painted in the frame it arrived in; later
 * ones in the same frame wait for the next animation frame, which still runs
 * before that frame's paint, so nothing is painted later than without the
 * gate.
 *
 * No rAF in a hidden tab: while the page is not visible every update renders
 * at once, and a wait in progress ends when visibility changes or after
 * {@link FALLBACK_MS} (timers also drive it under a fake clock, whose
 * setTimeout never fires by itself, while real frames keep coming).
 */
export class FrameGate {
  private spent = 0;
  private frame = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private waiters: Array<() => void> = [];

  /** Null: render now. Else a promise that resolves at the next frame. */
  wait(): Promise<void> | null {
    if (this.spent < PER_FRAME) return null;
    if (document.visibilityState !== 'visible') {
      this.open();
      return null;
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** A render happened: counts it against this frame's allowance. */
  spend(): void {
    if (typeof requestAnimationFrame !== 'function' || this.spent++) return;
    this.frame = requestAnimationFrame(this.open);
    this.timer = setTimeout(this.open, FALLBACK_MS);
    document.addEventListener('visibilitychange', this.open);
  }

  /** The frame boundary: lets the waiting renders run (the first of them spends the new frame). */
  readonly open = (): void => {
    if (this.frame) cancelAnimationFrame(this.frame);
    if (this.timer !== null) clearTimeout(this.timer);
    document.removeEventListener('visibilitychange', this.open);
    this.frame = 0;
    this.timer = null;
    this.spent = 0;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  };
}
