// @ops in the editor's own chat view, driven like a user: the model is the OpenAI-compatible endpoint offered in the
// model picker, served here by the test fake (src/test/fakes/fakeOpenAiServer.ts) on loopback. Its reply is built
// from the runbook excerpts the extension put in the request, so the citations on screen are the ones retrieval chose.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { runCommand, setPartVisible } from './workbenchActions.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');

/** The fake is TypeScript: bundle it once into the run directory and import it. */
async function loadFakeServer(scratchDir) {
  const { build } = await import('esbuild');
  const outfile = path.join(scratchDir, 'fakeOpenAiServer.mjs');
  await build({
    entryPoints: [path.join(repoRoot, 'src', 'test', 'fakes', 'fakeOpenAiServer.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile,
    logLevel: 'warning',
  });
  return import(pathToFileURL(outfile).href);
}

const runbookBlock = /<<<RUNBOOK id="([^"]*)" file="([^"]*)" lines="(\d+)-(\d+)" category="([^"]*)">>>\n([^\n]*)\n([\s\S]*?)\n<<<END RUNBOOK>>>/g;

/** A short answer grounded in the request's runbook excerpts, citing them the way the system prompt asks. */
export function answerFromRunbooks(messages) {
  const text = (messages ?? []).map((m) => (typeof m.content === 'string' ? m.content : '')).join('\n');
  const excerpts = [...text.matchAll(runbookBlock)].map(([, id, , start, , category, heading, body]) => ({ id, start, category, heading, body }));
  if (excerpts.length === 0) return 'The context holds no runbook excerpt for this question, so I cannot ground an answer in one.';
  const [first, ...rest] = excerpts;
  const sameRunbook = excerpts.filter((e) => e.id === first.id);
  const bullet = /^[-*] (.+(?:\n {2,}.+)*)/m.exec(first.body)?.[1]?.replace(/\s+/g, ' ');
  const code = sameRunbook.map((e) => /```([a-z]*)\n([\s\S]*?)```/.exec(e.body)).find(Boolean);
  const lines = [`This matches **${first.heading.split(' > ')[0]}** [${first.id}:${first.start}].`];
  if (bullet) lines.push('', `> ${bullet}`);
  if (code) {
    const source = sameRunbook.find((e) => e.body.includes(code[2]));
    lines.push('', `Check first, read-only (${source.heading.split(' > ').at(-1)} [${source.id}:${source.start}]):`, '', '```' + (code[1] || 'sh'), code[2].trim(), '```');
  }
  const related = rest.filter((e) => e.id !== first.id && e.category === first.category).slice(0, 2);
  if (related.length > 0) lines.push('', `Related: ${related.map((e) => `**${e.heading.split(' > ')[0]}** [${e.id}:${e.start}]`).join(', ')}.`);
  return lines.join('\n');
}

/** @param {{ page: import('playwright-core').Page, workspace: string, shot: (name: string) => Promise<void> }} options */
export async function screenshotChat({ page, workspace, shot }) {
  const { startFakeOpenAiServer } = await loadFakeServer(path.dirname(workspace));
  const server = await startFakeOpenAiServer({
    models: ['llama3.1'],
    reply: (request) => ({ content: answerFromRunbooks(request.body?.messages), chunkChars: 24, chunkDelayMs: 15 }),
  });
  // Workspace settings, read live by the extension: the endpoint and the built-in embedder (no model download).
  const settingsFile = path.join(workspace, '.vscode', 'settings.json');
  mkdirSync(path.dirname(settingsFile), { recursive: true });
  let existing = {};
  try {
    existing = JSON.parse(readFileSync(settingsFile, 'utf8'));
  } catch {
    // No settings yet.
  }
  try {
    writeFileSync(settingsFile, JSON.stringify({
      ...existing,
      'opsCopilot.llm.baseUrl': server.url,
      'opsCopilot.llm.model': 'llama3.1',
      'opsCopilot.llm.provider': 'openai-compatible',
      'opsCopilot.embeddings.provider': 'builtin',
    }, null, 2));
    await sleep(2000);
    // Open Chat (its default keybinding), then focus its input: a webview editor would keep keys to itself.
    await page.keyboard.press('Control+Alt+I');
    const chatInput = page.locator('.interactive-session .interactive-input-part .monaco-editor').first();
    await chatInput.click();
    // The chat view's model picker offers only Copilot sign-in in this offline workbench, so a user keybinding runs
    // the same command the walkthrough's "Ask @ops" button runs, with our endpoint's vendor as the model.
    const question = '@ops why does postgres say FATAL: sorry, too many clients already?';
    await runCommand(page, 'Preferences: Open Keyboard Shortcuts (JSON)');
    await sleep(1500);
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(JSON.stringify([{
      key: 'ctrl+alt+shift+o',
      command: 'workbench.action.chat.open',
      args: { query: question, modelSelector: { vendor: 'ops-copilot' } },
    }], null, 2));
    await page.keyboard.press('Control+S');
    await sleep(800);
    await page.keyboard.press('Control+W');
    await sleep(800);
    // Closing the file may hand focus back to the Ops panel's webview.
    await chatInput.click();
    await sleep(300);
    await page.keyboard.press('Control+Alt+Shift+O');
    const session = page.locator('.interactive-session').first();
    try {
      await session.locator('text=/Answered by/').first().waitFor({ timeout: 120_000 });
    } catch (error) {
      await shot('chat-failure');
      throw error;
    }
    // Room for the answer: hide the explorer and widen the chat.
    await setPartVisible(page, 'sidebar', false);
    await page.locator('.part.auxiliarybar a[aria-label*="Maximize"]').first().click().catch((e) => console.log(String(e)));
    await page.mouse.move(600, 600);
    await session.locator('text=/Completed \\d+ steps?/').first().click().catch((e) => console.log(String(e)));
    await sleep(800);
    await session.locator('text=/Used \\d+ references?/').first().click().catch((e) => console.log(String(e)));
    await sleep(1500);
    // The run fails, rather than saving a misleading picture, when the answer did not go through the endpoint or
    // cites no runbook.
    if (server.chatRequests().length === 0) throw new Error('chat check failed: @ops did not ask the endpoint');
    if (!/\[[\w-]+:\d+\]/.test((await session.textContent()) ?? '')) throw new Error('chat check failed: no runbook citation in the answer');
    if ((await session.locator('text=/\\.md:\\d+/').count()) === 0) throw new Error('chat check failed: no runbook reference under the answer');
    await shot('09-chat-ops-answer');
    // Back to the usual layout for whatever comes next.
    await page.locator('.part.auxiliarybar a[aria-label*="Restore"]').first().click().catch(() => undefined);
    await setPartVisible(page, 'sidebar', true);
    await setPartVisible(page, 'auxiliarybar', false);
  } finally {
    writeFileSync(settingsFile, JSON.stringify(existing, null, 2));
    await server.close();
  }
}
