/**
 * Starts a private redis-server (tests, CI, the bench): a free port on
 * 127.0.0.1, a temporary directory, the append-only file on, no RDB snapshots.
 * `stop()` ends it by pid; `start()` again reuses the port and the directory
 * (so the AOF brings the data back).
 */
import { spawn, execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The redis-server binary (OMNI_REDIS_SERVER overrides), or null. */
export function findRedisServer() {
  const candidates = [process.env.OMNI_REDIS_SERVER, '/usr/bin/redis-server', '/usr/local/bin/redis-server'].filter(Boolean);
  for (const c of candidates) {
    try {
      execFileSync(c, ['--version'], { stdio: 'ignore' });
      return c;
    } catch {
      /* next */
    }
  }
  return null;
}

export async function freePort() {
  const srv = createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const { port } = srv.address();
  await new Promise((r) => srv.close(r));
  return port;
}

/** @returns {Promise<{url: string, port: number, dir: string, pid: () => number | undefined, start(): Promise<void>, stop(signal?: string): Promise<void>, dispose(): Promise<void>}>} */
export async function startRedis({ binary = findRedisServer(), timeoutMs = 10_000 } = {}) {
  if (!binary) throw new Error('redis-server not found: apt-get install redis-server (or set OMNI_REDIS_SERVER, or OMNI_TEST_REDIS_URL)');
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'omni-redis-'));
  let child = null;
  const r = {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    pid: () => child?.pid,
    async start() {
      const c = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', '', '--protected-mode', 'no'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = c;
      let out = '';
      const ready = new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`redis-server did not start within ${timeoutMs} ms:\n${out}`)), timeoutMs);
        c.stdout.setEncoding('utf8');
        c.stdout.on('data', (d) => {
          out += d;
          if (/Ready to accept connections/.test(out)) {
            clearTimeout(timer);
            resolve();
          }
        });
        c.stderr.on('data', (d) => (out += d));
        c.once('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`redis-server exited (${code}):\n${out}`));
        });
      });
      await ready;
      c.stdout.resume();
    },
    async stop(signal = 'SIGTERM') {
      const c = child;
      child = null;
      if (!c || c.exitCode !== null || c.signalCode !== null) return;
      const gone = once(c, 'exit');
      c.kill(signal);
      const force = setTimeout(() => c.kill('SIGKILL'), 5_000);
      await gone;
      clearTimeout(force);
    },
    async dispose() {
      await r.stop('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await r.start();
  return r;
}
