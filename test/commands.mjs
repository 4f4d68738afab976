// Test-runner server commands: hide/show the test page's own window over CDP,
// so a test can see a really hidden page (visibilityState "hidden", timers
// throttled), and grant notification permission.
export function pageCommands() {
  return {
    name: 'omni-page-commands',
    async executeCommand({ command, payload, session }) {
      if (command !== 'omni-window' && command !== 'omni-grant') return undefined;
      const page = session.browser.getPage(session.id);
      const cdp = await page.target().createCDPSession();
      try {
        if (command === 'omni-grant') {
          await cdp.send('Browser.grantPermissions', {
            origin: new URL(page.url()).origin,
            permissions: payload?.permissions ?? ['notifications'],
          });
          return true;
        }
        const { windowId } = await cdp.send('Browser.getWindowForTarget');
        const windowState = payload?.state === 'minimized' ? 'minimized' : 'normal';
        await cdp.send('Browser.setWindowBounds', { windowId, bounds: { windowState } });
        return true;
      } finally {
        await cdp.detach().catch(() => {});
      }
    },
  };
}
