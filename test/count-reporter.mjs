// Prints the plain closing line CI reads: "Tests: N passed, N failed, N skipped".
// A test file that failed to load (or errored outside a test) counts as a failure.
export function countReporter() {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  let stopped = false;

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
        const before = failed;
        if (s.testResults) walk(s.testResults);
        // a file that could not load, or threw outside its tests
        if ((s.errors?.length ?? 0) > 0 && failed === before) failed++;
        else if (!s.passed && failed === before && !s.testResults) failed++;
      }
    },
    stop() {
      stopped = true;
    },
    getTestProgress() {
      return stopped ? [`Tests: ${passed} passed, ${failed} failed, ${skipped} skipped`] : [];
    },
  };
}
