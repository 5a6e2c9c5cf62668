// The Ops Copilot panel in the real workbench, driven like a user: open it from the command palette, ask a question
// (answered offline from runbooks, with citations), look at the incident cards and the dashboard. Each step checks
// the elements a user must see and throws when they are missing, so the screenshot run fails on a broken panel.
import { runCommand, setPartVisible } from './workbenchActions.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The webview's inner frame: the one whose document has the panel's tabs. */
async function panelFrame(page, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      try {
        if (await frame.locator('#tab-chat').count()) return frame;
      } catch {
        // Frames come and go while the webview loads.
      }
    }
    await sleep(250);
  }
  throw new Error('the Ops Copilot panel did not render its tabs');
}

async function expectCount(locator, min, what) {
  const deadline = Date.now() + 30_000;
  let count = 0;
  while (Date.now() < deadline) {
    count = await locator.count();
    if (count >= min) return count;
    await sleep(250);
  }
  throw new Error(`panel check failed: expected at least ${min} ${what}, found ${count}`);
}

/** @param {{ page: import('playwright-core').Page, shot: (name: string) => Promise<void> }} options */
export async function screenshotPanel({ page, shot }) {
  // The whole editor area for the panel: no other editors, no Problems or Chat beside it.
  await runCommand(page, 'View: Close All Editors');
  await setPartVisible(page, 'panel', false);
  await setPartVisible(page, 'auxiliarybar', false);
  await runCommand(page, 'Ops: Open Panel');
  const frame = await panelFrame(page);
  await frame.waitForSelector('body[data-interactive="true"]', { timeout: 60_000 });

  const input = frame.locator('vscode-text-area textarea').first();
  await input.fill('FATAL: sorry, too many clients already — what should I check?');
  await input.press('Enter');
  await expectCount(frame.locator('.turn.status-done'), 1, 'finished answers');
  await expectCount(frame.locator('.turn.status-done .citations .citation'), 1, 'runbook citations under the answer');
  await sleep(500);
  await shot('06-panel-chat');

  await frame.locator('#tab-incidents').click();
  await expectCount(frame.locator('.anomaly-title'), 1, 'anomalies in incident cards');
  await expectCount(frame.locator('.step'), 1, 'remediation plan steps');
  await expectCount(frame.locator('[class*="risk-"]'), 1, 'risk badges on plan steps');
  await sleep(500);
  await shot('07-panel-incidents');

  await frame.locator('#tab-dashboard').click();
  await expectCount(frame.locator('.chart-volume canvas'), 1, 'volume charts');
  await expectCount(frame.locator('.templates tbody tr'), 1, 'top templates');
  await sleep(800);
  await shot('08-panel-dashboard');
}
