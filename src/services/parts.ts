/**
 * The parts of omni-notify that a page does not need for its first offer,
 * each a module of its own: in dist/omni-notify.js they are sibling files
 * fetched from the bundle's own URL (`import.meta.url`), so a page whose CSP
 * allows the bundle allows them too; in the npm entry they are also subpath
 * exports (`omni-notify/attention`, `omni-notify/sse`, `omni-notify/postmessage`).
 *
 * - `attention`: desktop notifications, the ringer, tab coordination, title
 *   flashing, hidden-tab timers (the host loads it at idle after connect);
 * - `sse`, `postmessage`: the Server-Sent Events and postMessage transports
 *   (a page that uses one loads it before it connects).
 *
 * The other locales are loaded the same way by `services/i18n.ts`. No DOM.
 */
const loaders = {
  attention: () => import('./attention/attention.js'),
  sse: () => import('./transports/sse.js'),
  postmessage: () => import('./transports/postmessage.js'),
};

export type PartName = keyof typeof loaders;
export type Part<K extends PartName> = Awaited<ReturnType<(typeof loaders)[K]>>;

/** Loads a part (once; later calls get the same module). */
export function loadPart<K extends PartName>(name: K): Promise<Part<K>> {
  return loaders[name]() as Promise<Part<K>>;
}
