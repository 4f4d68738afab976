/**
 * Starts the built reference server as a child process and waits until it
 * listens (its first stdout line says where). Used by the test plugin, the
 * load test and the reroute bench.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';

/**
 * @param {{ entry: string, env?: Record<string, string>, cwd?: string, timeoutMs?: number }} o
 * @returns {Promise<{ port: number, url: string, pid: number, output: string[], exited: Promise<number | null>, stop(signal?: NodeJS.Signals): Promise<number | null> }>}
 */
export async function startServer({ entry, env = {}, cwd, timeoutMs = 10_000 }) {
  const child = spawn(process.execPath, [entry], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = [];
  const exited = once(child, 'exit').then(([code]) => code);
  let resolveUrl;
  let rejectUrl;
  const listening = new Promise((resolve, reject) => {
    resolveUrl = resolve;
    rejectUrl = reject;
  });
  let buffer = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk) => {
    buffer += chunk;
    let i;
    while ((i = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, i);
      buffer = buffer.slice(i + 1);
      if (output.length < 200) output.push(line);
      if (process.env.OMNI_SERVER_ECHO === '1') process.stderr.write(`[server ${child.pid}] ${line}\n`);
      const m = /listening on (http:\/\/\S+)/.exec(line);
      if (m) resolveUrl(m[1]);
    }
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    if (output.length < 200) output.push(chunk.trimEnd());
  });
  void exited.then((code) => rejectUrl(new Error(`server exited (${code}) before listening:\n${output.join('\n')}`)));
  const timer = setTimeout(() => rejectUrl(new Error(`server did not listen within ${timeoutMs} ms:\n${output.join('\n')}`)), timeoutMs);
  let url;
  try {
    url = await listening;
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  } finally {
    clearTimeout(timer);
  }
  return {
    url,
    port: Number(new URL(url).port),
    pid: child.pid,
    output,
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill(signal);
      const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
      try {
        return await exited;
      } finally {
        clearTimeout(force);
      }
    },
  };
}
