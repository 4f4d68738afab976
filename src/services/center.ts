/**
 * NotificationCenter: the client-side state machine. It validates every frame
 * a transport delivers, holds offers, notices, sessions, presence, missed
 * state and connection state, reconciles with the server's `hello` snapshot,
 * expires offers at their (server-time) deadline, and sends commands. No DOM.
 */
import mitt, { type Emitter } from 'mitt';
import {
  type CommandBody,
  type ConnectionState,
  type Missed,
  type Notice,
  type Offer,
  type OmniTransport,
  type Presence,
  type PresenceReason,
  type ProtocolError,
  type ServerMessage,
  type Session,
  type Template,
  validateServerMessage,
} from './protocol/index.js';
import {
  DEFAULT_SETTINGS,
  OmniError,
  type CenterEvents,
  type CenterOptions,
  type CenterState,
  type RemovalReason,
} from './center-types.js';
import { CommandOutbox } from './outbox.js';
import { describe, subscribeWithReplay } from './util.js';
import { scheduler } from './scheduler.js';
import type { TabMessage } from './tab-coordinator.js';
import { diffById, sortOffers } from './reconcile.js';
import { ServerClock } from './server-clock.js';
import { resolveTemplate, type TemplateOverrides } from './templates.js';

export { DEFAULT_SETTINGS, OmniError } from './center-types.js';
export type { CenterEvents, CenterOptions, CenterState, RemovalReason } from './center-types.js';

const DEDUP_LIMIT = 2000;
/** How close to its own deadline a tab must be to take another tab's word that an offer timed out. */
const TIMEOUT_TRUST_MS = 2000;

/** What the agent can do with an offer: Accept (or Open, for auto-assigned work), and whether Reject is offered. */
export interface OfferActions {
  accept: 'accept' | 'open';
  reject: boolean;
}

export class NotificationCenter {
  readonly clock: ServerClock;
  private readonly emitter: Emitter<CenterEvents> = mitt<CenterEvents>();
  private readonly ackTimeoutMs: number;
  private readonly maxNotices: number;
  private overrides: TemplateOverrides;
  private transport: OmniTransport | null = null;
  private seen = new Set<string>();
  private readonly outbox = new CommandOutbox();
  private readonly templateCache = new Map<string, Template>();
  /** conversationId → offerId of an accepted offer, to tell the session which offer opened it. */
  private accepted = new Map<string, string>();
  private cancelExpiry: (() => void) | null = null;
  private peerDepth = 0;
  private s: CenterState;

  constructor(options: CenterOptions = {}) {
    this.clock = new ServerClock(options.now);
    this.ackTimeoutMs = options.ackTimeoutMs ?? 15000;
    this.maxNotices = options.maxNotices ?? 50;
    this.overrides = options.templates ?? {};
    this.s = {
      connection: 'closed',
      agent: null,
      presence: 'offline',
      lastSystemPresence: 'available',
      settings: DEFAULT_SETTINGS,
      offers: [],
      pending: new Set(),
      notices: [],
      sessions: [],
      missed: null,
    };
  }

  // ---- observation -------------------------------------------------------

  get state(): CenterState {
    return this.s;
  }

  /** Calls `listener` now with the current state and on every change; returns the unsubscribe. */
  subscribe(listener: (state: CenterState) => void): () => void {
    return subscribeWithReplay(this.emitter, 'state', this.s, listener);
  }

  on<K extends keyof CenterEvents>(type: K, handler: (e: CenterEvents[K]) => void): () => void {
    this.emitter.on(type, handler);
    return () => this.emitter.off(type, handler);
  }

  serverNow(): number {
    return this.clock.serverNow();
  }

  /** Milliseconds left before the offer's deadline (≤ 0 once passed). */
  remaining(offer: Pick<Offer, 'expiresAt'>): number {
    return offer.expiresAt - this.clock.serverNow();
  }

  /** The resolved template for an offer or notice. */
  template(item: Pick<Offer, 'templateId' | 'scenario'>): Template {
    const key = `${item.templateId}\u0000${item.scenario}`;
    let t = this.templateCache.get(key);
    if (!t) {
      t = resolveTemplate(item.templateId, item.scenario, this.s.settings.templates, this.overrides);
      this.templateCache.set(key, t);
    }
    return t;
  }

  /** Host overrides for templates (merged field by field over the server's). */
  setTemplateOverrides(overrides: TemplateOverrides): void {
    this.overrides = overrides ?? {};
    this.templateCache.clear();
    this.update({});
  }

  get templateOverrides(): TemplateOverrides {
    return this.overrides;
  }

  // ---- connection --------------------------------------------------------

  connect(transport: OmniTransport): void {
    if (this.transport === transport) return;
    this.disconnect();
    this.transport = transport;
    this.outbox.attach(transport);
    try {
      transport.connect({
        message: (data) => {
          if (this.transport === transport) this.receive(data);
        },
        state: (st, error) => {
          if (this.transport === transport) this.setConnection(st, error);
        },
        // A transport's own report (origin-refused, ...): an omni-error, no state change.
        error: (e) => {
          if (this.transport !== transport) return;
          const code = typeof e?.code === 'string' && e.code ? e.code : 'transport-closed';
          this.reportError(code, typeof e?.message === 'string' ? e.message.slice(0, 500) : '');
        },
      });
    } catch (e) {
      this.reportError('transport-closed', `transport failed to connect: ${describe(e)}`);
      this.setConnection('closed', describe(e));
    }
  }

  disconnect(): void {
    const t = this.transport;
    this.transport = null;
    if (t) {
      try {
        t.disconnect();
      } catch {
        /* a transport that throws on close changes nothing here */
      }
      this.setConnection('closed');
    }
    this.outbox.failAll('transport-closed', 'disconnected');
    this.outbox.attach(null);
    this.clearExpiryTimer();
  }

  private setConnection(state: ConnectionState, error?: string): void {
    this.outbox.setOpen(state === 'open');
    // A transport that gave up: nothing it holds will be delivered.
    if (state === 'closed') this.outbox.failAll('transport-closed', error ? `connection closed: ${error}` : 'connection closed');
    if (state === this.s.connection && !error) return;
    this.update({ connection: state });
    this.emitter.emit('connection', error ? { state, error } : { state });
  }

  // ---- incoming ----------------------------------------------------------

  /** Feeds one frame from a transport (JSON text or parsed object). Never throws. */
  receive(data: unknown): void {
    try {
      const r = validateServerMessage(data);
      if (!r.ok) {
        this.emitter.emit('error', r.error);
        return;
      }
      const m = r.value;
      if (this.seen.has(m.id)) return;
      this.remember(m.id);
      this.apply(m);
    } catch (e) {
      // A handler further down threw; report it rather than throw into the page.
      this.reportError('bad-message', `message could not be applied: ${describe(e)}`);
    }
  }

  private remember(id: string): void {
    this.seen.add(id);
    if (this.seen.size > DEDUP_LIMIT) {
      // Sets iterate in insertion order: drop the oldest.
      const first = this.seen.values().next().value;
      if (first !== undefined) this.seen.delete(first);
    }
  }

  private apply(m: ServerMessage): void {
    switch (m.type) {
      case 'hello':
        return this.applyHello(m);
      case 'offer':
        return this.addOffer(m.offer);
      case 'offer.revoked':
        return this.removeOffer(m.offerId, m.reason);
      case 'notice':
        return this.addNotice(m.notice);
      case 'session.started':
        return this.addSession(m.session);
      case 'presence':
        return this.setPresenceState(m.presence, m.lastSystemPresence, m.reason);
      case 'missed':
        return this.setMissed(m.missed);
      case 'settings':
        this.update({ settings: m.settings });
        this.emitter.emit('settings', m.settings);
        return;
      case 'pong':
        this.clock.sampleRoundTrip(m.clientTime, m.serverTime);
        this.scheduleExpiry();
        return;
      case 'ack':
        return this.outbox.settle(m.commandId, m.ok, m.error);
      case 'error':
        this.emitter.emit('error', { code: m.code, message: m.message });
        return;
    }
  }

  private applyHello(m: Extract<ServerMessage, { type: 'hello' }>): void {
    this.clock.sampleOneWay(m.serverTime);
    const now = this.clock.serverNow();
    const offers = diffById(this.s.offers, m.offers.filter((o) => o.expiresAt > now), (o) => o.offerId);
    const ids = new Set(offers.next.map((o) => o.offerId));
    const pending = new Set([...this.s.pending].filter((id) => ids.has(id)));
    const notices = diffById(this.s.notices, m.notices, (n) => n.noticeId);
    const sessions = diffById(this.s.sessions, m.sessions, (x) => x.sessionId);
    const previous = this.s.presence;
    // Notices we already show keep their place; new ones go on top, newest first.
    const kept = new Set(notices.next.map((n) => n.noticeId));
    const noticeList = [
      ...[...notices.added].sort((a, b) => b.createdAt - a.createdAt),
      ...this.s.notices.filter((n) => kept.has(n.noticeId)),
    ].slice(0, this.maxNotices);

    this.update({
      agent: m.agent,
      presence: m.presence,
      lastSystemPresence: m.lastSystemPresence,
      settings: m.settings,
      offers: sortOffers(offers.next),
      pending,
      notices: noticeList,
      sessions: sessions.next,
      missed: m.missed,
    });
    for (const o of offers.gone) this.emitter.emit('offer-removed', { offer: o, reason: 'snapshot' });
    for (const n of notices.gone) this.emitter.emit('notice-removed', { notice: n, reason: 'snapshot' });
    for (const o of offers.added) this.emitter.emit('offer', o);
    for (const n of notices.added) this.emitter.emit('notice', n);
    for (const x of sessions.added) this.emitter.emit('session', { session: x });
    if (previous !== m.presence) this.emitter.emit('presence', { presence: m.presence, previous, reason: 'system' });
    this.emitter.emit('missed', m.missed);
    this.emitter.emit('settings', m.settings);
    this.scheduleExpiry();
  }

  private addOffer(offer: Offer): void {
    if (this.remaining(offer) <= 0) {
      this.reportError('expired', `offer ${offer.offerId} arrived after its deadline`);
      return;
    }
    const existing = this.s.offers.find((o) => o.offerId === offer.offerId);
    const others = this.s.offers.filter((o) => o.offerId !== offer.offerId);
    this.update({ offers: sortOffers([...others, offer]) });
    if (!existing) this.emitter.emit('offer', offer);
    this.scheduleExpiry();
  }

  private removeOffer(offerId: string, reason: RemovalReason): void {
    const offer = this.s.offers.find((o) => o.offerId === offerId);
    if (!offer) return;
    const pending = new Set(this.s.pending);
    pending.delete(offerId);
    this.update({ offers: this.s.offers.filter((o) => o.offerId !== offerId), pending });
    this.emitter.emit('offer-removed', { offer, reason });
    if (reason === 'timeout') this.emitter.emit('timeout', offer);
    this.scheduleExpiry();
  }

  private addNotice(notice: Notice): void {
    if (this.s.notices.some((n) => n.noticeId === notice.noticeId)) return;
    const all = [notice, ...this.s.notices];
    const kept = all.slice(0, this.maxNotices);
    const dropped = all.slice(this.maxNotices);
    this.update({ notices: kept });
    this.emitter.emit('notice', notice);
    for (const n of dropped) this.emitter.emit('notice-removed', { notice: n, reason: 'overflow' });
  }

  private addSession(session: Session): void {
    if (this.s.sessions.some((x) => x.sessionId === session.sessionId)) return;
    this.update({ sessions: [...this.s.sessions, session] });
    const offerId = this.accepted.get(session.conversationId);
    this.accepted.delete(session.conversationId);
    // The offer for this conversation is answered; drop it if the server has not said so yet.
    const answered = this.s.offers.find((o) => o.conversationId === session.conversationId);
    if (answered) this.removeOffer(answered.offerId, 'accepted');
    this.emitter.emit('session', { session, offerId: offerId ?? answered?.offerId });
  }

  private setPresenceState(presence: Presence, lastSystemPresence: Presence, reason: PresenceReason): void {
    const previous = this.s.presence;
    this.update({ presence, lastSystemPresence });
    if (previous !== presence) this.emitter.emit('presence', { presence, previous, reason });
  }

  private setMissed(missed: Missed | null): void {
    this.update({ missed });
    this.emitter.emit('missed', missed);
  }

  // ---- deadlines ---------------------------------------------------------

  /**
   * Removes every offer whose deadline has passed and re-arms one timer for
   * the next deadline. Call it whenever the page may have slept
   * (visibilitychange, pageshow, resume); the host element does.
   */
  checkDeadlines(): void {
    const now = this.clock.serverNow();
    for (const o of this.s.offers) if (o.expiresAt <= now) this.removeOffer(o.offerId, 'timeout');
    this.scheduleExpiry();
  }

  private scheduleExpiry(): void {
    this.clearExpiryTimer();
    const next = this.s.offers[0];
    if (!next) return;
    // One entry in the page's scheduler, to an absolute deadline; recomputed from timestamps when it fires.
    this.cancelExpiry = scheduler.after(this.remaining(next), () => {
      this.cancelExpiry = null;
      this.checkDeadlines();
    });
  }

  private clearExpiryTimer(): void {
    this.cancelExpiry?.();
    this.cancelExpiry = null;
  }

  // ---- other tabs of the same agent --------------------------------------

  /** True while a message from another tab is applied (what it changes is not sent back). */
  get applyingPeer(): boolean {
    return this.peerDepth > 0;
  }

  /**
   * Applies what another tab of the same agent said: an offer it answered or
   * saw time out (only the very offer this tab holds, a timeout only near its
   * deadline); presence and missed state only while this tab cannot hear the
   * server, which is their source of truth.
   */
  peer(m: TabMessage): void {
    const s = this.s;
    this.peerDepth++;
    try {
      if (m.t === 'revoke') {
        const o = s.offers.find((x) => x.offerId === m.offerId);
        if (o && o.conversationId === m.conversationId && o.expiresAt === m.expiresAt && (m.reason !== 'timeout' || this.remaining(o) <= TIMEOUT_TRUST_MS)) {
          this.removeOffer(o.offerId, m.reason);
        }
      } else if (s.connection !== 'open' && m.t === 'presence') {
        this.setPresenceState(m.presence, m.lastSystemPresence, 'other-tab');
      } else if (s.connection !== 'open' && m.t === 'missed') {
        this.setMissed(m.missed);
      }
    } catch (e) {
      this.reportError('bad-message', `another tab's message could not be applied: ${describe(e)}`);
    } finally {
      this.peerDepth--;
    }
  }

  // ---- commands ----------------------------------------------------------

  /** What the agent can do with this offer (the one owner of the "Open vs Accept / can Reject" rule). */
  actions(offer: Pick<Offer, 'templateId' | 'scenario' | 'autoAssign'>): OfferActions {
    const t = this.template(offer);
    const open = !!(t.autoAssign || offer.autoAssign);
    return { accept: open ? 'open' : 'accept', reject: t.allowReject && !open };
  }

  /**
   * Answers an offer, from whichever surface (button, shortcut, desktop
   * notification): checks that the answer is allowed and not already on its
   * way, emits `answer` once, then sends it. Resolves once the server
   * acknowledged it.
   */
  answer(offerId: string, kind: 'accept' | 'reject', reason?: string): Promise<void> {
    const offer = this.s.offers.find((o) => o.offerId === offerId);
    if (!offer) return this.refuse('unknown-offer', `no offer ${offerId}`);
    if (kind === 'accept' && this.remaining(offer) <= 0) return this.refuse('expired', `offer ${offerId} has expired`);
    if (kind === 'reject' && !this.actions(offer).reject) return this.refuse('not-allowed', 'this notification cannot be rejected');
    if (this.s.pending.has(offerId)) return this.refuse('not-allowed', 'an answer to this offer is already on its way');
    this.emitter.emit('answer', reason ? { offer, kind, reason } : { offer, kind });
    if (kind === 'accept') {
      this.accepted.set(offer.conversationId, offerId);
      // The server may send session.started before or after the ack.
      return this.offerCommand(offer, { type: 'accept', offerId }).then(() => this.removeOffer(offerId, 'accepted'));
    }
    const body: CommandBody = reason ? { type: 'reject', offerId, reason } : { type: 'reject', offerId };
    return this.offerCommand(offer, body).then(() => this.removeOffer(offerId, 'rejected'));
  }

  /** Accepts an offer; resolves once the server acknowledged it. */
  accept(offerId: string): Promise<void> {
    return this.answer(offerId, 'accept');
  }

  /** Rejects an offer (reroutes it); `reason` is free text for the server. */
  reject(offerId: string, reason?: string): Promise<void> {
    return this.answer(offerId, 'reject', reason);
  }

  private offerCommand(offer: Offer, body: CommandBody): Promise<void> {
    const { offerId } = offer;
    this.update({ pending: new Set([...this.s.pending, offerId]) });
    // Retried across reconnects until the offer's own deadline (at least the usual ack wait).
    const waitMs = Math.max(this.ackTimeoutMs, this.remaining(offer));
    return this.send(body, waitMs).catch((e: unknown) => {
      const pending = new Set(this.s.pending);
      pending.delete(offerId);
      this.update({ pending });
      throw e;
    });
  }

  /** Receipt that the agent can see the offer. Failures are reported, not thrown. */
  displayed(offerId: string, surface: 'page' | 'desktop' = 'page'): Promise<void> {
    return this.send({ type: 'displayed', offerId, surface }).catch(() => {});
  }

  setPresence(presence: Presence): Promise<void> {
    return this.send({ type: 'presence.set', presence });
  }

  /** "Reset status": back to the presence the system last set. */
  ackMissed(): Promise<void> {
    return this.send({ type: 'missed.ack' });
  }

  /** The agent selected a toast: tell the server and remove it. */
  openNotice(noticeId: string): Promise<void> {
    this.dropNotice(noticeId, 'opened');
    return this.send({ type: 'notice.open', noticeId });
  }

  /** The toast was dismissed or its time ran out (local only). */
  dismissNotice(noticeId: string): void {
    this.dropNotice(noticeId, 'dismissed');
  }

  /** A heartbeat that also refreshes the clock offset. */
  ping(): Promise<void> {
    return this.send({ type: 'ping', clientTime: this.clock.localNow() }, this.ackTimeoutMs, false);
  }

  private dropNotice(noticeId: string, reason: 'opened' | 'dismissed'): void {
    const notice = this.s.notices.find((n) => n.noticeId === noticeId);
    if (!notice) return;
    this.update({ notices: this.s.notices.filter((n) => n.noticeId !== noticeId) });
    this.emitter.emit('notice-removed', { notice, reason });
  }

  /**
   * Sends a command through the outbox. Every failure (no transport, refused,
   * not delivered or not acknowledged in time, a negative ack) rejects with an
   * OmniError and is also emitted as `error`, so nothing is silently lost.
   */
  private send(body: CommandBody, waitMs = this.ackTimeoutMs, awaitAck = true): Promise<void> {
    return this.outbox.send(body, waitMs, awaitAck).catch((e: ProtocolError) => {
      this.emitter.emit('error', e);
      throw new OmniError(e.code, e.message);
    });
  }

  private refuse(code: ProtocolError['code'], message: string): Promise<never> {
    this.emitter.emit('error', { code, message });
    return Promise.reject(new OmniError(code, message));
  }

  private reportError(code: ProtocolError['code'], message: string): void {
    this.emitter.emit('error', { code, message });
  }

  private update(patch: Partial<CenterState>): void {
    if (patch.settings) this.templateCache.clear();
    this.s = { ...this.s, ...patch };
    this.emitter.emit('state', this.s);
  }
}
