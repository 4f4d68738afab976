/**
 * Title flashing: while the tab is hidden, its title alternates
 * between the page's own title and "(1) Incoming chat request", once a
 * second, so the tab strip and the taskbar say what is waiting; the page's
 * title comes back when there is nothing left or the tab is seen again. A title
 * the page sets meanwhile is kept (it becomes the one restored). Ticks come
 * from the page's scheduler, so the flashing keeps its pace in a throttled tab.
 */
import type { Scheduler } from '../scheduler.js';

export class TitleFlasher {
  private text: string | null = null;
  private original = '';
  private cancel: (() => void) | null = null;

  constructor(
    private readonly wake: Pick<Scheduler, 'after'>,
    private readonly periodMs = 1000,
  ) {}

  /** Flashes `text`, or stops and restores the page's title (null). */
  set(text: string | null): void {
    const doc = globalThis.document;
    if (!doc || text === this.text) return;
    if (text === null) {
      this.stop();
      return;
    }
    if (this.text === null) this.original = doc.title;
    else if (doc.title === this.text) doc.title = text;
    this.text = text;
    if (!this.cancel) this.tick(true);
  }

  private tick(show: boolean): void {
    const doc = globalThis.document;
    if (this.text === null || !doc) return;
    const now = doc.title;
    // The page changed its title while we flashed: that is the one to restore.
    if (now !== this.text && now !== this.original) this.original = now;
    doc.title = show ? this.text : this.original;
    this.cancel = this.wake.after(this.periodMs, () => {
      this.cancel = null;
      this.tick(!show);
    });
  }

  private stop(): void {
    this.cancel?.();
    this.cancel = null;
    const doc = globalThis.document;
    if (doc && this.text !== null && doc.title === this.text) doc.title = this.original;
    this.text = null;
  }
}
