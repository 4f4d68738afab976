/*
 * omni-notify worker. Serve this file from the host page's own origin (for
 * example at /omni-notify-sw.js) and tell the host where it is:
 *   <omni-notification-host worker="/omni-notify-sw.js">
 * The widget registers it on first need, once the agent allowed desktop
 * notifications, under the scope "<script folder>/omni-notify-sw/", a path no
 * page lives under, so it never replaces a service worker of the host page.
 * A page that has its own service worker may instead importScripts() this
 * file into it; it only handles notifications whose data says `omni: 1`.
 *
 * As a service worker it
 *   - closes each omni-notify notification at its deadline (data.expiresAt),
 *     even when every tab of the app is hidden, throttled or frozen, and tells
 *     the tabs to re-check their deadlines;
 *   - on a click, closes the notification, focuses a tab of the app (for
 *     Accept and for the body, never for Reject), and posts
 *     {omni: 'action', action: 'accept' | 'reject' | 'open', tag, reason?} to
 *     every tab (reason: the index of the decline reason of a "reject:N"
 *     button); the tabs agree among themselves which one answers;
 *   - when the agent closes one, posts {omni: 'dismissed', tag}.
 * Loaded as a dedicated worker (new Worker(url)) it is the widget's precise
 * timer for hidden tabs: it answers [id, ms] with id after ms.
 *
 * Plain JavaScript, no imports, no build step.
 */
/* eslint-env serviceworker */
(() => {
  'use strict';
  const isServiceWorker = typeof ServiceWorkerGlobalScope !== 'undefined' && self instanceof ServiceWorkerGlobalScope;

  if (!isServiceWorker) {
    self.onmessage = (e) => {
      const d = e.data;
      if (!Array.isArray(d) || typeof d[0] !== 'number') return;
      setTimeout(() => self.postMessage(d[0]), Math.min(Math.max(0, Number(d[1]) || 0), 2147483647));
    };
    return;
  }

  /** Longest a message event may keep the worker alive waiting for a deadline (browsers stop a worker after ~5 min). */
  const MAX_WAIT = 270000;
  /** tag → id of the tab that showed it (lost if the worker restarts; then any tab will do). */
  const owners = new Map();

  const ours = (n) => !!n && !!n.data && n.data.omni === 1;
  // A synthetic event (tests dispatch one) cannot be extended; the promise still runs.
  const keep = (e, promise) => {
    try {
      e.waitUntil(promise);
    } catch {
      /* not a trusted event */
    }
    return promise;
  };
  const sameOrigin = (url) => {
    try {
      return new URL(url).origin === self.location.origin;
    } catch {
      return false;
    }
  };
  const windows = () => self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const tell = async (message) => {
    for (const c of await windows()) c.postMessage(message);
  };

  /** Closes our notifications whose deadline has passed; true when it closed any. */
  const sweep = async (tag) => {
    const list = await self.registration.getNotifications(tag ? { tag } : undefined);
    let closed = false;
    for (const n of list) {
      if (ours(n) && !(n.data.expiresAt > Date.now())) {
        n.close();
        owners.delete(n.tag);
        closed = true;
      }
    }
    return closed;
  };

  self.addEventListener('install', () => self.skipWaiting());
  self.addEventListener('activate', (e) => keep(e, sweep()));

  self.addEventListener('message', (e) => {
    const d = e.data;
    if (!d || d.omni !== 'watch' || typeof d.tag !== 'string' || d.tag.length > 200 || typeof d.at !== 'number') return;
    if (e.source && typeof e.source.id === 'string') owners.set(d.tag, e.source.id);
    const wait = Math.min(Math.max(0, d.at - Date.now()), MAX_WAIT);
    keep(
      e,
      new Promise((resolve) => setTimeout(resolve, wait))
        .then(() => sweep(d.tag))
        .then((closed) => closed && tell({ omni: 'tick' }))
        .catch(() => {}),
    );
  });

  self.addEventListener('notificationclick', (e) => {
    const n = e.notification;
    if (!ours(n)) return;
    n.close();
    const perReason = /^reject:([0-9]{1,2})$/.exec(e.action || '');
    const action = e.action === 'accept' || e.action === 'reject' || perReason ? (perReason ? 'reject' : e.action) : 'open';
    const owner = owners.get(n.tag);
    owners.delete(n.tag);
    keep(
      e,
      (async () => {
        // Past its deadline the offer is gone: nothing to answer.
        if (!(n.data.expiresAt > Date.now()) && action !== 'open') return;
        const all = await windows();
        const target =
          all.find((c) => c.visibilityState === 'visible') || all.find((c) => c.id === owner) || all[0];
        if (action !== 'reject') {
          if (target) await target.focus().catch(() => {});
          else if (sameOrigin(n.data.url)) await self.clients.openWindow(n.data.url).catch(() => {});
        }
        const message = { omni: 'action', action, tag: n.tag };
        if (perReason) message.reason = Number(perReason[1]);
        for (const c of all) c.postMessage(message);
      })().catch(() => {}),
    );
  });

  // Closed by the agent (not by a tab or a sweep): the tabs must not show it again.
  self.addEventListener('notificationclose', (e) => {
    if (!ours(e.notification)) return;
    owners.delete(e.notification.tag);
    keep(e, tell({ omni: 'dismissed', tag: e.notification.tag }).catch(() => {}));
  });
})();
