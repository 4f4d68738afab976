/**
 * Trusted Types: `new Worker(url)` and `serviceWorker.register(url)` are
 * script-URL sinks. On a page that enforces Trusted Types they throw for a
 * plain string; this policy passes only the URLs omni-notify itself makes (a
 * `blob:` of its own timer worker, and the worker script the host named). A
 * page whose CSP does not allow the policy name `omni-notify` gets the plain
 * string back, the sink throws, and the caller falls back.
 */
type Policy = { createScriptURL(url: string): unknown };
let policy: Policy | null | undefined;

export function trustedScriptURL(url: string): unknown {
  if (policy === undefined) {
    policy = null;
    try {
      const tt = (globalThis as { trustedTypes?: { createPolicy(name: string, rules: object): Policy } }).trustedTypes;
      policy = tt?.createPolicy('omni-notify', { createScriptURL: (u: string) => u }) ?? null;
    } catch {
      /* the page's CSP does not allow this policy name */
    }
  }
  return policy ? policy.createScriptURL(url) : url;
}
