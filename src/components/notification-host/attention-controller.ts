import { msg } from '@lit/localize';
import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { NotificationCenter } from '../../services/center.js';
import type { Attention } from '../../services/attention/attention.js';
import { loadPart } from '../../services/parts.js';
import type { DesktopMode } from '../../services/protocol/types.js';

/** What the controller needs from `<omni-notification-host>`. */
export interface AttentionControllerHost extends ReactiveControllerHost, HTMLElement {
  desktop?: DesktopMode;
  sound: 'on' | 'off';
  worker: string;
}

const idle = (fn: () => void): void => {
  const ric = (globalThis as { requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => unknown }).requestIdleCallback;
  if (ric) ric(fn, { timeout: 2000 });
  else setTimeout(fn, 50);
};

/**
 * The host's side of the attention services (desktop notifications, ringer,
 * tab roles, title, hidden-tab timers, in `services/attention/`): page events
 * in, chips out. The services are a part of their own, loaded at idle once
 * the transport is open, never on the path of a first offer; an offer that
 * arrived before rings and notifies as soon as they are loaded (they derive
 * everything from the center's state).
 */
export class AttentionController implements ReactiveController {
  /** The services, once loaded. */
  attention: Attention | null = null;
  private loading: Promise<Attention | null> | null = null;
  private center: NotificationCenter | null = null;
  private off: Array<() => void> = [];
  private connected = false;

  constructor(private readonly host: AttentionControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    this.connected = true;
    const on = (target: EventTarget, type: string, fn: (e: Event) => void, capture = false) => {
      target.addEventListener(type, fn, capture);
      this.off.push(() => target.removeEventListener(type, fn, capture));
    };
    const seen = () => this.attention?.seenChanged();
    for (const type of ['visibilitychange', 'resume']) on(document, type, seen);
    for (const type of ['pageshow', 'focus', 'blur']) on(window, type, seen);
    const gesture = () => this.attention?.gesture();
    on(document, 'pointerdown', gesture, true);
    on(document, 'keydown', gesture, true);
    on(window, 'storage', (e) => this.attention?.storage((e as StorageEvent).key));
    if (this.center) this.attach(this.center);
  }

  hostDisconnected(): void {
    this.connected = false;
    for (const f of this.off) f();
    this.off = [];
    this.attention?.detach();
    // Release the audio device; it comes back when needed.
    this.attention?.ringer.dispose();
  }

  hostUpdate(): void {
    this.attention?.configure();
  }

  /** Follows a center; the services load at idle once it is connected. */
  attach(center: NotificationCenter): void {
    this.center = center;
    if (!this.connected) return;
    if (this.attention) this.attention.attach(center);
    else if (center.state.connection === 'open') idle(() => void this.load());
    else {
      const stop = center.on('connection', ({ state }) => {
        if (state !== 'open') return;
        stop();
        idle(() => void this.load());
      });
      this.off.push(stop);
    }
  }

  detach(): void {
    this.center = null;
    this.attention?.detach();
  }

  /** Loads the services now (the idle path calls it too); resolves with them, or null where they failed to load. */
  load(): Promise<Attention | null> {
    this.loading ??= loadPart('attention')
      .then(({ Attention }) => {
        const h = this.host;
        const a = new Attention({
          desktop: () => h.desktop,
          sound: () => h.sound,
          worker: () => h.worker,
          looking: () => document.visibilityState === 'visible' && document.hasFocus(),
          hidden: () => document.visibilityState === 'hidden',
          changed: () => h.requestUpdate(),
        });
        this.attention = a;
        if (this.connected && this.center) a.attach(this.center);
        return a;
      })
      .catch(() => null);
    return this.loading;
  }

  /** The chips the host shows with its alerts: sound unlock, desktop permission. */
  chips(): TemplateResult | typeof nothing {
    const a = this.attention;
    if (!a) return nothing;
    const { sound, desktop } = a.chips();
    return html`${sound
      ? html`<button part="sound-chip" class="chip" @click=${() => a.ringer.unlock()}>
          ${msg('Sound is off: click to enable', { id: 'sound.blocked' })}
        </button>`
      : nothing}${desktop === 'ask'
      ? html`<button part="desktop-chip" class="chip" @click=${() => a.notifier.requestPermission()}>
          ${msg('Enable desktop notifications', { id: 'desktop.enable' })}
        </button>`
      : desktop === 'note'
        ? html`<p part="desktop-chip" class="chip" role="status">${a.statusText()}</p>`
        : nothing}`;
  }
}
