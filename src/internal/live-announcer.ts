import { msg, str } from '@lit/localize';
import { formatNumber } from '../services/i18n.js';
import { localeAttributes } from './locale-controller.js';

/** Most offer texts read out in one batch; the rest are counted. */
const MAX_READ = 3;
/** Paragraphs kept in the region (older ones were read already). */
const KEEP = 3;
/** A hidden tab gets no animation frames: flush on a timer there. */
const HIDDEN_FLUSH_MS = 250;

/**
 * The host's one polite live region (light DOM, so every screen reader hears
 * it): what arrives within one frame is said in one update. One item is read
 * as it is; several are read as "5 new notifications." followed by the first
 * three texts, offers first (each with its channel and customer), so a burst of 1,000 notices is a
 * handful of updates, not 1,000. Each text is read in the widget's language.
 */
export class LiveAnnouncer {
  readonly region = document.createElement('div');
  private queue: Array<{ text: string; offer: boolean }> = [];
  private frame = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor() {
    this.region.slot = 'live';
    this.region.setAttribute('aria-live', 'polite');
    this.region.setAttribute('aria-atomic', 'false');
    this.region.dataset.omniLive = '';
  }

  /** Queues a text for the next frame; in a batch, `offer` texts are read first. */
  say(text: string, offer = false): void {
    this.queue.push({ text, offer });
    if (this.frame || this.timer) return;
    if (typeof requestAnimationFrame === 'function') this.frame = requestAnimationFrame(() => this.flush());
    // rAF does not run in a hidden tab; the timer is the floor.
    this.timer = setTimeout(() => this.flush(), HIDDEN_FLUSH_MS);
  }

  /** Writes what is queued now (the next frame does it by itself). */
  flush(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    if (this.timer) clearTimeout(this.timer);
    this.frame = 0;
    this.timer = null;
    const q = this.queue;
    this.queue = [];
    if (!q.length) return;
    let text = q[0]!.text;
    if (q.length > 1) {
      const n = q.length;
      const head = msg(str`${formatNumber(n)} new notifications.`, { id: 'host.batch' });
      const read = [...q.filter((x) => x.offer), ...q.filter((x) => !x.offer)].slice(0, MAX_READ);
      text = [head, ...read.map((x) => x.text)].join(' ');
    }
    const p = document.createElement('p');
    p.textContent = text;
    Object.assign(p, localeAttributes());
    this.region.append(p);
    while (this.region.childElementCount > KEEP) this.region.firstElementChild!.remove();
  }
}
