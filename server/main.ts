/**
 * `npm run server`: the reference server on 127.0.0.1 (PORT, default 8787).
 * Configuration: see server/config.ts. Prints the tokens it made up.
 */
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { configFromEnv } from './config.js';
import { createOmniServer } from './app.js';

const here = dirname(fileURLToPath(import.meta.url));
let config;
try {
  config = configFromEnv(process.env, { staticDir: resolve(here, '..', 'demo-dist') });
} catch (e) {
  console.error(`omni-notify server: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(2);
}
const server = createOmniServer(config);

server.listen().then(
  (port) => {
    const origin = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
    // The first line is read by tools (test plugin, bench): keep its shape.
    console.log(`omni-notify server listening on ${origin}`);
    if (config.redisUrl) console.log(`  state in Redis (${config.redisUrl.replace(/\/\/[^@/]*@/, '//…@')}, prefix ${config.redisPrefix}); node ${server.cluster.nodeId}`);
    else console.log('  state in memory: lost when this process ends (set OMNI_REDIS_URL to keep it and run several nodes)');
    if (config.generated.apiToken) console.log(`  API token (OMNI_API_TOKEN): ${config.apiToken}`);
    for (const a of config.agents) {
      const token = config.generated.agents ? a.token : '<token from OMNI_AGENTS>';
      console.log(`  agent ${a.id} (${a.name}): ${origin}/?transport=ws&token=${token}`);
    }
    if (config.generated.agents) console.log('  (tokens are random on every start; set OMNI_AGENTS=id:name:token,... to fix them)');
  },
  (e: unknown) => {
    console.error(`omni-notify server: cannot listen on ${config.host}:${config.port}: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);

let stopping = false;
function stop(signal: string): void {
  if (stopping) return;
  stopping = true;
  console.log(`omni-notify server: ${signal}, closing`);
  void server.close().then(() => process.exit(0));
}
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
