// Test-runner plugin: server commands that start, stop and restart reference
// server processes on 127.0.0.1 (random port, short timeouts, test hooks on)
// and TCP proxies a test can cut and restore. The server is bundled once per
// run (esbuild, ~100 ms) when a test first asks for one.
//
//   omni-server-start   {agents?: number, env?: {...}, like?: id}
//                                                       → {id, url, port, apiToken, agents: [{id, name, token}]}
//                                                         (like: another node of that server's service: same tokens and env)
//   omni-server-stop    {id, signal?, keep?}            → exit code, or 'signal' (keep: restart may start it again)
//   omni-server-restart {id}                            → same port, tokens and env; fresh engine
//   omni-redis          {}                              → {url} of the run's Redis (OMNI_TEST_REDIS_URL, else one started
//                                                         here from redis-server) or {error} with one line saying why not
//   omni-redis-start    {}                              → {id, url}: a private redis-server (AOF), for tests that stop it
//   omni-redis-stop     {id, signal?}  omni-redis-restart {id} (same port and directory: the AOF brings the data back)
//   omni-store-conformance {kind: 'memory'|'redis', url?} → [{name, ok, error?}] (server/store/conformance.ts)
//   omni-proxy-start    {upstreamPort}                  → {id, port}
//   omni-proxy-cut      {id, mode?, direction?}         (see server/tools/proxy.mjs)
//   omni-proxy-restore  {id}
//   omni-proxy-stop     {id}
//   omni-load           {...}                           → {summary, line} of test/server/load.mjs (once per payload)
//   omni-server-output  {id}                            → the server's first 200 output lines
//   omni-trickle, omni-csp-page                         (see test/server/limits-commands.mjs)
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, buildServer } from '../server/build.mjs';
import { startServer } from '../server/tools/spawn.mjs';
import { startProxy } from '../server/tools/proxy.mjs';
import { startRedis } from '../server/tools/redis.mjs';
import { formatSummary, runLoad } from './server/load.mjs';
import { TEST_SERVER_ENV } from './server/env.mjs';
import { LIMITS_COMMANDS, limitsCommand } from './server/limits-commands.mjs';

const token = () => randomBytes(12).toString('base64url');

export function omniServerPlugin() {
  let entry = null;
  const servers = new Map();
  const proxies = new Map();
  const loads = new Map();
  const redises = new Map();
  let sharedRedis = null;
  let storeModule = null;
  let seq = 0;
  const bundle = () => (entry ??= buildServer({ outdir: resolve(ROOT, 'node_modules/.cache/omni-server') }));
  const stores = () =>
    (storeModule ??= buildServer({ outdir: resolve(ROOT, 'node_modules/.cache/omni-server'), entry: 'server/store/index.ts', name: 'store.mjs' }).then(
      (file) => import(pathToFileURL(file).href),
    ));

  async function spawnFor(record) {
    const env = { ...TEST_SERVER_ENV, ...record.env, PORT: String(record.port ?? 0) };
    // A busy 2-core machine can take seconds to start Node: wait up to just under the runner's 20 s command limit.
    record.proc = await startServer({ entry: await bundle(), env, cwd: ROOT, timeoutMs: 18_000 });
    record.port = record.proc.port;
  }

  function info(id, r) {
    return { id, url: r.proc.url, port: r.port, apiToken: r.apiToken, agents: r.agents };
  }

  const commands = {
    async 'omni-server-start'(p = {}) {
      const peer = p.like ? servers.get(p.like) : null;
      if (peer) {
        const id = `s${++seq}`;
        const record = { env: { ...peer.env, ...(p.env ?? {}) }, apiToken: peer.apiToken, agents: peer.agents, port: 0, proc: null };
        await spawnFor(record);
        servers.set(id, record);
        return info(id, record);
      }
      const count = Math.max(1, Math.min(Number(p.agents ?? 4), 500));
      const agents = Array.from({ length: count }, (_, i) => ({ id: `a${i + 1}`, name: `Agent ${i + 1}`, token: token() }));
      const apiToken = token();
      const env = {
        ...(p.env ?? {}),
        OMNI_API_TOKEN: apiToken,
        OMNI_AGENTS: agents.map((a) => `${a.id}:${a.name}:${a.token}`).join(','),
      };
      const id = `s${++seq}`;
      const record = { env, apiToken, agents, port: 0, proc: null };
      await spawnFor(record);
      servers.set(id, record);
      return info(id, record);
    },
    async 'omni-server-stop'(p) {
      const r = servers.get(p?.id);
      if (!r) return 'unknown';
      if (!p.keep) servers.delete(p.id);
      // A process ended by a signal has no exit code: answer something, or the runner calls the command unknown.
      return (await r.proc.stop(p.signal ?? 'SIGTERM')) ?? 'signal';
    },
    async 'omni-server-restart'(p) {
      const r = servers.get(p?.id);
      if (!r) throw new Error(`no server ${p?.id}`);
      await r.proc.stop('SIGTERM');
      await spawnFor(r);
      return info(p.id, r);
    },
    async 'omni-server-output'(p) {
      return servers.get(p?.id)?.proc.output ?? null;
    },
    async 'omni-proxy-start'(p) {
      const proxy = await startProxy({ upstreamPort: Number(p.upstreamPort) });
      const id = `p${++seq}`;
      proxies.set(id, proxy);
      return { id, port: proxy.port };
    },
    async 'omni-proxy-cut'(p) {
      proxies.get(p?.id)?.cut({ mode: p.mode, direction: p.direction });
      return true;
    },
    async 'omni-proxy-restore'(p) {
      proxies.get(p?.id)?.restore();
      return true;
    },
    async 'omni-proxy-stop'(p) {
      const proxy = proxies.get(p?.id);
      proxies.delete(p?.id);
      await proxy?.close();
      return true;
    },
    async 'omni-redis'() {
      if (process.env.OMNI_TEST_REDIS_URL) return { url: process.env.OMNI_TEST_REDIS_URL };
      sharedRedis ??= startRedis().catch((e) => ({ error: e.message }));
      const r = await sharedRedis;
      return r.error ? { error: `no Redis for the Redis tests: ${r.error}` } : { url: r.url };
    },
    async 'omni-redis-start'() {
      const r = await startRedis();
      const id = `r${++seq}`;
      redises.set(id, r);
      return { id, url: r.url };
    },
    async 'omni-redis-stop'(p) {
      await redises.get(p?.id)?.stop(p.signal ?? 'SIGKILL');
      return true;
    },
    async 'omni-redis-restart'(p) {
      await redises.get(p?.id)?.start();
      return true;
    },
    async 'omni-store-conformance'(p = {}) {
      const m = await stores();
      const tag = randomBytes(4).toString('hex');
      const { Redis } = await import('ioredis');
      if (p.kind === 'redis') return m.runConformance((n) => new m.RedisStore(Redis, p.url, `conf-${tag}-${n}:`));
      return m.runConformance(() => new m.MemoryStore());
    },
    // One run per payload, shared by every browser that asks (the load is the server's, not the browser's).
    async 'omni-load'(p = {}) {
      const key = JSON.stringify(p);
      if (!loads.has(key)) {
        loads.set(
          key,
          runLoad({ entry: await bundle(), env: TEST_SERVER_ENV, ...p }).then((summary) => {
            const line = formatSummary(summary);
            console.log(line);
            return { summary, line };
          }),
        );
      }
      return loads.get(key);
    },
  };

  return {
    name: 'omni-server',
    async executeCommand({ command, payload, session }) {
      if (LIMITS_COMMANDS.includes(command)) return limitsCommand({ command, payload, session });
      const run = commands[command];
      return run ? run(payload) : undefined;
    },
    async serverStop() {
      await Promise.all([...servers.values()].map((r) => r.proc?.stop('SIGKILL')));
      await Promise.all([...proxies.values()].map((p) => p.close()));
      servers.clear();
      proxies.clear();
      const own = [...redises.values()];
      if (sharedRedis) own.push(await sharedRedis);
      await Promise.all(own.filter((r) => r.dispose).map((r) => r.dispose()));
      redises.clear();
    },
  };
}
