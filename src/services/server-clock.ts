/**
 * Estimate of the server's clock. Deadlines are server times; remaining time
 * is always `deadline − serverNow()`, recomputed from timestamps, so a tab that
 * was hidden, throttled or frozen shows the right time as soon as it runs.
 */
export type Now = () => number;

export class ServerClock {
  private offset = 0;
  private bestRtt = Infinity;
  private samples = 0;

  /** `now` is read on every call, so fake clocks installed later still apply. */
  constructor(private readonly now: Now = () => Date.now()) {}

  /** Local time now (the injected clock). */
  localNow(): number {
    return this.now();
  }

  /** Server time now, by the current offset estimate. */
  serverNow(): number {
    return this.now() + this.offset;
  }

  /** Server time → local time (for scheduling a local timer). */
  toLocal(serverTime: number): number {
    return serverTime - this.offset;
  }

  get offsetMs(): number {
    return this.offset;
  }

  /** A one-way sample (hello): serverTime as received now. Used until a round trip is known. */
  sampleOneWay(serverTime: number): void {
    if (this.bestRtt !== Infinity) return;
    this.offset = serverTime - this.now();
    this.samples++;
  }

  /** A round-trip sample (pong): offset ≈ serverTime − (clientTime + now) / 2; the lowest RTT wins. */
  sampleRoundTrip(clientTime: number, serverTime: number): void {
    const now = this.now();
    const rtt = now - clientTime;
    if (!(rtt >= 0)) return;
    // Older best samples age out: accept a new one if it is not much worse.
    if (rtt <= this.bestRtt * 1.5 + 20 || this.samples > 20) {
      this.bestRtt = Math.min(rtt, this.bestRtt);
      this.offset = serverTime - (clientTime + now) / 2;
      this.samples = 0;
    }
  }
}
