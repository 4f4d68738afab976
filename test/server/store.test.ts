/**
 * One store-conformance suite (server/store/conformance.ts), run in Node
 * against the memory store and against Redis: the lease and its fencing
 * token, fenced atomic writes, the inbox, the node channels.
 */
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { CONFORMANCE_CASES, type CaseResult } from '../../server/store/conformance.js';
import { redisUrl } from './redis.js';

for (const kind of ['memory', 'redis'] as const) {
  describe(`store conformance: ${kind}`, function () {
    this.timeout(60_000);
    let results: CaseResult[] = [];
    before(async () => {
      const url = kind === 'redis' ? await redisUrl() : undefined;
      results = (await executeServerCommand('omni-store-conformance', { kind, url })) as CaseResult[];
    });
    for (const name of CONFORMANCE_CASES) {
      it(name, () => {
        const r = results.find((x) => x.name === name);
        expect(r, 'the case ran').to.exist;
        expect(r!.error ?? '').to.equal('');
        expect(r!.ok).to.equal(true);
      });
    }
  });
}
