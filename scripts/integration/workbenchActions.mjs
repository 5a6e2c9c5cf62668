// Small helpers the screenshot steps share: run a palette command by its exact title, show or hide workbench parts.
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs a command from the palette, picking the row whose label is exactly `title` (not a fuzzy neighbour). */
export async function runCommand(page, title) {
  const widget = page.locator('.quick-input-widget');
  await page.keyboard.press('F1');
  await widget.waitFor({ state: 'visible', timeout: 10_000 });
  await page.keyboard.type(title);
  const rows = page.locator('.quick-input-list .monaco-list-row');
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const count = await rows.count();
    for (let i = 0; i < count; i++) {
      const label = (await rows.nth(i).locator('.label-name').first().textContent().catch(() => '')) ?? '';
      if (label.replace(/\s+/g, ' ').trim() === title) return rows.nth(i).click();
    }
    await sleep(250);
  }
  throw new Error(`no command '${title}' in the palette`);
}

/** Shows or hides a workbench part (`auxiliarybar` = the secondary side bar with Chat, `panel` = Problems/Output…). */
export async function setPartVisible(page, part, visible) {
  const shown = await page.locator(`.part.${part}`).first().isVisible().catch(() => false);
  if (shown === visible) return;
  const key = { auxiliarybar: 'Control+Alt+B', panel: 'Control+J', sidebar: 'Control+B' }[part];
  if (!key) throw new Error(`unknown part ${part}`);
  await page.keyboard.press(key);
  await sleep(500);
}
