/**
 * The demo: an Omnichannel agent workspace built around the four elements,
 * with the reference routing engine running in the page behind the
 * in-memory transport, and simulated colleagues that take what the agent
 * rejects or misses.
 *
 * Everything is rendered with Lit templates (customer text is bound as text,
 * never parsed as markup); no innerHTML anywhere.
 */
import { nothing, render } from 'lit';
import '../src/index.js';
import type { OmniEventMap } from '../src/events/index.js';
import type { NotificationCenter } from '../src/services/center.js';
import type { OmniMissedBanner } from '../src/components/missed-banner/omni-missed-banner.js';
import type { OmniNotificationHost } from '../src/components/notification-host/omni-notification-host.js';
import {
  DEMO_CONTACTS,
  RoutingEngine,
  type EngineClock,
  type EngineState,
  type SettingsPatch,
} from '../engine/index.js';
import type { Settings } from '../src/services/protocol/types.js';
import { customerLabel } from '../src/services/templates.js';
import { MemoryTransport } from '../src/services/transports/memory.js';
import { adminActions, applyLang, applyUi } from './admin-actions.js';
import { createTransportFromQuery, serverApiFromQuery } from './connect.js';
import { buildDesktopControls } from './desktop-controls.js';
import { Colleagues } from './colleagues.js';
import { COLLEAGUES, ME, randomColleagueName, randomQueue, randomValues, simKind, type SimKey, type SimValues } from './data.js';
import { langFromQuery, tr } from './i18n.js';
import { loadPrefs, type PrefsStorage } from './prefs.js';
import { shell } from './layout.js';
import { describeEvent, LOGGED_EVENTS } from './log.js';
import { malformedFrame } from './malformed.js';
import { mergeSession, openFromNotice, openFromSession, sessionLine } from './session-model.js';
import { KEEP_FINISHED, LOG_LIMIT, type Actions, type DemoState, type LogEntry, type SessionView, type UiSettings } from './state.js';
import { presenceLabel } from '../src/services/format.js';
import { onLocaleChange } from '../src/services/i18n.js';
import { ensureStylesheet } from './stylesheet.js';

export interface DemoOptions {
  /** The engine's clock (tests inject one); default: the page's timers. */
  engineClock?: EngineClock;
  /** Initial administrator settings, merged over the defaults (templates field by field). */
  settings?: Partial<Settings> | SettingsPatch;
  /** The page address, for `?transport=ws|sse&server=…&token=…` (the API token: config or prompt) and `?lang=`; default: in-memory, English. */
  location?: Pick<Location, 'search' | 'origin'>;
  /** Where settings survive a reload (the page passes localStorage); default: nowhere. */
  storage?: PrefsStorage;
}

export interface Demo {
  engine: RoutingEngine;
  host: OmniNotificationHost;
  center: NotificationCenter;
  banner: OmniMissedBanner;
  /** Resolves once the dashboard's stylesheet has loaded. */
  ready: Promise<void>;
  destroy(): void;
}

function teamFrom(s: EngineState): Pick<DemoState, 'team' | 'conversations'> {
  return {
    team: s.agents.map((a) => ({
      id: a.id,
      name: a.name,
      presence: a.presence,
      lastSystemPresence: a.lastSystemPresence,
      missed: a.missed,
      connected: a.connected,
      capacity: a.capacity,
      sessions: a.sessions,
      offers: a.offers,
      simulated: a.simulated,
    })),
    conversations: s.conversations.map((c) => ({
      id: c.id,
      status: c.status,
      agentId: c.agentId,
      channel: c.channel,
      customerLabel: customerLabel({ customer: c.customer, contact: c.contact }),
    })),
  };
}

export function createDemo(root: HTMLElement, opts: DemoOptions = {}): Demo {
  const doc = root.ownerDocument;
  const ready = ensureStylesheet(doc);

  const where = opts.location ?? { search: '', origin: '' };
  const storage = opts.storage ?? null;
  const stored = loadPrefs(storage);
  if (stored.problem) console.info(`omni-notify demo: ${stored.problem}`);
  const engine = new RoutingEngine({ contacts: DEMO_CONTACTS, clock: opts.engineClock, keepFinished: KEEP_FINISHED });
  // Through updateSettings: templates merge field by field, so `{templates: {chat: {timeoutSec: 30}}}` works.
  if (opts.settings) engine.updateSettings(opts.settings);
  let restoreProblem = '';
  if (stored.prefs.settings) {
    try {
      engine.updateSettings(stored.prefs.settings);
    } catch (e) {
      restoreProblem = `ignored stored settings: ${e instanceof Error ? e.message : String(e)}`;
      console.info(`omni-notify demo: ${restoreProblem}`);
    }
  }
  engine.addAgent({ id: ME.id, name: ME.name, presence: 'available', capacity: ME.capacity });
  for (const c of COLLEAGUES) {
    engine.addAgent({ id: c.id, name: c.name, presence: c.presence, capacity: c.capacity, simulated: true });
  }

  const ui: UiSettings = {
    placement: stored.prefs.placement ?? 'top-end',
    shortcuts: stored.prefs.shortcuts ?? true,
    desktop: stored.prefs.desktop ?? 'template',
  };
  const lang = langFromQuery(where.search) ?? stored.prefs.lang ?? 'en';
  const before = { lang: doc.documentElement.lang, dir: doc.documentElement.dir };
  const host = doc.createElement('omni-notification-host');
  // No theme attribute: the host (and the banner) follow the administrator's `settings.theme`.
  applyUi(host, ui);
  applyLang(host, doc, lang);
  // `?transport=ws|sse&server=…&token=…` connects to the reference server; the in-page engine otherwise.
  const transport = createTransportFromQuery(where, engine);
  const memory = transport instanceof MemoryTransport ? transport : null;
  const api = serverApiFromQuery(where);
  const center = host.center;
  // Desktop notifications and sound (the agent who is not looking): built once, kept across renders.
  const desktop = doc.createElement('section');
  desktop.className = 'od-card';
  let stopDesktop = () => {};
  const buildDesktop = () => {
    stopDesktop();
    desktop.setAttribute('aria-label', tr('Desktop notifications and sound'));
    stopDesktop = buildDesktopControls(desktop, host);
  };
  buildDesktop();
  const banner = doc.createElement('omni-missed-banner');
  banner.center = center;

  let state: DemoState = {
    center: center.state,
    sessions: [],
    selected: null,
    log: [],
    sim: randomValues('chat', engine.contacts()),
    ui,
    settings: memory ? engine.settings() : center.state.settings,
    templateId: 'chat',
    page: 'work',
    lang,
    ...teamFrom(engine.getState()),
  };

  let logSeq = 0;
  let destroyed = false;
  let rendering = false;
  let dirty = false;
  let scrollTranscript = false;

  const paint = () => {
    if (destroyed) return;
    if (rendering) {
      dirty = true;
      return;
    }
    rendering = true;
    try {
      do {
        dirty = false;
        render(shell(state, actions, { host, banner, desktop }), root);
      } while (dirty && !destroyed);
    } finally {
      rendering = false;
    }
    if (scrollTranscript) {
      scrollTranscript = false;
      const t = root.querySelector<HTMLElement>('.od-transcript');
      if (t) t.scrollTop = t.scrollHeight;
    }
  };
  /** A user's action: the page reflects it at once. */
  const set = (patch: Partial<DemoState>) => {
    state = { ...state, ...patch };
    paint();
  };
  /** Background news (events, engine, center): coalesced into one paint per microtask. */
  let scheduled = false;
  const setSoon = (patch: Partial<DemoState>) => {
    state = { ...state, ...patch };
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(() => {
      scheduled = false;
      paint();
    });
  };
  const log = (type: string, text: string, tone: LogEntry['tone'] = 'info') => {
    const entry: LogEntry = { id: ++logSeq, at: Date.now(), type, text, tone };
    setSoon({ log: [entry, ...state.log].slice(0, LOG_LIMIT) });
  };

  const colleagues = new Colleagues(engine, (text) => log('team', text), opts.engineClock);

  const raise = (values: SimValues) => {
    const kind = simKind(values.kind);
    const name = values.name.trim();
    const phone = values.phone.trim();
    const comment = values.comment.trim();
    const req = {
      scenario: kind.scenario,
      channel: kind.channel,
      customer: { ...(name ? { name } : {}), ...(phone ? { phone } : {}) },
      ...(comment ? { comment } : {}),
      queue: randomQueue(),
      ...(kind.toast ? { agentId: center.state.agent?.id ?? ME.id } : {}),
      // A colleague hands over a transfer or an escalation; a bot's escalation and an assignment come from no one.
      ...(kind.scenario === 'transfer' || kind.scenario === 'escalation' ? { from: randomColleagueName() } : {}),
    };
    if (!memory) {
      if (!api) return log('demo', 'No server to raise work on', 'warn');
      api('POST', '/api/conversations', req).then(
        () => log('demo', `Raised ${kind.label} on the server`),
        (e: unknown) => log('demo', `Could not raise ${kind.label}: ${String(e)}`, 'error'),
      );
      return;
    }
    try {
      engine.createConversation(req);
      log('demo', `Raised ${kind.label}${name || phone ? ` for ${name || phone}` : ''}`);
    } catch (e) {
      log('demo', `Could not raise ${kind.label}: ${e instanceof Error ? e.message : String(e)}`, 'error');
    }
  };

  let malformedCount = 0;
  const actions: Actions = {
    setPresence: (p) => void center.setPresence(p).catch(() => {}), // the failure arrives as omni-error
    selectSession: (id) => set({ selected: id }),
    closeSession: (id) => {
      const i = state.sessions.findIndex((s) => s.conversationId === id);
      if (i < 0) return;
      const sessions = state.sessions.filter((s) => s.conversationId !== id);
      const selected = state.selected === id ? (sessions[Math.min(i, sessions.length - 1)]?.conversationId ?? null) : state.selected;
      engine.endConversation(id); // frees the capacity, as closing a session does in Omnichannel
      set({ sessions, selected });
    },
    setDraft: (id, text) => {
      // No repaint: the textarea already shows what was typed.
      state = { ...state, sessions: state.sessions.map((s) => (s.conversationId === id ? { ...s, draft: text } : s)) };
    },
    send: (id) => {
      const s = state.sessions.find((x) => x.conversationId === id);
      const text = s?.draft.trim();
      if (!s || !text) return;
      scrollTranscript = true;
      const updated = { ...s, draft: '', lines: [...s.lines, sessionLine('agent', text, Date.now())] };
      set({ sessions: state.sessions.map((x) => (x.conversationId === id ? updated : x)) });
    },
    setSim: (patch) => {
      if (patch.kind && patch.kind !== state.sim.kind) {
        set({ sim: randomValues(patch.kind, engine.contacts()) });
      } else {
        state = { ...state, sim: { ...state.sim, ...patch } };
      }
    },
    raise: () => {
      raise(state.sim);
      set({ sim: randomValues(state.sim.kind, engine.contacts()) });
    },
    quickRaise: (kind: SimKey) => raise(randomValues(kind, engine.contacts())),
    malformed: () => {
      const frame = malformedFrame(malformedCount++);
      log('demo', `Injected a malformed frame: ${frame.description}`, 'warn');
      if (!memory) return log('demo', 'Malformed frames are injected on the in-page transport only', 'warn');
      memory.inject(frame.data).catch((e: unknown) => log('demo', `Could not inject: ${String(e)}`, 'error'));
    },
    toggleNetwork: () => {
      if (!memory) return log('demo', 'Use a real network cut to test a server connection', 'warn');
      if (memory.state === 'open') memory.drop();
      else memory.restore();
    },
    ...adminActions({
      engine,
      inPage: !!memory,
      api,
      host,
      doc,
      storage,
      state: () => state,
      set,
      log,
      relabel: buildDesktop,
    }),
    resetPresence: (agentId) => {
      try {
        // The seeds' reset: back to the presence the system last set (not simply Available).
        engine.resetPresence(agentId);
        const a = engine.getState().agents.find((x) => x.id === agentId);
        log('demo', tr('Supervisor reset {0}’s presence to {1}', a?.name ?? agentId, a ? presenceLabel(a.presence) : '?'));
      } catch (e) {
        log('demo', `Supervisor reset failed: ${e instanceof Error ? e.message : String(e)}`, 'error');
      }
    },
    clearLog: () => set({ log: [] }),
  };

  // ---- events from the elements -------------------------------------------

  const onEvent = (type: (typeof LOGGED_EVENTS)[number]) => (e: Event) => {
    const { text, tone } = describeEvent(type, e);
    log(type, text, tone);
  };
  const listeners = LOGGED_EVENTS.map((type) => [type, onEvent(type)] as const);
  for (const [type, fn] of listeners) root.addEventListener(type, fn);

  const openSession = (next: SessionView) => {
    const known = state.sessions.some((s) => s.conversationId === next.conversationId);
    const sessions = known
      ? state.sessions.map((s) => (s.conversationId === next.conversationId ? mergeSession(s, next) : s))
      : [...state.sessions, next];
    set({ sessions, selected: next.conversationId });
  };
  const onSessionStart = (e: OmniEventMap['omni-session-start']) => openSession(openFromSession(e.detail.session, e.detail));
  const onToastOpen = (e: OmniEventMap['omni-toast-open']) => openSession(openFromNotice(e.detail.notice, Date.now()));
  root.addEventListener('omni-session-start', onSessionStart);
  root.addEventListener('omni-toast-open', onToastOpen);

  // ---- subscriptions ------------------------------------------------------

  const offs: Array<() => void> = [];
  let seenSettings: Settings | null = null;
  /** Sessions the center has reported: a tab the agent closed stays closed (the center keeps a session until the next hello). */
  const seenSessions = new Set<string>();
  if (stored.problem) log('demo', stored.problem, 'warn');
  if (restoreProblem) log('demo', restoreProblem, 'warn');
  paint(); // connects the host (and its center) to the page
  host.transport = transport;
  offs.push(
    center.subscribe((s) => {
      // Sessions the server already has (a reconnect) get a tab, without taking the selection; once.
      const known = new Set(state.sessions.map((x) => x.conversationId));
      const missing = s.sessions.filter((x) => !seenSessions.has(x.sessionId) && !known.has(x.conversationId)).map((x) => openFromSession(x));
      for (const x of s.sessions) seenSessions.add(x.sessionId);
      // The administrator's settings as the server pushed them (the engine's own, in memory mode).
      const settings = s.settings !== seenSettings ? ((seenSettings = s.settings), memory ? engine.settings() : s.settings) : state.settings;
      setSoon({ center: s, settings, ...(missing.length ? { sessions: [...state.sessions, ...missing] } : {}) });
    }),
    engine.subscribe((s) => setSoon(teamFrom(s))),
    // Presence names, channels and durations come from the widget's translations: repaint when they load.
    onLocaleChange(() => setSoon({})),
  );
  colleagues.start();

  return {
    engine,
    host,
    center,
    banner,
    ready,
    destroy() {
      if (destroyed) return;
      for (const off of offs) off();
      for (const [type, fn] of listeners) root.removeEventListener(type, fn);
      root.removeEventListener('omni-session-start', onSessionStart);
      root.removeEventListener('omni-toast-open', onToastOpen);
      colleagues.stop();
      destroyed = true;
      stopDesktop();
      render(nothing, root);
      doc.documentElement.lang = before.lang;
      doc.documentElement.dir = before.dir;
      host.transport = undefined;
      center.disconnect();
      engine.dispose?.();
    },
  };
}
