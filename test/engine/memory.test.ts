/**
 * What the engine remembers after work is done, and its bounds (docs/limits.md,
 * "Engine memory"): past offers for late answers, by count and by age
 * (EngineOptions.offerMemory), and finished conversations for getState()
 * (EngineOptions.keepFinished). The soak bench (npm run bench:soak) found the
 * past offers piling up all day: only the count bound (5000) applied.
 */
import { expect } from '@open-wc/testing';
import { exportState, importState } from '../../engine/persist.js';
import { chat, team, useHarness } from './harness.js';

const MINUTE = 60_000;
const pastOffers = (engine: Parameters<typeof exportState>[0]) => [...exportState(engine).keys()].filter((k) => k.startsWith('past:')).length;

describe('RoutingEngine: past offers remembered for late answers, for 10 minutes', () => {
  const h = useHarness();

  /** One agent; each conversation is offered, rejected (so it ends up past) and cancelled. */
  function rejectEvery(engine: ReturnType<typeof team>['engine'], tab: ReturnType<typeof team>['tabs'][string], n: number, everyMs: number) {
    for (let i = 0; i < n; i++) {
      const { conversationId } = engine.createConversation(chat(`Customer ${i}`));
      expect(tab.send({ type: 'reject', offerId: tab.offer().offerId }).ok).to.equal(true);
      engine.cancelConversation(conversationId);
      h.clock.tick(everyMs);
    }
  }

  it('answers a late accept within 10 minutes with what became of the offer', () => {
    const { engine, tabs } = team(h, {}, ['a']);
    rejectEvery(engine, tabs.a, 1, 0);
    const offerId = tabs.a.offer().offerId;
    h.clock.tick(10 * MINUTE - 1);
    expect(tabs.a.send({ type: 'accept', offerId }).error).to.deep.include({ code: 'unknown-offer', message: `offer ${offerId} was withdrawn (rejected)` });
  });

  it('forgets a past offer 10 minutes after it ended (once another offer ends)', () => {
    const { engine, tabs } = team(h, {}, ['a']);
    rejectEvery(engine, tabs.a, 1, 0);
    const offerId = tabs.a.offer().offerId;
    h.clock.tick(10 * MINUTE);
    rejectEvery(engine, tabs.a, 1, 0);
    expect(tabs.a.send({ type: 'accept', offerId }).error).to.deep.include({ code: 'unknown-offer', message: `no offer ${offerId}` });
  });

  it('holds at most 10 minutes of past offers over a working day (an offer every 20 s: 30, not 1,440)', () => {
    const { engine, tabs } = team(h, {}, ['a']);
    rejectEvery(engine, tabs.a, 8 * 180, 20_000);
    expect(pastOffers(engine)).to.equal(30);
  });

  it('holds at most offerMemory.max past offers, however recent', () => {
    const { engine, tabs } = team(h, { offerMemory: { max: 5 } }, ['a']);
    rejectEvery(engine, tabs.a, 12, 0);
    expect(pastOffers(engine)).to.equal(5);
  });

  it('follows offerMemory.maxAgeMs', () => {
    const { engine, tabs } = team(h, { offerMemory: { maxAgeMs: MINUTE } }, ['a']);
    rejectEvery(engine, tabs.a, 10, 20_000);
    expect(pastOffers(engine)).to.equal(3);
  });
});

describe('RoutingEngine: finished conversations kept for getState()', () => {
  const h = useHarness();

  function finish(engine: ReturnType<typeof team>['engine'], n: number) {
    for (let i = 0; i < n; i++) engine.cancelConversation(engine.createConversation(chat(`Customer ${i}`)).conversationId);
  }

  it('keeps the last 500 by default', () => {
    const { engine } = team(h, {}, []);
    finish(engine, 501);
    const kept = engine.getState().conversations;
    expect(kept.length).to.equal(500);
    expect(kept[0].customer.name).to.equal('Customer 1');
  });

  it('keeps the last keepFinished, newest last', () => {
    const { engine } = team(h, { keepFinished: 3 }, []);
    finish(engine, 5);
    expect(engine.getState().conversations.map((c) => c.customer.name)).to.deep.equal(['Customer 2', 'Customer 3', 'Customer 4']);
  });

  it('does not count live conversations against keepFinished', () => {
    const { engine } = team(h, { keepFinished: 2 }, []);
    engine.createConversation(chat('Waiting'));
    finish(engine, 4);
    expect(engine.getState().conversations.map((c) => c.status)).to.deep.equal(['queued', 'abandoned', 'abandoned']);
  });
});

describe('RoutingEngine: past offers across an import (engine/persist.ts)', () => {
  const h = useHarness();

  /** a rejects one offer; the engine's fields, with the past offer's record edited by `edit`. */
  function rejectedFields(edit: (past: Record<string, unknown>) => void = () => {}) {
    const { engine, tabs } = team(h, {}, ['a']);
    engine.createConversation(chat());
    const offerId = tabs.a.offer().offerId;
    expect(tabs.a.send({ type: 'reject', offerId }).ok).to.equal(true);
    const fields = exportState(engine);
    const past = JSON.parse(fields.get(`past:${offerId}`)!) as Record<string, unknown>;
    edit(past);
    fields.set(`past:${offerId}`, JSON.stringify(past));
    engine.dispose();
    return { fields, offerId };
  }

  /** Imports the fields into a new engine, lets `ms` pass, ends one more offer there (pruning is done then), answers the old offer late. */
  function lateAcceptAfter(fields: Map<string, string>, offerId: string, ms: number) {
    const next = h.engine();
    importState(next, fields);
    const tab = h.tab(next, 'a');
    h.clock.tick(ms);
    next.cancelConversation(next.createConversation(chat('Bo')).conversationId);
    return tab.send({ type: 'accept', offerId }).error;
  }

  it('keeps the time an offer ended: forgotten 10 minutes after it ended, not after the import', () => {
    const { fields, offerId } = rejectedFields();
    h.clock.tick(9 * MINUTE);
    expect(lateAcceptAfter(fields, offerId, MINUTE)).to.deep.include({ message: `no offer ${offerId}` });
  });

  it('remembers a past offer stored without a time (before the age limit) for 10 minutes from the import', () => {
    const { fields, offerId } = rejectedFields((p) => delete p.at);
    h.clock.tick(60 * MINUTE);
    expect(lateAcceptAfter(fields, offerId, 10 * MINUTE - 1)).to.deep.include({ message: `offer ${offerId} was withdrawn (rejected)` });
  });
});
