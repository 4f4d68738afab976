// Polls the omni-notify worker's notifications every 25 ms and logs when each
// tag appears and disappears: window.notes = {tag: {shown: [t...], closed: [t...]}}.
const notes = (window.notes = {});
const scope = new URL('./omni-notify-sw/', new URL('/omni-notify-sw.js', location.href)).href;
let showing = new Set();
async function poll() {
  const reg = await navigator.serviceWorker.getRegistration(scope);
  const now = Date.now();
  const tags = new Set(reg ? (await reg.getNotifications()).map((n) => n.tag) : []);
  for (const t of tags) if (!showing.has(t)) (notes[t] ??= { shown: [], closed: [] }).shown.push(now);
  for (const t of showing) if (!tags.has(t)) (notes[t] ??= { shown: [], closed: [] }).closed.push(now);
  showing = tags;
  setTimeout(poll, 25);
}
poll();
