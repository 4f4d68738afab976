/** The Redis the Redis tests use: the run's own (test plugin), or one clear failure line when there is none. */
import { executeServerCommand } from '@web/test-runner-commands';

export async function redisUrl(): Promise<string> {
  const r = (await executeServerCommand('omni-redis', {})) as { url?: string; error?: string };
  if (!r.url) throw new Error(r.error ?? 'no Redis for the Redis tests');
  return r.url;
}
