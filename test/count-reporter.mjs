// Prints the plain closing line CI reads: "Tests: N passed, N failed, N skipped".
// A test file that failed to load (or errored outside a test) counts as a failure.
// The line sums every browser the run used; a line before it gives each browser's share.
export function countReporter() {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  let stopped = false;
  const perBrowser = new Map();

  function walk(suite) {
    for (const t of suite.tests ?? []) {
      if (t.skipped) skipped++;
      else if (t.passed) passed++;
      else failed++;
    }
    for (const s of suite.suites ?? []) walk(s);
  }

  return {
    onTestRunFinished({ sessions }) {
      for (const s of sessions) {
        const before = [passed, failed, skipped];
        if (s.testResults) walk(s.testResults);
        // a file that could not load, or threw outside its tests
        if ((s.errors?.length ?? 0) > 0 && failed === before[1]) failed++;
        else if (!s.passed && failed === before[1] && !s.testResults) failed++;
        const name = s.browser?.name ?? 'browser';
        const b = perBrowser.get(name) ?? [0, 0, 0];
        perBrowser.set(name, [b[0] + passed - before[0], b[1] + failed - before[1], b[2] + skipped - before[2]]);
      }
    },
    stop() {
      stopped = true;
    },
    getTestProgress() {
      if (!stopped) return [];
      const shares = [...perBrowser].map(([n, [p, f, k]]) => `${n} ${p}/${f}/${k}`).join(', ');
      return [
        ...(perBrowser.size > 1 ? [`By browser (passed/failed/skipped): ${shares}`] : []),
        `Tests: ${passed} passed, ${failed} failed, ${skipped} skipped`,
      ];
    },
  };
}
