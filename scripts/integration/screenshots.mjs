// Screenshot mode of the harness: the real workbench on a copy of the fixture workspace with only our extension
// under development (no test payload), driven like a user, PNGs written to .screenshots/ (git-ignored).
import { appendFileSync } from 'node:fs';
import path from 'node:path';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** @param {{ page: import('playwright-core').Page, url: string, workspace: string, outDir: string }} options */
export async function takeScreenshots({ page, url, workspace, outDir }) {
  const files = [];
  const shot = async (name) => {
    const file = path.join(outDir, `${name}.png`);
    await page.screenshot({ path: file });
    files.push(file);
  };
  // OPS_SCREENSHOTS=chat,panel takes only those groups (the workbench start is always taken).
  const only = process.env.OPS_SCREENSHOTS?.split(',').map((name) => name.trim()).filter(Boolean);
  const wanted = (group) => !only || only.includes(group);
  await page.goto(url);
  await page.waitForSelector('.monaco-workbench', { timeout: 120_000 });
  await page.waitForSelector('.explorer-folders-view', { timeout: 120_000 });
  // Our status bar item appears once the extension host has activated us.
  const statusItem = page.locator('.statusbar-item', { hasText: /anomal/ }).first();
  await statusItem.waitFor({ timeout: 120_000 });
  await sleep(1500);
  await shot('01-workbench');
  // The Chat view opens beside everything by default; the chat step opens it when it needs it.
  const { setPartVisible } = await import('./workbenchActions.mjs');
  await setPartVisible(page, 'auxiliarybar', false);

  // Errors appended while the editor watches: the Problems panel should list them within a second.
  const logFile = path.join(workspace, 'logs', 'app.log');
  const stamp = (minute, second) => `2026-11-21T10:${String(minute).padStart(2, '0')}:${String(second).padStart(2, '0')}.000Z`;
  const lines = [];
  for (let i = 0; i < 30; i++) lines.push(`${stamp(31, i)} INFO http GET /api/orders status=200 duration=${20 + (i % 7)}ms`);
  lines.push(`${stamp(32, 1)} ERROR payments circuit breaker payments-api opened after 20 consecutive failures`);
  for (let i = 0; i < 3; i++) lines.push(`${stamp(32, 5 + i)} ERROR worker java.lang.OutOfMemoryError: Java heap space in batch ${4100 + i}`);
  appendFileSync(logFile, `${lines.join('\n')}\n`);
  await page.waitForFunction(() => [...document.querySelectorAll('.statusbar-item')].some((e) => /[1-9]\d* anomal/.test(e.textContent ?? '')), undefined, { timeout: 30_000 });
  await sleep(1000);

  if (wanted('problems')) {
    await openFile(page, 'logs', 'app.log');
    await page.keyboard.press('Control+Shift+M');
    await page.waitForSelector('.markers-panel .monaco-list-row', { timeout: 10_000 }).catch(() => undefined);
    await sleep(1500);
    await shot('02-problems-panel');

    // The quick fixes on a diagnostic: select its row in the Problems panel, then Ctrl+. in the editor.
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: /out of memory/i }).first();
    if (await row.count()) {
      await row.dblclick();
      await sleep(800);
      await page.keyboard.press('Control+.');
      await sleep(1500);
      await shot('03-quick-fixes');
      await page.keyboard.press('Escape');
    }
  }

  if (wanted('anomalies')) {
    // The Ops view container with the Anomalies tree.
    await page.locator('.activitybar .action-item a[aria-label^="Ops"], .activitybar .action-item[aria-label^="Ops"]').first().click().catch(() => undefined);
    // The container's views fill in after the extension finishes loading them: wait for the anomalies and runbooks.
    const sideBar = page.locator('.part.sidebar');
    await sideBar.locator('.monaco-list-row', { hasText: /out of memory/i }).first().waitFor({ timeout: 30_000 });
    await sideBar.locator('.monaco-list-row', { hasText: /^Database/ }).first().waitFor({ timeout: 30_000 });
    await sleep(1000);
    await shot('04-anomalies-tree');

    await page.keyboard.press('F1');
    await sleep(400);
    await page.keyboard.type('Ops: Show Anomalies');
    await sleep(600);
    await page.keyboard.press('Enter');
    await sleep(1500);
    await shot('05-show-anomalies');
    await page.keyboard.press('Escape');
  }

  // Chat before the panel: a webview editor holds on to keyboard focus, and the chat step restores the layout and
  // settings it changes, so the panel still answers offline.
  if (wanted('chat')) {
    const { screenshotChat } = await import('./chatScreenshots.mjs');
    await screenshotChat({ page, workspace, shot });
  }
  if (wanted('panel')) {
    const { screenshotPanel } = await import('./panelScreenshots.mjs');
    await screenshotPanel({ page, shot });
  }
  return files;
}

async function openFile(page, ...segments) {
  for (const [index, segment] of segments.entries()) {
    const row = page.locator(`.explorer-folders-view .monaco-list-row[aria-label^="${segment}"]`).first();
    await row.waitFor({ timeout: 10_000 });
    if (index === segments.length - 1) await row.dblclick();
    else {
      const expanded = await row.getAttribute('aria-expanded');
      if (expanded !== 'true') await row.click();
    }
    await sleep(300);
  }
  await sleep(800);
}
