/**
 * The engine's state as data, for a store (docs/scaling.md): every record
 * becomes one field (a key and its JSON), so that after each batch only the
 * fields that changed are written, and another process can import them and
 * carry on (timers re-armed from their stored due times; overdue ones fire at
 * once). Connections are not state: they belong to the process that holds the
 * socket, and are attached again after an import.
 *
 * Fields: `meta` (id counters, finished list, timers), `settings`,
 * `contacts`, `agent:<id>`, `conv:<id>`, `offer:<id>` (live offers),
 * `past:<id>` (answered or withdrawn offers) and `res:<agent>\n<commandId>`
 * (command results, for idempotent retries). `past:` and `res:` records
 * never change once written, so they are compared by key only.
 */
import type { Contact, Settings } from '../src/services/protocol/types.js';
import { ContactDirectory } from './directory.js';
import type { AgentRecord, CommandResult, ConversationRecord, OfferRecord, PastOffer } from './model.js';
import type { RoutingEngine } from './engine.js';

/** What persist reads and writes inside an engine (TypeScript-private fields are plain properties at run time). */
interface Internals {
  current: Settings;
  directory: ContactDirectory;
  agents: Map<string, AgentRecord>;
  conversations: Map<string, ConversationRecord>;
  liveOffers: Map<string, OfferRecord>;
  pastOffers: Map<string, PastOffer>;
  results: Map<string, Map<string, Remembered>>;
  finished: string[];
  timerDue: Map<string, number>;
  prefix: string;
  seq: number;
  agentSeq: number;
  actSeq: number;
  convSeq: number;
  heartbeatTimeoutMs: number;
  setTimer(key: string, at: number, fn: () => void): void;
  clearTimer(key: string): void;
  teardown(): void;
  now(): number;
  batch<T>(fn: () => T): T;
  dispatch(): void;
  expire(offerId: string): void;
  notDisplayed(offerId: string): void;
  autoAccept(offerId: string): void;
  graceOver(agentId: string): void;
  cooldownOver(conversationId: string, agentId: string): void;
  rebuildIndexes(): void;
}

/** A command result as the engine remembers it (per agent, by commandId, oldest first). */
interface Remembered {
  r: CommandResult;
  at: number;
}

function* resultFields(e: Internals): Generator<[string, Remembered]> {
  for (const [agentId, mine] of e.results) for (const [commandId, rem] of mine) yield [`${agentId}\n${commandId}`, rem];
}

const inside = (e: RoutingEngine) => e as unknown as Internals;

/** Field prefixes whose records never change once written. */
const IMMUTABLE = ['past:', 'res:'] as const;
const SINGLE = new Set(['meta', 'settings', 'contacts']);

/** True for the fields this module writes (a store may keep others of its own beside them). */
export function isEngineField(key: string): boolean {
  return SINGLE.has(key) || /^(agent|conv|offer|past|res):/.test(key);
}

/** What a timer key does when it fires: the engine's own handler for each kind of deadline. */
function handlerFor(e: Internals, key: string): (() => void) | null {
  const i = key.indexOf(':');
  const kind = key.slice(0, i);
  const rest = key.slice(i + 1);
  switch (kind) {
    case 'expire':
      return () => e.expire(rest);
    case 'display':
      return () => e.notDisplayed(rest);
    case 'auto':
      return () => e.autoAccept(rest);
    case 'heartbeat':
      return () => e.graceOver(rest);
    case 'cool': {
      const j = rest.indexOf(':');
      return () => e.cooldownOver(rest.slice(0, j), rest.slice(j + 1));
    }
    default:
      return null;
  }
}

function agentJson(a: AgentRecord): string {
  const { connections: _c, sessions, offers, ...rest } = a;
  return JSON.stringify({ ...rest, sessions: [...sessions.entries()], offers: [...offers] });
}

/**
 * What changes whenever a conversation record changes: every routing step adds a history entry, and the
 * fields a step may change without one are listed. Unchanged print → the record is not serialised again.
 */
function fingerprint(c: ConversationRecord): string {
  return `${c.status}|${c.history.length}|${c.offers}|${c.offerId}|${c.agentId}|${c.preferredAgentId}|${c.cooldown.size}`;
}

function convJson(c: ConversationRecord): string {
  return JSON.stringify({ ...c, cooldown: [...c.cooldown.entries()] });
}

/** Every field of the engine's state (a full export). */
export function exportState(engine: RoutingEngine): Map<string, string> {
  const out = new Map<string, string>();
  const e = inside(engine);
  out.set('meta', metaJson(e));
  out.set('settings', JSON.stringify(e.current));
  out.set('contacts', JSON.stringify(e.directory.list()));
  for (const a of e.agents.values()) out.set(`agent:${a.id}`, agentJson(a));
  for (const c of e.conversations.values()) out.set(`conv:${c.id}`, convJson(c));
  for (const [id, o] of e.liveOffers) out.set(`offer:${id}`, JSON.stringify(o));
  for (const [id, p] of e.pastOffers) out.set(`past:${id}`, JSON.stringify(p));
  for (const [k, r] of resultFields(e)) out.set(`res:${k}`, JSON.stringify(r));
  return out;
}

function metaJson(e: Internals): string {
  return JSON.stringify({
    prefix: e.prefix,
    seq: e.seq,
    agentSeq: e.agentSeq,
    actSeq: e.actSeq,
    convSeq: e.convSeq,
    finished: e.finished,
    timers: [...e.timerDue.entries()],
  });
}

export interface StateChanges {
  set: [string, string][];
  del: string[];
}

/**
 * Remembers what was last written and answers what changed since: call
 * `changes()` after each batch, write them, then `commit()` them (or
 * `reset()` to forget everything after a failed write).
 */
export class StateTracker {
  private written = new Map<string, string>();
  private pending: StateChanges | null = null;
  /** Finished conversations already serialised: they do not change any more. */
  private readonly final = new Set<string>();
  /** Conversations' fingerprints when last serialised (see fingerprint()). */
  private readonly prints = new Map<string, string>();

  constructor(private readonly engine: RoutingEngine) {}

  /** Starts from fields already in the store (after an import). */
  seed(fields: Map<string, string>): void {
    this.written = new Map([...fields].filter(([k]) => isEngineField(k)));
  }

  changes(): StateChanges {
    const e = inside(this.engine);
    const set: [string, string][] = [];
    const live = new Set<string>();
    const put = (key: string, json: () => string) => {
      live.add(key);
      if (IMMUTABLE.some((p) => key.startsWith(p)) && this.written.has(key)) return;
      const v = json();
      if (this.written.get(key) !== v) set.push([key, v]);
    };
    put('meta', () => metaJson(e));
    put('settings', () => JSON.stringify(e.current));
    put('contacts', () => JSON.stringify(e.directory.list()));
    for (const a of e.agents.values()) put(`agent:${a.id}`, () => agentJson(a));
    for (const c of e.conversations.values()) {
      const key = `conv:${c.id}`;
      const fp = fingerprint(c);
      if (this.final.has(key) || (this.prints.get(key) === fp && this.written.has(key))) live.add(key);
      else {
        put(key, () => convJson(c));
        this.prints.set(key, fp);
        if (c.status === 'closed' || c.status === 'abandoned') this.final.add(key);
      }
    }
    for (const [id, o] of e.liveOffers) put(`offer:${id}`, () => JSON.stringify(o));
    for (const [id, p] of e.pastOffers) put(`past:${id}`, () => JSON.stringify(p));
    for (const [k, r] of resultFields(e)) put(`res:${k}`, () => JSON.stringify(r));
    for (const key of this.final) if (!live.has(key)) this.final.delete(key);
    for (const key of this.prints.keys()) if (!live.has(key)) this.prints.delete(key);
    const del = [...this.written.keys()].filter((k) => !live.has(k));
    this.pending = { set, del };
    return this.pending;
  }

  /** The last changes() are stored. */
  commit(): void {
    if (!this.pending) return;
    for (const [k, v] of this.pending.set) this.written.set(k, v);
    for (const k of this.pending.del) this.written.delete(k);
    this.pending = null;
  }
}

/**
 * Replaces the engine's records with stored fields (agents the engine has and
 * the store lacks are kept), then re-arms every stored timer (overdue ones
 * fire at once) and starts the reconnect grace of every agent that was online:
 * its connections attach again as their processes re-register them.
 */
/** Agents by their order of addition, conversations by their sequence, past offers by when they ended; the rest as it comes. */
function rank(key: string, json: string): number {
  const m = key.startsWith('agent:')
    ? /"order":(\d+)/.exec(json)
    : key.startsWith('conv:')
      ? /"seq":(\d+)/.exec(json)
      : key.startsWith('past:')
        ? /"at":(\d+)/.exec(json)
        : null;
  return m ? Number(m[1]) : 0;
}

export function importState(engine: RoutingEngine, fields: Map<string, string>): void {
  const e = inside(engine);
  const get = <T>(key: string): T | undefined => {
    const v = fields.get(key);
    return v === undefined ? undefined : (JSON.parse(v) as T);
  };
  e.teardown();
  const settings = get<Settings>('settings');
  if (settings) e.current = settings;
  const contacts = get<Contact[]>('contacts');
  if (contacts) e.directory = new ContactDirectory(contacts);
  e.conversations.clear();
  e.liveOffers.clear();
  e.pastOffers.clear();
  e.results.clear();
  const results: [string, Remembered][] = [];
  // A store keeps no order: records go back in the order the engine made them (getState lists them so).
  const ordered = [...fields].sort(([a, va], [b, vb]) => rank(a, va) - rank(b, vb));
  for (const [key, v] of ordered) {
    const i = key.indexOf(':');
    const kind = key.slice(0, i);
    const id = key.slice(i + 1);
    if (kind === 'agent') {
      const a = JSON.parse(v) as Omit<AgentRecord, 'connections' | 'sessions' | 'offers'> & { sessions: [string, AgentRecord['sessions'] extends Map<string, infer S> ? S : never][]; offers: string[] };
      e.agents.set(id, { ...a, connections: new Set(), sessions: new Map(a.sessions), offers: new Set(a.offers) });
    } else if (kind === 'conv') {
      const c = JSON.parse(v) as Omit<ConversationRecord, 'cooldown'> & { cooldown: [string, number][] };
      e.conversations.set(id, { ...c, cooldown: new Map(c.cooldown) });
    } else if (kind === 'offer') e.liveOffers.set(id, JSON.parse(v) as OfferRecord);
    else if (kind === 'past') {
      // Stored before past offers had a time: remembered from now on (forgotten after the age limit).
      const p = JSON.parse(v) as Omit<PastOffer, 'at'> & { at?: number };
      e.pastOffers.set(id, { ...p, at: p.at ?? e.now() });
    }
    else if (kind === 'res') results.push([id, JSON.parse(v) as Remembered]);
  }
  // Per agent, oldest first (the engine forgets the oldest first).
  results.sort((a, b) => a[1].at - b[1].at);
  for (const [key, rem] of results) {
    const nl = key.indexOf('\n');
    const agentId = key.slice(0, nl);
    let mine = e.results.get(agentId);
    if (!mine) e.results.set(agentId, (mine = new Map()));
    mine.set(key.slice(nl + 1), rem);
  }
  const meta = get<{ prefix: string; seq: number; agentSeq: number; actSeq: number; convSeq: number; finished: string[]; timers: [string, number][] }>('meta');
  if (meta) {
    e.prefix = meta.prefix;
    e.seq = Math.max(e.seq, meta.seq);
    e.agentSeq = Math.max(e.agentSeq, meta.agentSeq);
    e.actSeq = Math.max(e.actSeq, meta.actSeq);
    e.convSeq = Math.max(e.convSeq, meta.convSeq);
    e.finished.splice(0, e.finished.length, ...meta.finished);
  }
  e.rebuildIndexes();
  e.batch(() => {
    for (const [key, at] of meta?.timers ?? []) {
      const fn = handlerFor(e, key);
      if (fn) e.setTimer(key, at, fn);
    }
    for (const a of e.agents.values()) {
      if (a.online && !a.simulated && !e.timerDue.has(`heartbeat:${a.id}`)) {
        e.setTimer(`heartbeat:${a.id}`, e.now() + e.heartbeatTimeoutMs, () => e.graceOver(a.id));
      }
    }
    e.dispatch();
  });
}
