import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Re-renders its host when the displayed seconds change, while the host is
 * connected; stops when it is not (Lit's ClockController pattern). It never
 * counts anything itself: the host computes `deadline − now()` on each
 * render, so a throttled or frozen tab shows the right time on its next run.
 * It also re-renders at once when the page becomes visible again.
 */
export class ClockController implements ReactiveController {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly onVisible = () => this.tick();

  /** `nextChangeIn()` says how many ms until the display changes (null: nothing to tick). */
  constructor(
    private readonly host: ReactiveControllerHost & EventTarget,
    private readonly nextChangeIn: () => number | null,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    document.addEventListener('visibilitychange', this.onVisible);
    this.schedule();
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.onVisible);
    this.clear();
  }

  /** Re-arm after the host's data changed. */
  schedule(): void {
    this.clear();
    const ms = this.nextChangeIn();
    if (ms === null) return;
    this.timer = setTimeout(() => this.tick(), Math.max(16, Math.min(ms, 60_000)));
  }

  private tick(): void {
    this.host.requestUpdate();
    this.schedule();
  }

  private clear(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}

/** ms until `elapsedOrRemaining` next crosses a whole second. */
export function untilNextSecond(ms: number): number {
  const r = ((ms % 1000) + 1000) % 1000;
  return r === 0 ? 1000 : r;
}
