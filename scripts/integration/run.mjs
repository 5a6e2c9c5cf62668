// `npm run test:integration`: runs src/test/integration/*.test.ts inside a real VS Code (the 1.139.1 server from
// code-server@4.139.1, its Node extension host, the real workbench in headless Debian Chromium). See
// ../shared/TESTING.md for why this and not @vscode/test-electron on CI. Ends with the plain summary line.
//
//   node scripts/integration/run.mjs [--grep <pattern>] [--phase trusted|untrusted] [--timeout <seconds>]
//   node scripts/integration/run.mjs --phase perf     (figures: latency, idle cost, 1 GB scan; slow)
//   node scripts/integration/run.mjs --screenshots
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureInstalled, launchChromium } from './install.mjs';
import { startServer } from './server.mjs';

const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const fixtureWorkspace = path.join(repoRoot, 'src', 'test', 'fixtures', 'workspace');
const suiteIndex = path.join(repoRoot, 'dist', 'test', 'integration', 'index.js');

const { values: options } = parseArgs({
  options: {
    grep: { type: 'string' },
    phase: { type: 'string', multiple: true },
    timeout: { type: 'string', default: '900' },
    screenshots: { type: 'boolean', default: false },
    'keep-state': { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
  },
});

/** Everything to stop on the way out, newest first, including on SIGINT/SIGTERM. */
const cleanups = [];
const t0 = Date.now();
/** Harness progress with seconds since start, to see where a slow run spends its time. */
const note = (message) => console.log(`[integration +${((Date.now() - t0) / 1000).toFixed(1)}s] ${message}`);
let cleaningUp;
function cleanup() {
  cleaningUp ??= (async () => {
    while (cleanups.length > 0) {
      const fn = cleanups.pop();
      try {
        await fn();
      } catch (error) {
        console.error(`[integration] cleanup failed: ${error instanceof Error ? error.message : error}`);
      }
    }
  })();
  return cleaningUp;
}
const servers = new Set();
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    console.error(`[integration] ${signal}: stopping`);
    void cleanup().finally(() => process.exit(130));
  });
}
// Last resort if something exits synchronously: never leave a server group behind.
process.on('exit', () => { for (const server of servers) server.kill(); });

function makeRunDir() {
  const runDir = mkdtempSync(path.join(os.tmpdir(), 'ops-copilot-it-'));
  if (!options['keep-state']) cleanups.push(() => rmSync(runDir, { recursive: true, force: true }));
  const workspace = path.join(runDir, 'workspace');
  // A copy per run: tests append, truncate, rotate and delete freely.
  cpSync(fixtureWorkspace, workspace, { recursive: true });
  return { runDir, workspace };
}

async function launchBrowser() {
  const browser = await launchChromium();
  cleanups.push(() => browser.close());
  return browser;
}

async function startServerFor(paths, runDir, phase, trust) {
  const server = await startServer({
    nodeBin: paths.nodeBin,
    serverMain: paths.serverMain,
    stateDir: path.join(runDir, `state-${phase}`),
    trust,
    env: { OPS_COPILOT_TEST_PHASE: phase, ...(options.grep ? { OPS_COPILOT_TEST_GREP: options.grep } : {}) },
  });
  servers.add(server);
  cleanups.push(async () => { await server.stop(); servers.delete(server); });
  note(`VS Code server on ${server.origin} (pid ${server.pid}, log ${server.logPath})`);
  return server;
}

function workbenchUrl(server, workspace, payload) {
  const url = new URL(server.origin);
  url.searchParams.set('folder', workspace);
  url.searchParams.set('payload', JSON.stringify(payload));
  return url.toString();
}

const remote = (server, fsPath) => `vscode-remote://127.0.0.1:${server.port}${fsPath}`;

function formatLogArgs(args) {
  if (!Array.isArray(args)) return String(args);
  return args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
}

/** Workbench chatter that is expected offline (no GitHub sign-in, no marketplace) and hides the suite's output. */
const noise = [/^\[AgentHost/, /^\[ChatModelSelection\]/, /open-vsx\.org/, /authentication provider 'github'/, /^\[AccountPolicyGate\]/,
  /^\[lifecycle\] Long running operations/];

const exitGraceMs = 3000;
const summaryPattern = /^integration(?: \[[^\]]+\])?: (\d+) passed, (\d+) failed, (\d+) skipped$/m;

/** Our LogOutputChannel as the extension host wrote it, to explain a failure. */
function printExtensionLog(stateDir) {
  const found = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === 'Ops Copilot.log') found.push(full);
    }
  };
  try { walk(stateDir); } catch { return; }
  for (const file of found) {
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    console.log(`[integration] last lines of ${file}:`);
    for (const line of lines.slice(-80)) console.log(`  ${line}`);
  }
}

/** Runs one phase (one server, one workbench) and returns the suite's counts. */
async function runPhase(paths, phase, timeoutMs) {
  const trust = phase === 'untrusted';
  const { runDir, workspace } = makeRunDir();
  const server = await startServerFor(paths, runDir, phase, trust);
  const browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  cleanups.push(() => context.close());
  const page = await context.newPage();
  let summary;
  let resolveExit;
  const exit = new Promise((resolve) => {
    resolveExit = resolve;
    void page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = formatLogArgs(args);
      const match = summaryPattern.exec(text);
      if (match) {
        summary = { passed: +match[1], failed: +match[2], skipped: +match[3] };
        note(`phase ${phase}: the suite finished`);
        // The workbench reports the extension host's exit only after tearing it down, which takes tens of seconds
        // here; the summary already carries the verdict, so wait a little for the exit and then move on.
        setTimeout(() => resolveExit(summary.failed > 0 ? 1 : 0), exitGraceMs).unref();
      }
      if (!options.verbose && noise.some((pattern) => pattern.test(text))) return;
      const stream = type === 'error' ? process.stderr : process.stdout;
      stream.write(`${text}\n`);
    });
    void page.exposeFunction('codeAutomationExit', (code) => resolve(Number(code)));
  });
  page.on('pageerror', (error) => console.error(`[workbench] page error: ${error.message}`));
  // A crashed renderer never reports an exit: fail the phase now rather than at the overall timeout.
  page.on('crash', () => {
    console.error('[integration] the workbench page crashed');
    resolveExit(1);
  });
  const payload = [
    ['extensionDevelopmentPath', remote(server, repoRoot)],
    ['extensionTestsPath', remote(server, suiteIndex)],
    ['skipWelcome', 'true'],
  ];
  note(`phase ${phase}: workspace ${workspace}`);
  await page.goto(workbenchUrl(server, workspace, payload));
  let timer;
  const timeout = new Promise((resolve) => { timer = setTimeout(() => resolve('timeout'), timeoutMs); });
  const code = await Promise.race([exit, timeout]);
  clearTimeout(timer);
  note(`phase ${phase}: the suite exited with ${code}`);
  if (code !== 0 || options.verbose) printExtensionLog(path.join(runDir, `state-${phase}`));
  if (code === 'timeout') {
    console.error(`[integration] phase ${phase} timed out after ${timeoutMs / 1000} s; server log: ${server.logPath}`);
    return { passed: summary?.passed ?? 0, failed: (summary?.failed ?? 0) + 1, skipped: summary?.skipped ?? 0 };
  }
  if (!summary) {
    console.error(`[integration] phase ${phase} exited with code ${code} without a summary (the suite did not run)`);
    return { passed: 0, failed: 1, skipped: 0 };
  }
  if (code !== 0 && summary.failed === 0) summary.failed = 1;
  return summary;
}

async function runScreenshots(paths) {
  const { takeScreenshots } = await import('./screenshots.mjs');
  const { runDir, workspace } = makeRunDir();
  const server = await startServerFor(paths, runDir, 'screenshots', false);
  const browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  cleanups.push(() => context.close());
  const page = await context.newPage();
  const url = workbenchUrl(server, workspace, [['extensionDevelopmentPath', remote(server, repoRoot)], ['skipWelcome', 'true']]);
  const outDir = path.join(repoRoot, '.screenshots');
  mkdirSync(outDir, { recursive: true });
  const files = await takeScreenshots({ page, url, workspace, outDir });
  for (const file of files) console.log(`[screenshots] ${file}`);
}

async function main() {
  const started = Date.now();
  const timeoutMs = Number(options.timeout) * 1000;
  const overall = setTimeout(() => {
    console.error(`[integration] overall timeout of ${options.timeout} s reached`);
    void cleanup().finally(() => {
      console.log('integration: 0 passed, 1 failed, 0 skipped');
      process.exit(1);
    });
  }, timeoutMs);
  overall.unref();
  if (!existsSync(suiteIndex) && !options.screenshots) {
    throw new Error(`${path.relative(repoRoot, suiteIndex)} is missing: run \`npm run build\` first`);
  }
  const paths = ensureInstalled(repoRoot);
  if (options.screenshots) {
    await runScreenshots(paths);
    return 0;
  }
  const phases = options.phase ?? ['trusted', 'untrusted'];
  const total = { passed: 0, failed: 0, skipped: 0 };
  for (const phase of phases) {
    if (!['trusted', 'untrusted', 'perf'].includes(phase)) throw new Error(`unknown phase ${phase}`);
    const counts = await runPhase(paths, phase, timeoutMs);
    console.log(`[integration] phase ${phase}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
    for (const key of Object.keys(total)) total[key] += counts[key];
    // Close this phase's server before the next so they never compete for the 2 cores.
    await cleanup();
    cleaningUp = undefined;
    note(`phase ${phase}: stopped`);
  }
  console.log(`[integration] took ${Math.round((Date.now() - started) / 1000)} s`);
  return total;
}

let exitCode = 1;
let total = { passed: 0, failed: 1, skipped: 0 };
try {
  const result = await main();
  if (typeof result === 'number') {
    exitCode = result;
    total = undefined;
  } else {
    total = result;
    exitCode = result.failed === 0 && result.passed > 0 ? 0 : 1;
  }
} catch (error) {
  console.error(`[integration] ${error instanceof Error ? error.stack ?? error.message : error}`);
  exitCode = options.screenshots ? 2 : 1;
} finally {
  await cleanup();
}
if (total) console.log(`integration: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(exitCode);
