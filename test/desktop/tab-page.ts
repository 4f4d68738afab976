/** An extra tab for the multi-tab tests: `window.omniTab` drives one host, as the test page does. */
import type { ServerBody } from '../../src/services/protocol/types.js';
import { deepQuery, settle } from '../helpers.js';
import { mount, snapshot, type Mounted } from './harness.js';

let tab: Mounted | null = null;

const api = {
  async mount(agent: string, attrs: Record<string, string>) {
    tab = await mount(agent, attrs);
    return true;
  },
  async push(body: ServerBody) {
    tab!.transport.push(body);
    await settle(tab!.host);
    return true;
  },
  snapshot() {
    return snapshot(tab!.host);
  },
  commands(type: string) {
    return tab!.transport.commands(type);
  },
  async click(name: string) {
    const { button } = await import('../helpers.js');
    button(tab!.host, name)!.click();
    await settle(tab!.host);
    return true;
  },
  connection(state: 'open' | 'reconnecting') {
    tab!.transport.sink?.state(state);
    return true;
  },
  /** Replaces Notification.requestPermission: records whether a user gesture was on, answers as the browser would after a dismissed prompt. */
  stubAsk() {
    const calls: Array<{ active: boolean }> = [];
    (window as unknown as { askCalls: typeof calls }).askCalls = calls;
    Notification.requestPermission = () => {
      calls.push({ active: !!navigator.userActivation?.isActive });
      return Promise.resolve(Notification.permission);
    };
    return true;
  },
  asked() {
    return (window as unknown as { askCalls?: Array<{ active: boolean }> }).askCalls ?? [];
  },
  /** The centre of a part of the host (for a real click). */
  where(part: string) {
    const el = deepQuery(tab!.host, `[part="${part}"]`);
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return { x: Math.round(r.x + r.width / 2), y: Math.round(r.y + r.height / 2) };
  },
  host() {
    return tab!.host;
  },
};

(window as unknown as { omniTab: typeof api }).omniTab = api;
