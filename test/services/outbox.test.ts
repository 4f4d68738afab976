/**
 * The outbox and the server's rate limit (docs/limits.md): a command acked
 * `rate-limited` was not applied, so it is sent again (same commandId) after
 * a growing backoff, until it is taken or its deadline passes. Fake clock.
 */
import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { CommandOutbox } from '../../src/services/outbox.js';
import type { OmniTransport, ProtocolError } from '../../src/services/protocol/types.js';

const LIMITED: ProtocolError = { code: 'rate-limited', message: 'too many commands; retry later' };

describe('CommandOutbox: rate-limited commands', () => {
  let clock: sinon.SinonFakeTimers;
  let sent: { commandId: string; type: string; at: number }[];
  let outbox: CommandOutbox;
  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: 1_000_000, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    sent = [];
    const transport = {
      connect: () => {},
      disconnect: () => {},
      send: (c: { commandId: string; type: string }) => {
        sent.push({ commandId: c.commandId, type: c.type, at: Date.now() });
      },
    } as unknown as OmniTransport;
    outbox = new CommandOutbox();
    outbox.attach(transport);
    outbox.setOpen(true);
  });
  afterEach(() => clock.restore());

  /** Lets the transport's send promise settle. */
  const flush = () => clock.tickAsync(0);

  it('backs off and sends again with the same commandId until the command is taken', async () => {
    let result = 'pending';
    outbox.send({ type: 'accept', offerId: 'o-1' }, 60_000).then(() => (result = 'ok'), (e: ProtocolError) => (result = e.code));
    await flush();
    expect(sent).to.have.length(1);
    const id = sent[0].commandId;
    const gaps: number[] = [];
    for (let i = 0; i < 4; i++) {
      outbox.settle(id, false, LIMITED);
      const before = Date.now();
      await clock.tickAsync(10_000);
      expect(sent, `retry ${i + 1}`).to.have.length(i + 2);
      gaps.push(sent[i + 1].at - before);
    }
    expect(new Set(sent.map((s) => s.commandId))).to.deep.equal(new Set([id]));
    expect(result).to.equal('pending');
    // 250 ms doubling (each between half and all of it): 125–250, 250–500, 500–1000, 1000–2000.
    gaps.forEach((g, i) => expect(g, `gap ${i}`).to.be.within(125 * 2 ** i, 250 * 2 ** i));
    outbox.settle(id, true);
    await flush();
    expect(result).to.equal('ok');
    expect(outbox.size).to.equal(0);
  });

  it('gives up at the deadline with the rate-limited error, and sends nothing after it', async () => {
    let error: ProtocolError | null = null;
    outbox.send({ type: 'reject', offerId: 'o-2' }, 8_000).catch((e: ProtocolError) => (error = e));
    await flush();
    const id = sent[0].commandId;
    let answered = 0;
    const refuse = () => {
      for (; answered < sent.length; answered++) outbox.settle(id, false, LIMITED);
    };
    // Every attempt is refused as soon as it is sent.
    for (let t = 0; t < 9_000 && !error; t += 50) {
      refuse();
      await clock.tickAsync(50);
    }
    expect(error).to.deep.equal(LIMITED);
    expect(sent.length, 'attempts').to.be.within(3, 8);
    expect(sent.every((s) => s.at <= 1_000_000 + 8_000)).to.equal(true);
    const count = sent.length;
    await clock.tickAsync(20_000);
    expect(sent.length).to.equal(count);
    expect(outbox.size).to.equal(0);
  });

  it('waits for the backoff after a reconnect instead of sending at once', async () => {
    outbox.send({ type: 'displayed', offerId: 'o-3', surface: 'page' } as never, 60_000).catch(() => {});
    await flush();
    outbox.settle(sent[0].commandId, false, LIMITED);
    outbox.setOpen(false);
    outbox.setOpen(true);
    await flush();
    expect(sent).to.have.length(1);
    await clock.tickAsync(250);
    expect(sent).to.have.length(2);
  });
});
