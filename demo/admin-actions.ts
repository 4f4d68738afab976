/**
 * What the administrator's page and the workspace settings do: push the
 * administrator's changes as `settings` (to the engine in this page, or the
 * reference server's API), set the host's attributes, switch the language
 * (widget and dashboard, right to left in Arabic), play a template's sound,
 * and remember it all in localStorage (demo/prefs.ts).
 */
import type { RoutingEngine, SettingsPatch } from '../engine/index.js';
import type { OmniNotificationHost } from '../src/components/notification-host/omni-notification-host.js';
import type { Settings, Template } from '../src/services/protocol/types.js';
import { toneFor } from '../src/services/ringer.js';
import { dirOf, setDemoLang, tr, type DemoLang } from './i18n.js';
import { savePrefs, type Prefs, type PrefsStorage } from './prefs.js';
import type { Actions, DemoState, LogEntry, UiSettings } from './state.js';

export interface AdminContext {
  engine: RoutingEngine;
  /** True when the agent is on the engine in this page (settings are ours to keep). */
  inPage: boolean;
  api: ((method: string, path: string, body?: unknown) => Promise<unknown>) | null;
  host: OmniNotificationHost;
  doc: Document;
  storage: PrefsStorage;
  state(): DemoState;
  set(patch: Partial<DemoState>): void;
  log(type: string, text: string, tone?: LogEntry['tone']): void;
  /** Called after the language changed (rebuild what is not a Lit template). */
  relabel(): void;
}

type AdminActions = Pick<
  Actions,
  'applySettings' | 'updateSettings' | 'updateTemplate' | 'pickTemplate' | 'playTone' | 'openPage' | 'setLang' | 'note' | 'refresh'
>;

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Sets the host's attributes from the workspace choices. */
export function applyUi(host: OmniNotificationHost, ui: UiSettings): void {
  host.setAttribute('placement', ui.placement);
  host.setAttribute('shortcuts', ui.shortcuts ? 'on' : 'off');
  if (ui.desktop === 'template') host.removeAttribute('desktop');
  else host.setAttribute('desktop', ui.desktop);
}

/** The language on the widget, the dashboard and the document (`lang`, `dir`). */
export function applyLang(host: OmniNotificationHost, doc: Document, lang: DemoLang): void {
  setDemoLang(lang);
  host.locale = lang;
  doc.documentElement.lang = lang;
  doc.documentElement.dir = dirOf(lang);
}

export function adminActions(ctx: AdminContext): AdminActions {
  const save = () => {
    const s = ctx.state();
    const prefs: Prefs = { placement: s.ui.placement, shortcuts: s.ui.shortcuts, desktop: s.ui.desktop, lang: s.lang };
    if (ctx.inPage) prefs.settings = s.settings;
    const problem = savePrefs(ctx.storage, prefs);
    if (problem) ctx.log('demo', problem, 'warn');
  };

  const updateSettings = (patch: SettingsPatch) => {
    if (ctx.inPage) {
      let next: Settings;
      try {
        next = ctx.engine.updateSettings(patch);
      } catch (e) {
        ctx.log('demo', tr('Settings refused: {0}', errorText(e)), 'error');
        ctx.set({}); // puts the refused value back in its field
        return;
      }
      ctx.set({ settings: next });
      save();
      return;
    }
    if (!ctx.api) {
      ctx.log('demo', tr('No server API to change settings on'), 'warn');
      ctx.set({});
      return;
    }
    ctx.api('PUT', '/api/settings', patch).then(
      (next) => ctx.set({ settings: next as Settings }),
      (e: unknown) => {
        ctx.log('demo', tr('Settings refused: {0}', errorText(e)), 'error');
        ctx.set({});
      },
    );
  };

  let toneTimer: ReturnType<typeof setTimeout> | null = null;

  return {
    applySettings(patch: Partial<UiSettings>) {
      const ui = { ...ctx.state().ui, ...patch };
      applyUi(ctx.host, ui);
      ctx.set({ ui });
      save();
    },
    updateSettings,
    updateTemplate(id: string, patch: Partial<Template>) {
      updateSettings({ templates: { [id]: patch } });
    },
    pickTemplate(templateId: string) {
      ctx.set({ templateId });
    },
    playTone(templateId: string) {
      const t = ctx.state().settings.templates[templateId];
      if (!t?.sound) return;
      const { tone, repeat, volume } = t.sound;
      // The ringer is a part the host loads at idle; a click loads it now if it has not come yet.
      void ctx.host.loadParts().then(async () => {
        const ringer = ctx.host.ringer;
        if (!ringer) return;
        // The click is a user gesture: it also lets this tab play sound from now on.
        await ringer.unlock();
        if (ringer.state.ringing && !toneTimer) return; // a real request is ringing: leave it
        const ms = repeat ? 6000 : 2500;
        ringer.stop();
        ringer.ring(`od-preview-${templateId}-${Date.now()}`, toneFor(tone), Date.now() + ms, volume, repeat);
        if (toneTimer) clearTimeout(toneTimer);
        toneTimer = setTimeout(() => {
          toneTimer = null;
          if (!ctx.host.center.state.offers.length) ringer.stop();
        }, ms);
      });
    },
    openPage(page: DemoState['page']) {
      ctx.set({ page });
      // The agent asked to go there: focus its heading, as a page change does.
      const target = page === 'admin' ? '#od-settings-title' : '#od-main';
      ctx.doc.querySelector<HTMLElement>(target)?.focus();
    },
    setLang(lang: DemoLang) {
      applyLang(ctx.host, ctx.doc, lang);
      ctx.set({ lang });
      ctx.relabel();
      save();
    },
    note(text: string) {
      ctx.log('demo', text, 'warn');
    },
    refresh() {
      ctx.set({});
    },
  };
}
