/**
 * 50 agents × 3 tabs with a stream of 150 conversations (sized to finish well inside the test runner's 20 s command limit on a loaded 2-core machine) against a real
 * server process (test/server/load.mjs, run in Node by the test runner's
 * `omni-load` command, once per run however many browsers ask). Every
 * conversation must be accepted exactly once, after any number of reroutes;
 * none lost. The summary is printed.
 */
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';

interface LoadResult {
  line: string;
  summary: { conversations: number; acceptedOnce: number; rerouted: number; failedAckCodes: Record<string, number>; badFrames: number; problems: string[]; tabs: number };
}

describe('load: 50 agents × 3 tabs, a stream of conversations', function () {
  this.timeout(90_000);

  it('accepts every conversation exactly once (rerouted as needed), none lost', async () => {
    const { summary, line } = (await executeServerCommand('omni-load', { agents: 50, tabs: 3, conversations: 150 })) as LoadResult;
    console.log(line);

    expect(summary.problems).to.deep.equal([]);
    expect(summary.tabs).to.equal(150);
    expect(summary.acceptedOnce).to.equal(summary.conversations);
    expect(summary.rerouted, 'some conversations were rerouted').to.be.greaterThan(0);
    // An accept can only be refused for arriving after the deadline (1.2 s here, on a loaded machine).
    expect(Object.keys(summary.failedAckCodes).filter((code) => code !== 'expired')).to.deep.equal([]);
    expect(summary.badFrames).to.equal(0);
  });
});
