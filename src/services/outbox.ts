/**
 * The center's outgoing commands. Each command carries a client-generated
 * `commandId` (the server applies a repeated id once) and waits for its `ack`.
 * While the transport is reconnecting, commands wait here and are sent again
 * (same id) once it is open; one that cannot be delivered and acknowledged
 * before its deadline (an offer's deadline for accept/reject) is reported, never
 * silently dropped.
 *
 * An `ack` with error `rate-limited` (the server's command bucket was empty;
 * the command was not applied) is not final: the command is sent again (same
 * id) after a backoff that doubles from 250 ms up to 5 s, with jitter, until
 * it is taken or its deadline passes (then the rate-limited error is reported).
 *
 * Transports: report `reconnecting` before rejecting sends on a dropped
 * connection; a send rejected while `open` is taken as final.
 */
import type { CommandBody, OmniTransport, ProtocolError } from './protocol/types.js';

interface Entry {
  command: { commandId: string; type: string };
  awaitAck: boolean;
  resolve: () => void;
  reject: (e: ProtocolError) => void;
  timer: ReturnType<typeof setTimeout>;
  inFlight: boolean;
  /** Rate-limited answers so far, the last of them, and the pending retry. */
  limited: number;
  lastError?: ProtocolError;
  retry?: ReturnType<typeof setTimeout>;
}

const BACKOFF_FIRST_MS = 250;
const BACKOFF_MAX_MS = 5000;

let seq = 0;
function newCommandId(): string {
  const rnd = globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  return `c-${rnd}-${++seq}`;
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export class CommandOutbox {
  private entries = new Map<string, Entry>();
  private transport: OmniTransport | null = null;
  private open = false;

  attach(transport: OmniTransport | null): void {
    this.transport = transport;
    this.open = false;
  }

  /** Called on every connection state change; opening (again) sends what waits. */
  setOpen(open: boolean): void {
    if (open === this.open) return;
    this.open = open;
    if (!open) {
      // Whatever was on the wire may be lost: send it again (same id) on reconnect.
      for (const e of this.entries.values()) e.inFlight = false;
      return;
    }
    for (const e of [...this.entries.values()]) if (!e.inFlight && !e.retry) this.transmit(e);
  }

  /** Number of commands not yet acknowledged. */
  get size(): number {
    return this.entries.size;
  }

  /**
   * Sends a command. `waitMs`: how long it may take to be delivered and
   * acknowledged. `awaitAck: false` (ping) resolves once the transport took it
   * and is never queued.
   */
  send(body: CommandBody, waitMs: number, awaitAck = true): Promise<void> {
    const commandId = newCommandId();
    const command = { v: 1, commandId, ...body };
    return new Promise<void>((resolve, reject) => {
      if (!this.transport || (!awaitAck && !this.open)) {
        reject({ code: 'transport-closed', message: `cannot send ${body.type}: not connected` } satisfies ProtocolError);
        return;
      }
      const entry: Entry = {
        command,
        awaitAck,
        resolve,
        reject,
        inFlight: false,
        limited: 0,
        timer: setTimeout(
          () => this.finish(commandId, entry.lastError ?? {
            code: 'transport-closed',
            message: entry.inFlight
              ? `no answer to ${body.type} from the server in time`
              : `${body.type} could not be delivered in time: the connection is down`,
          }),
          Math.max(0, Math.min(waitMs, 2 ** 31 - 1)),
        ),
      };
      this.entries.set(commandId, entry);
      if (this.open) this.transmit(entry);
    });
  }

  /** An `ack` arrived. */
  settle(commandId: string, ok: boolean, error?: ProtocolError): void {
    const entry = this.entries.get(commandId);
    if (entry && !ok && error?.code === 'rate-limited') return this.backOff(entry, error);
    this.finish(commandId, ok ? null : (error ?? { code: 'not-allowed', message: 'the server refused the command' }));
  }

  failAll(code: ProtocolError['code'], message: string): void {
    for (const id of [...this.entries.keys()]) this.finish(id, { code, message });
  }

  /** Sends a rate-limited command again after a growing, jittered delay (its deadline timer still runs). */
  private backOff(entry: Entry, error: ProtocolError): void {
    entry.inFlight = false;
    entry.lastError = error;
    const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** entry.limited++);
    clearTimeout(entry.retry);
    entry.retry = setTimeout(() => {
      entry.retry = undefined;
      if (this.entries.has(entry.command.commandId) && this.open && !entry.inFlight) this.transmit(entry);
    }, ceiling / 2 + Math.random() * (ceiling / 2));
  }

  private transmit(entry: Entry): void {
    const transport = this.transport;
    if (!transport) return;
    entry.inFlight = true;
    let sent: Promise<void>;
    try {
      sent = Promise.resolve(transport.send(entry.command));
    } catch (e) {
      sent = Promise.reject(e);
    }
    sent.then(
      () => {
        if (!entry.awaitAck) this.finish(entry.command.commandId, null);
      },
      (e: unknown) => {
        if (!this.entries.has(entry.command.commandId)) return;
        entry.inFlight = false;
        // Refused while open: final. Refused because the connection dropped: retried on reconnect.
        if (this.open || !entry.awaitAck) {
          this.finish(entry.command.commandId, {
            code: 'transport-closed',
            message: `could not send ${entry.command.type}: ${describe(e)}`,
          });
        }
      },
    );
  }

  private finish(commandId: string, error: ProtocolError | null): void {
    const entry = this.entries.get(commandId);
    if (!entry) return;
    this.entries.delete(commandId);
    clearTimeout(entry.timer);
    clearTimeout(entry.retry);
    if (error) entry.reject(error);
    else entry.resolve();
  }
}
