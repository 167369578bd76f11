/**
 * `lesson-join:screen` for browser tests: the page as a phone or a computer shows it. `{ touch:
 * true, width, height }` emulates a touch-only screen of that size (`hover: none`, `pointer:
 * coarse`), as Chromium's device mode does; `{ touch: false }` puts the test runner's own screen
 * back. Chromium through puppeteer only.
 * @example plugins: [touchScreen()]
 */
export function touchScreen() {
  // Chromium drops a session's emulation when the session closes: one per page, kept open.
  const sessions = new Map();
  return {
    name: 'lesson-join-touch-screen',
    async executeCommand({ command, payload, session }) {
      if (command !== 'lesson-join:screen') return undefined;
      const page = session.browser.getPage(session.id);
      if (!sessions.has(session.id)) sessions.set(session.id, await page.createCDPSession());
      const cdp = sessions.get(session.id);
      if (payload.touch) {
        await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 5 });
        await cdp.send('Emulation.setDeviceMetricsOverride', {
          width: payload.width,
          height: payload.height,
          deviceScaleFactor: 3,
          mobile: true,
        });
      } else {
        await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: false });
        await cdp.send('Emulation.clearDeviceMetricsOverride');
      }
      return true;
    },
  };
}
