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
  await page.goto(url);
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  await page.waitForSelector('.explorer-folders-view', { timeout: 60_000 });
  await sleep(3000);
  await shot('01-workbench');

  // Errors appended while the editor watches: the Problems panel should list them within a second.
  const logFile = path.join(workspace, 'logs', 'app.log');
  const stamp = (second) => `2026-11-21T10:05:${String(second).padStart(2, '0')}.000Z`;
  const lines = [];
  for (let i = 0; i < 40; i++) lines.push(`${stamp(i % 60)} INFO GET /api/orders 200 ${20 + (i % 7)}ms`);
  for (let i = 0; i < 12; i++) lines.push(`${stamp(40 + i)} ERROR upstream payments timed out after 5000ms (attempt ${i + 1})`);
  appendFileSync(logFile, `${lines.join('\n')}\n`);
  await sleep(2500);

  await openFile(page, 'logs', 'app.log');
  await page.keyboard.press('Control+Shift+M');
  await page.waitForSelector('.markers-panel', { timeout: 10_000 }).catch(() => undefined);
  await sleep(1500);
  await shot('02-problems-panel');

  // The status bar item and the Ops view container.
  await page.keyboard.press('F1');
  await page.keyboard.type('Ops: Show Anomalies');
  await sleep(500);
  await page.keyboard.press('Enter');
  await sleep(1500);
  await shot('03-show-anomalies');
  await page.keyboard.press('Escape');
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
