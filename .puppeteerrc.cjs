// Puppeteer (pulled in by @web/test-runner-puppeteer for Firefox) must not
// download a browser: the tests use the installed Chromium / Firefox ESR.
module.exports = { skipDownload: true };
