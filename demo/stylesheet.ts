/**
 * Loads demo.css with a <link> beside this module (works under Vite, in the
 * built demo and in the test runner, and under a strict CSP: no inline
 * styles). Idempotent; resolves when the sheet has loaded (or failed).
 */
const HREF = new URL('./demo.css', import.meta.url).href;

export function ensureStylesheet(doc: Document): Promise<void> {
  let link = doc.head.querySelector<HTMLLinkElement>('link[data-omni-demo]');
  if (link?.sheet) return Promise.resolve();
  if (!link) {
    link = doc.createElement('link');
    link.rel = 'stylesheet';
    link.href = HREF;
    link.dataset.omniDemo = '';
    doc.head.append(link);
  }
  const el = link;
  return new Promise((resolve) => {
    const done = () => {
      el.removeEventListener('load', done);
      el.removeEventListener('error', done);
      resolve();
    };
    el.addEventListener('load', done);
    el.addEventListener('error', done);
    if (el.sheet) done();
  });
}
