/**
 * The ringer: a short tone per channel, synthesized with Web Audio (no audio
 * files for a host to serve), repeated until the offer is answered or gone.
 * The whole ring is scheduled on the audio clock up front, up to the offer's
 * deadline, so it needs no main-thread timer and keeps its rhythm in a
 * hidden, throttled tab; stopping disconnects it at once.
 *
 * Volume and mute belong to the agent and are remembered in localStorage
 * (`omni-notify:sound:<agent id>`), shared live with the agent's other tabs
 * through the `storage` event.
 *
 * Browsers start audio only after a user gesture on the page (or where the
 * site is allowed to autoplay). `blocked` says so; `unlock()`, called from a
 * gesture, starts it. No DOM; the AudioContext is made on first need.
 */
import mitt from 'mitt';
import { subscribeWithReplay } from './util.js';

export interface RingerState {
  /** 0..1, the agent's volume. */
  volume: number;
  muted: boolean;
  /** Audio is blocked until a user gesture. */
  blocked: boolean;
  /** A ring is playing (or would, once unblocked). */
  ringing: boolean;
}

export interface RingerOptions {
  /** Makes the AudioContext (tests inject one). */
  context?: () => AudioContext;
}

/** A note: frequencies played together, start and length in seconds. */
type Note = [freqs: number[], at: number, len: number];
/** Notes of one repetition, and the period in seconds. */
type Tone = [Note[], number];

/** One tone per channel family; unknown names fall back by channel, then to chat. */
export const TONES: Record<string, Tone> = {
  // two-note chime, rising
  chat: [[[[880], 0, 0.16], [[1318.5], 0.18, 0.34]], 2.5],
  // three quick taps
  sms: [[[[1046.5], 0, 0.07], [[1046.5], 0.13, 0.07], [[1568], 0.26, 0.12]], 2.5],
  // ascending triad
  social: [[[[659.3], 0, 0.1], [[830.6], 0.12, 0.1], [[987.8], 0.24, 0.24]], 2.5],
  // a telephone ring: 440 + 480 Hz, two bursts
  voice: [[[[440, 480], 0, 0.4], [[440, 480], 0.6, 0.4]], 3],
};
const ALIASES: Record<string, string> = { facebook: 'social', whatsapp: 'social', twitter: 'social', line: 'social', wechat: 'social', teams: 'chat' };

export function toneFor(name: string, channel = ''): Tone {
  const pick = (n: string) => TONES[n] ?? TONES[ALIASES[n] ?? ''];
  return pick(name) ?? pick(channel) ?? TONES.chat!;
}

const KEY = 'omni-notify:sound:';
/** Longest ring scheduled ahead (and the most notes), whatever the deadline. */
const MAX_RING_SEC = 600;

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // blocked third-party storage
  }
}

export class Ringer {
  private readonly emitter = mitt<{ state: RingerState }>();
  private ctx: AudioContext | null = null;
  private out: GainNode | null = null;
  private playing = '';
  private level = 1;
  private agent = '';
  private s: RingerState = { volume: 0.8, muted: false, blocked: false, ringing: false };

  constructor(private readonly options: RingerOptions = {}) {}

  get state(): RingerState {
    return this.s;
  }

  /** Calls `fn` now and on every change; returns the unsubscribe. */
  subscribe(fn: (s: RingerState) => void): () => void {
    return subscribeWithReplay(this.emitter, 'state', this.s, fn);
  }

  /** Loads the agent's remembered volume and mute. */
  setAgent(agentId: string): void {
    this.agent = agentId;
    this.load();
  }

  setVolume(volume: number): void {
    if (!Number.isFinite(volume)) return;
    this.save({ volume: Math.min(1, Math.max(0, volume)) });
  }

  setMuted(muted: boolean): void {
    this.save({ muted: !!muted });
  }

  /** Re-reads the remembered settings (another tab changed them: the `storage` event). */
  load(): void {
    let saved: Partial<RingerState> = {};
    try {
      const v = JSON.parse(storage()?.getItem(KEY + this.agent) ?? '{}') as Record<string, unknown>;
      if (typeof v.volume === 'number' && v.volume >= 0 && v.volume <= 1) saved.volume = v.volume;
      if (typeof v.muted === 'boolean') saved.muted = v.muted;
    } catch {
      saved = {};
    }
    this.apply({ volume: 0.8, muted: false, ...saved });
  }

  /** The storage key of the current agent's settings. */
  get storageKey(): string {
    return KEY + this.agent;
  }

  /**
   * Rings `key` (an offer id) with `tone` until `untilMs` (local time), at the
   * template's `volume` (0..1, times the agent's); once unless `repeat`.
   * Ringing the same key again changes nothing.
   */
  ring(key: string, tone: Tone, untilMs: number, volume = 1, repeat = true): void {
    if (key === this.playing) return;
    this.stop();
    this.playing = key;
    this.level = Math.min(1, Math.max(0, volume));
    const ctx = this.context();
    if (!ctx) return;
    const out = ctx.createGain();
    this.out = out;
    this.gain();
    out.connect(ctx.destination);
    const [notes, period] = tone;
    const start = ctx.currentTime + 0.03;
    const end = start + Math.min(MAX_RING_SEC, Math.max(0, (untilMs - Date.now()) / 1000));
    for (let t = start; t < end; t += period) {
      for (const [freqs, at, len] of notes) {
        const t0 = t + at;
        if (t0 + len > end) break;
        const env = ctx.createGain();
        env.gain.setValueAtTime(0.0001, t0);
        env.gain.exponentialRampToValueAtTime(0.5 / freqs.length, t0 + 0.012);
        env.gain.exponentialRampToValueAtTime(0.0001, t0 + len);
        env.connect(out);
        for (const f of freqs) {
          const osc = ctx.createOscillator();
          osc.frequency.value = f;
          osc.connect(env);
          osc.start(t0);
          osc.stop(t0 + len + 0.02);
        }
      }
      if (!repeat) break;
    }
    this.apply({ ringing: true });
  }

  /** Stops the ring now. */
  stop(): void {
    this.playing = '';
    this.out?.disconnect();
    this.out = null;
    if (this.s.ringing) this.apply({ ringing: false });
  }

  /** True when this tab can play sound now (makes the AudioContext if needed). */
  ready(): boolean {
    return this.context()?.state === 'running';
  }

  /** Starts audio; call it from a user gesture (the "Sound is off" chip, any click). */
  unlock(): Promise<boolean> {
    const ctx = this.context();
    if (!ctx) return Promise.resolve(false);
    return ctx.resume().then(
      () => this.sync(),
      () => this.sync(),
    );
  }

  /** Releases the audio device. */
  dispose(): void {
    this.stop();
    void this.ctx?.close().catch(() => {});
    this.ctx = null;
  }

  private context(): AudioContext | null {
    if (this.ctx) return this.ctx;
    try {
      const make = this.options.context ?? (() => new AudioContext());
      const ctx = make();
      this.ctx = ctx;
      ctx.addEventListener('statechange', () => this.sync());
      if (ctx.state !== 'running') {
        // Where autoplay is allowed this starts it; elsewhere it waits for a gesture.
        ctx.resume().catch(() => {});
      }
      this.sync();
      return ctx;
    } catch {
      return null; // no Web Audio: silence, never an exception
    }
  }

  private sync(): boolean {
    const running = this.ctx?.state === 'running';
    this.apply({ blocked: !!this.ctx && !running });
    return running;
  }

  private gain(): void {
    if (this.out) this.out.gain.value = this.s.muted ? 0 : this.s.volume * this.level;
  }

  private save(patch: Partial<RingerState>): void {
    this.apply(patch);
    try {
      storage()?.setItem(KEY + this.agent, JSON.stringify({ volume: this.s.volume, muted: this.s.muted }));
    } catch {
      /* storage full or blocked: the setting lasts for this page */
    }
  }

  private apply(patch: Partial<RingerState>): void {
    const next = { ...this.s, ...patch };
    if (Object.keys(next).every((k) => next[k as keyof RingerState] === this.s[k as keyof RingerState])) return;
    this.s = next;
    this.gain();
    this.emitter.emit('state', next);
  }
}
