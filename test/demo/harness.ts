/** The demo tests' harness: what a user sees and does on the dashboard. */
import { fixture, html, waitUntil as owcWaitUntil } from '@open-wc/testing';

/**
 * open-wc's waitUntil, with a bound for a hang (10 s) instead of its 1 s
 * default, which a loaded machine exceeds ("Timeout: no alert" under load).
 */
export const waitUntil: typeof owcWaitUntil = (predicate, message, options = {}) =>
  owcWaitUntil(predicate, message, { timeout: 10_000, ...options });
import { createDemo, type Demo } from '../../demo/app.js';


/** The mounted demo and its root (live bindings: importers see the current ones). */
export let demo: Demo | null = null;
export let root: HTMLElement;

export async function mount(opts: Parameters<typeof createDemo>[1] = {}): Promise<Demo> {
  root = await fixture<HTMLElement>(html`<div></div>`);
  demo = createDemo(root, opts);
  await demo.ready;
  return demo;
}

export const $ = <T extends Element = HTMLElement>(sel: string) => root.querySelector<T>(sel);
export const $$ = <T extends Element = HTMLElement>(sel: string) => [...root.querySelectorAll<T>(sel)];
export const text = (el: Element | null | undefined) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();

/** The button whose accessible name is `name` (aria-label, else its text). */
export function byName(scope: ParentNode, name: string): HTMLButtonElement | undefined {
  return [...scope.querySelectorAll<HTMLButtonElement>('button')].find(
    (b) => (b.getAttribute('aria-label') ?? text(b)) === name,
  );
}

export function type(el: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  el.value = value;
  el.dispatchEvent(new Event('input', { bubbles: true }));
}

export function choose(el: HTMLSelectElement | HTMLInputElement, value: string): void {
  el.value = value;
  el.dispatchEvent(new Event('change', { bubbles: true }));
}

export function alerts(): Element[] {
  return [...(demo!.host.shadowRoot?.querySelectorAll('omni-alert') ?? [])];
}

export function alertButton(name: string): HTMLButtonElement | undefined {
  const a = alerts()[0];
  return a?.shadowRoot ? byName(a.shadowRoot, name) : undefined;
}

export async function connected(): Promise<void> {
  await waitUntil(() => demo!.center.state.connection === 'open' && demo!.center.state.presence === 'available', 'not connected');
}

/** Fills the simulator and presses Raise. */
export function raise(scenario: string, name: string, comment: string, phone = ''): void {
  choose($<HTMLSelectElement>('#od-sim-scenario')!, scenario);
  type($<HTMLInputElement>('#od-sim-name')!, name);
  type($<HTMLInputElement>('#od-sim-phone')!, phone);
  type($<HTMLTextAreaElement>('#od-sim-comment')!, comment);
  byName($('#od-sim')!, 'Raise')!.click();
}

export function logTypes(): string[] {
  return $$('.od-log-row').map((r) => r.dataset.type ?? '');
}

/** Destroys the mounted demo (afterEach). */
export function unmount(): void {
  demo?.destroy();
  demo = null;
}

/** Opens the administrator's page from the navigation, as a user does. */
export function openSettings(): void {
  $<HTMLAnchorElement>('nav a[href="#od-settings"]')!.click();
}

/** Puts text in a field and commits it (as leaving the field does). */
export function enter(el: HTMLInputElement, value: string): void {
  el.value = value;
  el.dispatchEvent(new Event('input', { bubbles: true }));
  el.dispatchEvent(new Event('change', { bubbles: true }));
}
