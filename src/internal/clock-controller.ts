import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { scheduler } from '../services/scheduler.js';

/**
 * Re-renders its host when the displayed seconds change, while the host is
 * connected; stops when it is not (Lit's ClockController pattern). It never
 * counts anything itself: the host computes `deadline − now()` on each
 * render, so a throttled or frozen tab shows the right time on its next run.
 * Its ticks are entries in the page's scheduler (one timer per page), which
 * runs what is due when the page becomes visible again.
 */
export class ClockController implements ReactiveController {
  private cancel: (() => void) | null = null;

  /** `nextChangeIn()` says how many ms until the display changes (null: nothing to tick). */
  constructor(
    private readonly host: ReactiveControllerHost & EventTarget,
    private readonly nextChangeIn: () => number | null,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.schedule();
  }

  hostDisconnected(): void {
    this.clear();
  }

  /** Re-arm after the host's data changed. */
  schedule(): void {
    this.clear();
    const ms = this.nextChangeIn();
    // NaN (a bad timestamp) must not become a 0 ms loop: nothing to tick.
    if (ms === null || Number.isNaN(ms)) return;
    this.cancel = scheduler.after(Math.max(16, Math.min(ms, 60_000)), () => {
      this.cancel = null;
      this.tick();
    });
  }

  private tick(): void {
    this.host.requestUpdate();
    this.schedule();
  }

  private clear(): void {
    this.cancel?.();
    this.cancel = null;
  }
}

/** ms until `elapsedOrRemaining` next crosses a whole second. */
export function untilNextSecond(ms: number): number {
  const r = ((ms % 1000) + 1000) % 1000;
  return r === 0 ? 1000 : r;
}
