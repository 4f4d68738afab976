#!/usr/bin/env node
// npm run test:stress: the whole test suite while another process loads two
// cores (`stress-ng --cpu 2`), to show that no test depends on the machine's
// speed. Installs Debian's stress-ng first when it is missing (apt-get, as
// root). stress-ng is stopped by its process id when the suite ends, fails
// or is interrupted; its own --timeout stops it even if this script is killed.
// Arguments go to the test runner (e.g. --files 'test/desktop/**/*.test.ts');
// OMNI_BROWSERS picks the browsers as for `npm test`.
import { spawn, spawnSync } from 'node:child_process';

const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;

function installStressNg() {
  if (has('stress-ng')) return;
  const root = process.getuid?.() === 0;
  const sudo = !root && has('sudo') ? ['sudo'] : [];
  if (!root && !sudo.length) {
    console.error('stress-ng is missing and this user cannot install it: run `apt-get install stress-ng` as root');
    process.exit(1);
  }
  console.log('== installing stress-ng (apt-get)');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (...args) => spawnSync(sudo[0] ?? 'apt-get', sudo.length ? ['apt-get', ...args] : args, { stdio: 'inherit', env });
  if (apt('install', '-y', '-qq', 'stress-ng').status !== 0 && (apt('update', '-qq').status !== 0 || apt('install', '-y', '-qq', 'stress-ng').status !== 0)) {
    console.error('could not install stress-ng (apt-get install stress-ng)');
    process.exit(1);
  }
}

installStressNg();

const load = spawn('stress-ng', ['--cpu', '2', '--timeout', '3h', '--quiet'], { stdio: 'ignore' });
console.log(`== stress-ng --cpu 2 running (pid ${load.pid}); the suite runs beside it`);
let stopped = false;
const stopLoad = () => {
  if (stopped) return;
  stopped = true;
  try {
    process.kill(load.pid, 'SIGTERM'); // stress-ng stops its workers on SIGTERM
  } catch {
    /* already gone */
  }
};
process.on('exit', stopLoad);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    stopLoad();
    process.exit(130);
  });
}

const started = Date.now();
const suite = spawn(process.execPath, ['node_modules/@web/test-runner/dist/bin.js', ...process.argv.slice(2)], { stdio: 'inherit' });
suite.on('exit', (code, signal) => {
  stopLoad();
  const minutes = ((Date.now() - started) / 60000).toFixed(1);
  console.log(`== test:stress: suite ${code === 0 ? 'passed' : `failed (exit ${code ?? signal})`} in ${minutes} min under stress-ng --cpu 2 (stopped pid ${load.pid})`);
  process.exit(code ?? 1);
});
