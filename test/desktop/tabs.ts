/**
 * The test page's side of the multi-tab tests: other tabs of the same browser
 * context (tab.html) driven over server commands, and the service worker.
 */
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { ServerBody } from '../../src/services/protocol/types.js';
import { WORKER, ours, until, type Snapshot } from './harness.js';


/** Opens tab.html in this page's browser context (as a tab of this window, which hides this page). */
export async function openTab(agent: string, attrs: Record<string, string> = {}, as: 'tab' | 'window' = 'tab'): Promise<string> {
  const id = (await executeServerCommand('omni-tab-open', { path: '/test/desktop/tab.html', as })) as string;
  await tabEval(id, `omniTab.mount(${JSON.stringify(agent)}, ${JSON.stringify(attrs)})`);
  return id;
}

export function tabEval<T = unknown>(id: string | null, js: string): Promise<T> {
  return executeServerCommand('omni-tab-eval', { id, js }) as Promise<T>;
}

export const tabPush = (id: string, body: ServerBody | Record<string, unknown>) => tabEval(id, `omniTab.push(${JSON.stringify(body)})`);
export const tabSnapshot = (id: string) => tabEval<Snapshot>(id, 'omniTab.snapshot()');
export const closeTabs = () => executeServerCommand('omni-tab-close-all');

/** A unique agent id per test: tabs of different tests never coordinate with each other. */
export const agentId = () => `agent-${Math.random().toString(36).slice(2, 10)}`;

/** The service worker registration for WORKER, once there. */
export async function registration(): Promise<ServiceWorkerRegistration> {
  const scope = new URL('./omni-notify-sw/', new URL(WORKER, location.href)).href;
  let reg: ServiceWorkerRegistration | undefined;
  await until(async () => !!(reg = await navigator.serviceWorker.getRegistration(scope)) && !!reg.active, 'the worker');
  return reg!;
}

/**
 * A real deadline's lateness (`Date.now() − deadline`): never early, printed
 * against its goal, and bounded only generously, so that a loaded machine
 * does not fail the test (CONVENTIONS: a timing goal is a printed figure).
 */
export function expectLate(label: string, late: number, goal = 1000): void {
  console.log(`${label}: ${Math.round(late)} ms after the deadline (goal ≤ ${goal} ms)`);
  expect(late, `${label}: before the deadline`).to.be.at.least(0);
  expect(late, `${label}: ${Math.round(late)} ms late`).to.be.below(10_000);
}

/** Why a test that needs notifications allowed cannot run here, printed by the test that skips. */
export const CANNOT_GRANT =
  "notification permission cannot be granted here: WebKitGTK 2.50's WebDriver has no Permissions command " +
  '(POST /session/:id/permissions answers "Unknown command") and MiniBrowser would ask a person; ' +
  'the fallback without permission (the "Enable desktop notifications" chip, title flashing) is asserted by permission.test.ts and deadlines.test.ts';

/**
 * Allows notifications for this page's origin (or `origin`) through the test
 * runner. Where the driver cannot, prints why and skips the calling test
 * (a printed reason, counted as skipped: never a silent skip).
 */
export async function allowOrSkip(ctx: Mocha.Context, origin?: string): Promise<void> {
  if (await executeServerCommand('omni-permission', { setting: 'granted', ...(origin ? { origin } : {}) })) return;
  console.log(`not run: "${ctx.currentTest?.fullTitle() ?? ctx.test?.fullTitle()}": ${CANNOT_GRANT}`);
  ctx.skip();
}

/** Our notifications showing now, by tag. */
export async function notifications(tag?: string): Promise<Notification[]> {
  const reg = await navigator.serviceWorker.getRegistration(new URL('./omni-notify-sw/', new URL(WORKER, location.href)).href);
  return reg ? reg.getNotifications(tag ? { tag } : undefined) : [];
}

/** Closes the notifications of this page's offers (other test files' stay). */
export async function clearNotifications(): Promise<void> {
  for (const n of await notifications()) if (ours.has(n.tag)) n.close();
  for (const n of plain.splice(0)) if (!n.closed) n.close();
}

/**
 * What this browser lets the tests do. Chromium: CDP (windows, freezing,
 * crashing, dispatching a notification click in the worker) and autoplay
 * (the runner's --autoplay-policy flag). WebKit (WebDriver classic):
 * minimizing the page's window, nothing else of CDP's. Firefox (WebDriver
 * BiDi): neither. Elsewhere the tests assert the fallbacks instead.
 */
export const env = { cdp: false, windows: false, protocol: '' as 'cdp' | 'bidi' | 'webdriver' | '' };
let probed: Promise<void> | null = null;
/** Fills `env` (once per page); call it in a `before` hook. */
export function probe(): Promise<void> {
  return (probed ??= (async () => {
    env.protocol = (await executeServerCommand('omni-protocol')) as typeof env.protocol;
    env.cdp = env.protocol === 'cdp';
    env.windows = (await executeServerCommand('omni-tab-window', { state: 'normal' })) === true;
  })());
}

/**
 * Hides this page for real. Chromium and WebKit: its window is minimized
 * (headless Chromium 156 turns a page covered by a window.open tab "hidden"
 * without firing visibilitychange or blur; MiniBrowser opens a WebDriver tab
 * behind the page). Firefox: another tab in front of it.
 * Returns what uncover() needs.
 */
export async function cover(): Promise<string> {
  await probe();
  const id = env.windows
    ? ((await executeServerCommand('omni-tab-window', { state: 'minimized' })), '')
    : ((await executeServerCommand('omni-tab-open', { path: '/test/desktop/cover.html' })) as string);
  await until(() => document.visibilityState === 'hidden', 'this page to be hidden');
  return id;
}

/** The agent looks at this page: in front and focused. */
export async function look(): Promise<void> {
  await executeServerCommand('omni-focus', {});
  await until(() => document.visibilityState === 'visible' && document.hasFocus(), 'this page to have the focus');
}

export async function uncover(id: string): Promise<void> {
  if (id) await executeServerCommand('omni-tab-close', { id });
  else await executeServerCommand('omni-tab-window', { state: 'normal' });
  await until(() => document.visibilityState === 'visible', 'this page to be visible');
}

/** A notification as the tests see it, through the worker or as a plain Notification. */
export interface SeenNotification {
  tag: string;
  title: string;
  body: string;
  actions: Array<{ action: string; title: string }>;
  requireInteraction: boolean;
}

/** Plain notifications this page made (where there is no service worker). */
const plain: Array<Notification & { closed?: boolean }> = [];
let spying = false;

/** Records plain notifications (new Notification) from now on. */
export function spyOnPlainNotifications(): void {
  if (spying || typeof Notification === 'undefined') return;
  spying = true;
  const Real = window.Notification;
  class Recorded extends Real {
    closed = false;
    constructor(title: string, options?: NotificationOptions) {
      super(title, options);
      plain.push(this);
    }
    override close(): void {
      this.closed = true;
      super.close();
    }
  }
  window.Notification = Recorded;
}

/** Our notification for `tag` showing now, if any. */
export async function seen(tag: string): Promise<SeenNotification | undefined> {
  const [n] = await notifications(tag);
  const p = plain.find((x) => x.tag === tag && !x.closed);
  const found = (n ?? p) as (Notification & { actions?: SeenNotification['actions'] }) | undefined;
  return found && { tag, title: found.title, body: found.body, actions: found.actions ?? [], requireInteraction: found.requireInteraction };
}

/** A click on the body of the plain notification `tag` (what the browser does on a click). */
export function clickPlain(tag: string): boolean {
  const p = plain.find((x) => x.tag === tag && !x.closed);
  p?.onclick?.(new Event('click'));
  return !!p;
}

/** True when the omni-notify worker can be registered here. */
export async function workerAvailable(): Promise<boolean> {
  try {
    const scope = new URL('./omni-notify-sw/', new URL(WORKER, location.href)).href;
    await navigator.serviceWorker.register(WORKER, { scope });
    return true;
  } catch {
    return false;
  }
}

let audio: Promise<boolean> | null = null;
/**
 * True when this browser plays Web Audio here once allowed: Chromium (the
 * runner allows autoplay); headless Firefox in this container has no audio
 * output, so its AudioContext never runs, gesture or not.
 */
export function audioRuns(): Promise<boolean> {
  return (audio ??= (async () => {
    const ctx = new AudioContext();
    const running = () => ctx.state === 'running';
    if (!running()) {
      void ctx.resume();
      await Promise.race([new Promise((r) => ctx.addEventListener('statechange', r, { once: true })), new Promise((r) => setTimeout(r, 1000))]);
    }
    const ok = running();
    await ctx.close();
    return ok;
  })());
}
