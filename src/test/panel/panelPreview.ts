/**
 * Browser check of the panel without VS Code: serves dist/webview.js and the CSS under the panel's real HTML and CSP,
 * fakes acquireVsCodeApi, and bridges it to a real PanelSession over PreviewBackend. Drives every tab in headless
 * Chromium with dark, light and high-contrast theme variables, writes PNGs to .screenshots/panel/, times
 * open-to-interactive, and exits 1 when an expected element, a host round-trip or the CSP fails.
 *
 *   node esbuild.config.mjs --production && npx tsx src/test/panel/panelPreview.ts [--runs 20]
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Logger } from '../../core/logger';
import type { HostToPanel } from '../../shared/webviewProtocol';
import { ChatHistory, type StateStore } from '../../vscode/panel/chatHistory';
import { renderPanelHtml } from '../../vscode/panel/panelHtml';
import { PanelSession } from '../../vscode/panel/panelSession';
import { PreviewBackend } from './previewBackend';

// Page-side code runs in the browser; the root tsconfig has no DOM lib, so declare just what these callbacks touch.
interface PageElement {
  textContent: string | null;
  scrollTo(x: number, y: number): void;
}
declare const window: {
  postMessage(message: unknown, targetOrigin: string): void;
  __xss?: number;
  __state?: unknown;
  __csp: string[];
};
declare const document: {
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): { length: number };
};

const root = path.resolve(__dirname, '../../..');
const outDir = path.join(root, '.screenshots', 'panel');

const answerMarkdown = `The checkout errors come from the **database connection pool**: requests wait 30 s for a connection and then fail [2].

### What to do
1. See who holds connections: \`select state, count(*) from pg_stat_activity group by 1\` [1]
2. If many are *idle in transaction*, terminate the old ones, then find the code path that leaks them.
3. Raise \`maximumPoolSize\` only if the database has headroom.

\`\`\`sql
select pid, now() - state_change as idle_for from pg_stat_activity where state = 'idle in transaction';
\`\`\`

Untrusted text stays text: <img src=x onerror="window.__xss=1"> <script>window.__xss=2</script> [a link](javascript:window.__xss=3) and [the docs](https://www.postgresql.org/docs/).`;

const themes = {
  dark: {
    kind: 'vscode-dark',
    vars: {
      'font-family': '-apple-system, "Segoe UI", "Ubuntu", "Droid Sans", sans-serif',
      'font-size': '13px',
      'font-weight': 'normal',
      'editor-font-family': '"Droid Sans Mono", monospace',
      'editor-font-size': '13px',
      foreground: '#cccccc',
      descriptionForeground: '#9d9d9d',
      errorForeground: '#f85149',
      focusBorder: '#0078d4',
      'editor-background': '#1f1f1f',
      'editor-foreground': '#cccccc',
      'sideBar-background': '#181818',
      'panel-border': '#2b2b2b',
      'widget-border': '#313131',
      'input-background': '#313131',
      'input-border': '#3c3c3c',
      'input-foreground': '#cccccc',
      'input-placeholderForeground': '#989898',
      'button-background': '#0078d4',
      'button-foreground': '#ffffff',
      'button-hoverBackground': '#026ec1',
      'button-secondaryBackground': '#313131',
      'button-secondaryForeground': '#cccccc',
      'button-secondaryHoverBackground': '#3c3c3c',
      'button-border': '#ffffff12',
      'badge-background': '#616161',
      'badge-foreground': '#f8f8f8',
      'dropdown-background': '#313131',
      'dropdown-border': '#3c3c3c',
      'dropdown-foreground': '#cccccc',
      'dropdown-listBackground': '#1f1f1f',
      'textLink-foreground': '#4daafc',
      'textLink-activeForeground': '#4daafc',
      'textCodeBlock-background': '#2b2b2b',
      'textBlockQuote-background': '#2b2b2b',
      'textBlockQuote-border': '#616161',
      'editorWarning-foreground': '#cca700',
      'editorInfo-foreground': '#3794ff',
      'testing-iconPassed': '#73c991',
      'charts-foreground': '#cccccc',
      'charts-lines': '#cccccc80',
      'charts-red': '#f14c4c',
      'charts-blue': '#3794ff',
      'charts-yellow': '#cca700',
      'charts-orange': '#d18616',
      'charts-green': '#89d185',
      'charts-purple': '#b180d7',
      'list-hoverBackground': '#2a2d2e',
      'panelTitle-activeForeground': '#cccccc',
      'panelTitle-activeBorder': '#0078d4',
      'panelTitle-inactiveForeground': '#9d9d9d',
      'toolbar-hoverBackground': '#5a5d5e50',
      'toolbar-activeBackground': '#63666750',
      'progressBar-background': '#0078d4',
      'inputValidation-errorBackground': '#5a1d1d',
      'inputValidation-errorBorder': '#be1100',
      'scrollbarSlider-background': '#79797966',
    },
  },
  light: {
    kind: 'vscode-light',
    vars: {
      'font-family': '-apple-system, "Segoe UI", "Ubuntu", "Droid Sans", sans-serif',
      'font-size': '13px',
      'font-weight': 'normal',
      'editor-font-family': '"Droid Sans Mono", monospace',
      'editor-font-size': '13px',
      foreground: '#3b3b3b',
      descriptionForeground: '#717171',
      errorForeground: '#c72e0f',
      focusBorder: '#005fb8',
      'editor-background': '#ffffff',
      'editor-foreground': '#3b3b3b',
      'sideBar-background': '#f8f8f8',
      'panel-border': '#e5e5e5',
      'widget-border': '#e5e5e5',
      'input-background': '#ffffff',
      'input-border': '#cecece',
      'input-foreground': '#3b3b3b',
      'input-placeholderForeground': '#767676',
      'button-background': '#005fb8',
      'button-foreground': '#ffffff',
      'button-hoverBackground': '#0258a8',
      'button-secondaryBackground': '#e5e5e5',
      'button-secondaryForeground': '#3b3b3b',
      'button-secondaryHoverBackground': '#cccccc',
      'button-border': '#0000001a',
      'badge-background': '#cccccc',
      'badge-foreground': '#3b3b3b',
      'dropdown-background': '#ffffff',
      'dropdown-border': '#cecece',
      'dropdown-foreground': '#3b3b3b',
      'dropdown-listBackground': '#ffffff',
      'textLink-foreground': '#005fb8',
      'textLink-activeForeground': '#005fb8',
      'textCodeBlock-background': '#f2f2f2',
      'textBlockQuote-background': '#f2f2f2',
      'textBlockQuote-border': '#e5e5e5',
      'editorWarning-foreground': '#bf8803',
      'editorInfo-foreground': '#1a85ff',
      'testing-iconPassed': '#388a34',
      'charts-foreground': '#616161',
      'charts-lines': '#61616180',
      'charts-red': '#e51400',
      'charts-blue': '#1a85ff',
      'charts-yellow': '#bf8803',
      'charts-orange': '#d18616',
      'charts-green': '#388a34',
      'charts-purple': '#652d90',
      'list-hoverBackground': '#f2f2f2',
      'panelTitle-activeForeground': '#3b3b3b',
      'panelTitle-activeBorder': '#005fb8',
      'panelTitle-inactiveForeground': '#3b3b3b',
      'toolbar-hoverBackground': '#b8b8b850',
      'toolbar-activeBackground': '#a6a6a650',
      'progressBar-background': '#005fb8',
      'inputValidation-errorBackground': '#f2dede',
      'inputValidation-errorBorder': '#be1100',
      'scrollbarSlider-background': '#64646466',
    },
  },
  'high-contrast': {
    kind: 'vscode-high-contrast',
    vars: {
      'font-family': '-apple-system, "Segoe UI", "Ubuntu", "Droid Sans", sans-serif',
      'font-size': '13px',
      'font-weight': 'normal',
      'editor-font-family': '"Droid Sans Mono", monospace',
      'editor-font-size': '13px',
      foreground: '#ffffff',
      descriptionForeground: '#ffffffb3',
      errorForeground: '#f48771',
      focusBorder: '#f38518',
      contrastBorder: '#6fc3df',
      contrastActiveBorder: '#f38518',
      'editor-background': '#000000',
      'editor-foreground': '#ffffff',
      'sideBar-background': '#000000',
      'panel-border': '#6fc3df',
      'widget-border': '#6fc3df',
      'input-background': '#000000',
      'input-border': '#6fc3df',
      'input-foreground': '#ffffff',
      'button-background': '#000000',
      'button-foreground': '#ffffff',
      'button-border': '#6fc3df',
      'button-secondaryBackground': '#000000',
      'button-secondaryForeground': '#ffffff',
      'badge-background': '#000000',
      'badge-foreground': '#ffffff',
      'dropdown-background': '#000000',
      'dropdown-border': '#6fc3df',
      'dropdown-foreground': '#ffffff',
      'dropdown-listBackground': '#000000',
      'textLink-foreground': '#21a6ff',
      'textLink-activeForeground': '#21a6ff',
      'textCodeBlock-background': '#000000',
      'textBlockQuote-border': '#ffffff',
      'editorWarning-foreground': '#ffd700',
      'editorInfo-foreground': '#3794ff',
      'testing-iconPassed': '#73c991',
      'charts-foreground': '#ffffff',
      'charts-lines': '#ffffff80',
      'charts-red': '#f14c4c',
      'charts-blue': '#3794ff',
      'charts-yellow': '#ffd700',
      'charts-orange': '#d18616',
      'charts-green': '#89d185',
      'charts-purple': '#b180d7',
      'panelTitle-activeForeground': '#ffffff',
      'panelTitle-activeBorder': '#f38518',
      'panelTitle-inactiveForeground': '#ffffff',
      'inputValidation-errorBackground': '#000000',
      'inputValidation-errorBorder': '#f48771',
    },
  },
} as const;
type ThemeName = keyof typeof themes;

const silentLogger: Logger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message) => console.error(`host warn: ${message}`),
  error: (message) => console.error(`host error: ${message instanceof Error ? message.stack : message}`),
};

class MemoryStore implements StateStore {
  private readonly values = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    this.values.set(key, value);
  }
}

const contentTypes: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };

function serve(theme: { current: ThemeName }): Promise<{ server: Server; origin: string }> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname === '/') {
      const origin = `http://${request.headers.host}`;
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      response.end(pageHtml(origin, theme.current));
      return;
    }
    if (url.pathname === '/favicon.ico') {
      response.writeHead(204).end();
      return;
    }
    const relative = path.normalize(url.pathname).replace(/^[/\\]+/, '');
    if (!/^(dist|media)[/\\]/.test(relative)) {
      response.writeHead(404).end();
      return;
    }
    const file = path.join(root, relative);
    if (!existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': contentTypes[path.extname(file)] ?? 'application/octet-stream' });
    response.end(readFileSync(file));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
    });
  });
}

/** The panel's own HTML and CSP, plus what VS Code injects: theme variables, the body class and acquireVsCodeApi. */
function pageHtml(origin: string, themeName: ThemeName): string {
  const nonce = randomBytes(18).toString('base64');
  const html = renderPanelHtml({
    cspSource: origin,
    nonce,
    scriptUri: `${origin}/dist/webview.js`,
    styleUris: [`${origin}/dist/webview.css`, `${origin}/media/panel.css`],
  });
  const theme = themes[themeName];
  const variables = Object.entries(theme.vars)
    .map(([name, value]) => `--vscode-${name}: ${value};`)
    .join(' ');
  const injected = `
  <style nonce="${nonce}">html { ${variables} }</style>
  <script nonce="${nonce}">
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sourceFile || '').split('/').pop() + ':' + e.lineNumber + ':' + e.columnNumber + ' ' + (e.sample || '')));
    window.__state = window.__seedState;
    window.acquireVsCodeApi = () => ({
      postMessage: (m) => window.__toHost(JSON.parse(JSON.stringify(m))),
      getState: () => window.__state,
      setState: (s) => { window.__state = JSON.parse(JSON.stringify(s)); return s; },
    });
  </script>`;
  return html
    .replace('</head>', `${injected}\n</head>`)
    .replace('<body>', `<body class="${theme.kind}" data-vscode-theme-kind="${theme.kind}">`);
}

interface Harness {
  page: Page;
  backend: PreviewBackend;
  session: PanelSession;
  errors: string[];
  store: MemoryStore;
  /** Main-thread CPU time since the page opened. */
  cpuMs(): Promise<{ taskMs: number; scriptMs: number }>;
}

/** `store` stands for the workspace's storage, which outlives a webview reload; `seedState` for what getState returns. */
async function openPanel(browser: Browser, origin: string, store = new MemoryStore(), seedState?: unknown, width = 820, height = 1100): Promise<Harness> {
  const page = await browser.newPage({ viewport: { width, height } });
  // What VS Code hands back from getState after a reload.
  if (seedState !== undefined) await page.addInitScript((state) => ((globalThis as unknown as { __seedState: unknown }).__seedState = state), seedState);
  const backend = new PreviewBackend(path.join(root, 'runbooks'), answerMarkdown);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  const session = new PanelSession({
    backend,
    history: new ChatHistory(store, silentLogger),
    log: silentLogger,
    pushIntervalMs: 0,
    post: (message: HostToPanel) => {
      // Like webview.postMessage: resolves false when the page is gone.
      return page.evaluate((m) => window.postMessage(m, '*'), message).then(
        () => true,
        () => false,
      );
    },
  });
  await page.exposeBinding('__toHost', (_source, message: unknown) => void session.receive(message));
  // Main-thread CPU time is the figure that survives a busy machine; wall time on a loaded CI box mostly measures the queue.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(origin);
  await page.waitForSelector('body[data-interactive="true"]', { timeout: 10_000 });
  const cpuMs = async (): Promise<{ taskMs: number; scriptMs: number }> => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const metric = (name: string) => 1000 * (metrics.find((entry) => entry.name === name)?.value ?? Number.NaN);
    return { taskMs: metric('TaskDuration'), scriptMs: metric('ScriptDuration') };
  };
  return { page, backend, session, errors, store, cpuMs };
}

const failures: string[] = [];
function check(condition: boolean, what: string): void {
  if (!condition) failures.push(what);
  console.log(`${condition ? 'ok  ' : 'FAIL'} ${what}`);
}

async function visible(page: Page, selector: string, timeoutMs = 5000): Promise<boolean> {
  return page
    .waitForSelector(selector, { state: 'visible', timeout: timeoutMs })
    .then(() => true)
    .catch(() => false);
}

async function exercise(browser: Browser, origin: string, themeName: ThemeName): Promise<void> {
  const { page, backend, session, errors, store } = await openPanel(browser, origin);
  const shot = (name: string) => page.screenshot({ path: path.join(outDir, `${name}-${themeName}.png`) });

  // Chat: ask, watch it stream, check citations and sanitising.
  await page.locator('vscode-text-area textarea').fill('Why are checkout requests failing?');
  await page.locator('vscode-text-area textarea').press('Enter');
  check(await visible(page, '.turn.status-streaming'), `${themeName}: answer streams`);
  check(await visible(page, 'vscode-button.stop'), `${themeName}: stop button while streaming`);
  if (themeName === 'dark') {
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(outDir, `00-chat-streaming-${themeName}.png`) });
  }
  check(await visible(page, '.turn.status-done .citations .citation', 10_000), `${themeName}: answer finishes with citations`);
  check(await page.locator('.turn.status-done .answer .cite-ref').count() >= 2, `${themeName}: inline [n] markers become citation buttons`);
  check(await page.locator('.answer pre code').count() === 1, `${themeName}: code block rendered`);
  const unsafe = await page.evaluate(() => ({
    elements: document.querySelectorAll('.answer img, .answer script, .answer [onerror], .answer a[href^="javascript"]').length,
    xss: window.__xss,
    text: document.querySelector('.answer')?.textContent ?? '',
  }));
  check(unsafe.elements === 0 && unsafe.xss === undefined, `${themeName}: model HTML is not rendered as markup`);
  check(unsafe.text.includes('<img src=x'), `${themeName}: model HTML is shown as text`);
  await page.locator('.citations .citation[data-citation="1"]').click();
  await page.waitForTimeout(100);
  check(backend.opened.some((location) => location.line === 1842), `${themeName}: clicking a citation opens the log line`);
  await shot('01-chat');

  // Incidents: cards, run a step, feedback.
  await page.locator('#tab-incidents').click();
  check(await visible(page, '.incident .classification'), `${themeName}: incident card with classification`);
  check(await page.locator('.incident .plan .step .risk-dangerous.risk').count() > 0, `${themeName}: plan steps carry risk badges`);
  check((await page.locator('.anomaly-title').allTextContents()).some((text) => text.includes('<script>')), `${themeName}: log text in titles stays text`);
  await page.locator('.step[data-step-id="s1"] .run-step').click();
  check(await visible(page, '.step[data-step-id="s1"] .step-succeeded'), `${themeName}: run step reports success`);
  await page.locator('.classification .vote-up').first().click();
  await page.waitForTimeout(100);
  check(backend.feedbacks.some((f) => f.target === 'classification' && f.verdict.kind === 'up'), `${themeName}: 👍 sends feedback`);
  check(backend.steps.includes('inc-checkout-db/s1'), `${themeName}: runStep reached the host`);
  await page.evaluate(() => document.querySelector('vscode-panel-view#view-incidents')?.scrollTo(0, 0));
  await shot('02-incidents');

  // Tasks: the list, a task's checklist and live checks, a step action, search, and Start as Task from a plan card.
  await page.locator('#tab-tasks').click();
  check(await visible(page, '.task-row[data-task-id="t-checkout"]'), `${themeName}: tasks listed`);
  check((await page.locator('.task-row').count()) === 2, `${themeName}: every task listed`);
  await page.locator('.task-row[data-task-id="t-checkout"]').click();
  check(await visible(page, '.task-card[data-task-id="t-checkout"] .task-step[data-step-id="s1"].step-done'), `${themeName}: the selected task shows its checklist`);
  check((await page.locator('.task-card .task-check.check-failing').count()) === 1, `${themeName}: a failing live check is marked`);
  check((await page.locator('.task-history li').count()) >= 5, `${themeName}: the task history is listed`);
  await page.locator('.task-step[data-step-id="s2"] .run-step').click();
  await page.waitForTimeout(100);
  check(backend.taskActions.includes('t-checkout/s2:run'), `${themeName}: Run on a task step reaches the host`);
  await page.waitForTimeout(150);
  await shot('05-tasks');
  await page.locator('vscode-text-field.task-search input').fill('edge');
  await page.waitForTimeout(100);
  check((await page.locator('.task-row').count()) === 1, `${themeName}: searching narrows the task list`);
  await page.locator('vscode-text-field.task-search input').fill('');
  await page.locator('#tab-incidents').click();
  await page.locator('.incident[data-incident-id="inc-checkout-db"] .start-task').click();
  check(await visible(page, '#view-tasks .task-card[data-task-id="t-3"]'), `${themeName}: Start as Task opens the new task in the Tasks tab`);
  check(backend.taskActions.includes('start:inc-checkout-db'), `${themeName}: Start as Task reached the host`);

  // Runbooks: live search.
  await page.locator('#tab-runbooks').click();
  await page.locator('vscode-text-field.runbook-search input').fill('connection pool exhausted');
  check(await visible(page, '.runbook-hit'), `${themeName}: runbook search shows results`);
  await page.waitForTimeout(250);
  await shot('03-runbooks');
  await page.locator('.runbook-hit').first().click();
  await page.waitForTimeout(100);
  check(backend.opened.some((location) => location.file.endsWith('.md')), `${themeName}: a runbook result opens at its line`);

  // Dashboard: charts, markers, click on a marker in the canvas.
  await page.locator('#tab-dashboard').click();
  check(await visible(page, '.chart-volume canvas'), `${themeName}: volume chart drawn`);
  check(await page.locator('.chart-latency canvas').count() === 1, `${themeName}: latency chart only where latencies exist`);
  check(await page.locator('.templates tbody tr').count() === 6, `${themeName}: top templates listed`);
  await page.waitForTimeout(200);
  await shot('04-dashboard');
  const before = backend.opened.length;
  const over = await page.locator('.chart-volume .u-over').first().boundingBox();
  if (over) {
    // The checkout file's error spike sits in window 64 of 90; the x scale spans the first to the last window.
    await page.mouse.click(over.x + (over.width * 64) / 89, over.y + over.height / 2);
    await page.waitForTimeout(100);
  }
  check(backend.opened.length === before + 1 && backend.opened.at(-1)?.line === 1842, `${themeName}: clicking a marker on the chart opens its log line`);

  // Reload: the webview restores its tab and transcript from getState.
  await page.waitForTimeout(1100); // state is persisted at most once a second
  const saved = await page.evaluate(() => window.__state);
  check(typeof saved === 'object' && saved !== null, `${themeName}: state saved with setState`);
  if (themeName === 'dark') {
    const reloaded = await openPanel(browser, origin, store, saved);
    check(
      (await reloaded.page.locator('vscode-panels').getAttribute('activeid')) === 'tab-dashboard',
      'reload: the last tab comes back',
    );
    check(await reloaded.page.locator('#view-chat .turn').count() === 1, 'reload: the transcript comes back');
    reloaded.session.dispose();
    await reloaded.page.close();
  }

  const csp = await page.evaluate(() => window.__csp);
  check(csp.length === 0, `${themeName}: no CSP violations${csp.length ? ` (${csp.slice(0, 3).join('; ')})` : ''}`);
  check(errors.length === 0, `${themeName}: no page errors${errors.length ? ` (${errors.slice(0, 3).join('; ')})` : ''}`);
  session.dispose();
  await page.close();
}

interface OpenTiming {
  /** HTML received (ms since navigation start). */
  html: number;
  /** The bundle downloaded, parsed and started. */
  script: number;
  /** Toolkit registered, shell painted and `ready` posted. */
  shell: number;
  /** The host's snapshot (history + incidents) rendered. */
  interactive: number;
  /** Main-thread CPU busy time up to interactive (all tasks) and the part spent running script. */
  taskMs: number;
  scriptMs: number;
}

async function timeOpen(browser: Browser, origin: string, runs: number): Promise<OpenTiming[]> {
  const times: OpenTiming[] = [];
  for (let i = 0; i < runs; i++) {
    const { page, session, cpuMs } = await openPanel(browser, origin);
    const cpu = await cpuMs();
    times.push({
      // A string, not a function: tsx would wrap named inner functions in a helper the page does not have.
      ...((await page.evaluate(`(() => {
        const mark = (name) => performance.getEntriesByName(name)[0]?.startTime ?? NaN;
        const navigation = performance.getEntriesByType('navigation')[0];
        return { html: navigation ? navigation.responseEnd : NaN, script: mark('ops-panel-script'), shell: mark('ops-panel-shell'), interactive: mark('ops-panel-interactive') };
      })()`)) as Omit<OpenTiming, 'taskMs' | 'scriptMs'>),
      ...cpu,
    });
    session.dispose();
    await page.close();
  }
  return times;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '20' } } });
  const runs = Number(values.runs);
  if (!existsSync(path.join(root, 'dist', 'webview.js'))) {
    console.error('dist/webview.js is missing: run `node esbuild.config.mjs` first');
    process.exit(2);
  }
  mkdirSync(outDir, { recursive: true });
  const theme = { current: 'dark' as ThemeName };
  const { server, origin } = await serve(theme);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    for (const name of Object.keys(themes) as ThemeName[]) {
      theme.current = name;
      await exercise(browser, origin, name);
    }
    theme.current = 'dark';
    if (runs > 0) {
      await timeOpen(browser, origin, 2); // warm the HTTP and compile caches like a second open in the editor
      const times = await timeOpen(browser, origin, runs);
      const describe = (label: string, values: number[]) =>
        `${label} median ${percentile(values, 50).toFixed(0)} ms, p95 ${percentile(values, 95).toFixed(0)} ms`;
      console.log(`panel open over ${runs} opens (ms since navigation start):`);
      console.log(`  ${describe('html received       ', times.map((t) => t.html))}`);
      console.log(`  ${describe('bundle started      ', times.map((t) => t.script))}`);
      console.log(`  ${describe('shell painted, ready', times.map((t) => t.shell))}`);
      console.log(`  ${describe('interactive (data)  ', times.map((t) => t.interactive))}`);
      console.log(`  ${describe('main-thread CPU     ', times.map((t) => t.taskMs))}`);
      console.log(`  ${describe('  of which script   ', times.map((t) => t.scriptMs))}`);
    }
  } finally {
    await browser.close();
    server.close();
  }
  console.log(`screenshots in ${path.relative(root, outDir)}/`);
  if (failures.length > 0) {
    console.error(`${failures.length} check(s) failed`);
    process.exit(1);
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
