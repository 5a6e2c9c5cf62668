// `npm run test:installed`: installs the packaged linux-x64 .vsix into the real VS Code server of the harness
// (`server-main.js --install-extension`), opens a workbench on a temporary workspace holding a log with an injected
// error spike, WITHOUT extensionDevelopmentPath, and checks that the installed artifact activates and reports the
// spike in the Problems panel. Also measures what issue 9's budgets name: VS Code's own activation time of the
// installed extension (Running Extensions: code loading + activate()), the extension host's RSS once idle (against
// the same workbench without the extension) and that the onnxruntime binding is not loaded before first use. Then
// uses the lazily loaded part once (Ops: Open Panel), so a .vsix missing a file only first use needs fails too.
//
//   node scripts/integration/installed.mjs [--vsix <file>] [--activations <n>] [--skip-baseline] [--keep-state]
//                                          [--timeout <seconds>]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureInstalled, launchChromium } from './install.mjs';
import { startServer } from './server.mjs';
import { extensionHostPids, mapsMention, readRssKiB, sampleIdleRss } from './installedProcess.mjs';
import { spikeLog } from './installedWorkspace.mjs';

const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const extensionId = `${manifest.publisher}.${manifest.name}`;
const screenshotDir = path.join(repoRoot, '.screenshots');

const { values: options } = parseArgs({
  options: {
    vsix: { type: 'string', default: path.join(repoRoot, '.package', `${manifest.name}-linux-x64-${manifest.version}.vsix`) },
    'skip-baseline': { type: 'boolean', default: false },
    'keep-state': { type: 'boolean', default: false },
    timeout: { type: 'string', default: '540' },
    activations: { type: 'string', default: '3' },
  },
});

/** Issue 9's targets: the .vsix size fails the check, the activation time is reported against its target. */
const budgets = { vsixMiB: 30, activationMs: 50 };
/** How long the extension host must see no log activity before its RSS counts as idle. */
const idleSettleMs = 10_000;

const t0 = Date.now();
const note = (message) => console.log(`[installed +${((Date.now() - t0) / 1000).toFixed(1)}s] ${message}`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** What each phase started (browser, server), stopped newest first at the end of the phase or on the way out. */
const cleanups = [];
const servers = new Set();
/** The run's temporary folder, removed last (both phases use its workspace). */
let runDirToRemove;
async function cleanup() {
  await stopPhase();
  if (runDirToRemove) rmSync(runDirToRemove, { recursive: true, force: true });
  runDirToRemove = undefined;
}
async function stopPhase() {
  while (cleanups.length > 0) {
    try {
      await cleanups.pop()();
    } catch (error) {
      console.error(`[installed] cleanup failed: ${error instanceof Error ? error.message : error}`);
    }
  }
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    console.error(`[installed] ${signal}: stopping`);
    void cleanup().finally(() => process.exit(130));
  });
}
process.on('exit', () => { for (const server of servers) server.kill(); });

/** The same layout startServer() uses under its stateDir, so the install lands where the server looks. */
function stateDirs(stateDir) {
  const home = path.join(stateDir, 'home');
  return {
    userData: path.join(stateDir, 'user-data'),
    serverData: path.join(stateDir, 'server-data'),
    extensions: path.join(stateDir, 'extensions'),
    home,
    env: {
      HOME: home,
      XDG_CONFIG_HOME: path.join(home, '.config'),
      XDG_DATA_HOME: path.join(home, '.local', 'share'),
      XDG_CACHE_HOME: path.join(home, '.cache'),
      XDG_STATE_HOME: path.join(home, '.local', 'state'),
    },
  };
}

function installVsix(paths, stateDir, vsix) {
  const dirs = stateDirs(stateDir);
  for (const dir of [dirs.userData, dirs.serverData, dirs.extensions, dirs.home]) mkdirSync(dir, { recursive: true });
  const args = [paths.serverMain, '--install-extension', vsix, '--force', '--accept-server-license-terms',
    '--user-data-dir', dirs.userData, '--server-data-dir', dirs.serverData, '--extensions-dir', dirs.extensions];
  const env = { ...process.env, ...dirs.env };
  delete env.ELECTRON_RUN_AS_NODE;
  const started = Date.now();
  const result = spawnSync(paths.nodeBin, args, { env, encoding: 'utf8', timeout: 180_000 });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
  if (result.status !== 0) throw new Error(`--install-extension exited with ${result.status ?? result.signal}:\n${output}`);
  // The CLI prints a failure and still exits 0 for some errors (e.g. an incompatible target platform).
  if (!/successfully installed/i.test(output)) throw new Error(`--install-extension did not report success:\n${output}`);
  const installedDir = readdirSync(dirs.extensions).find((name) => name.toLowerCase().startsWith(`${extensionId}-`));
  if (!installedDir) throw new Error(`no ${extensionId}-* folder in ${dirs.extensions} after installing`);
  const location = path.join(dirs.extensions, installedDir);
  for (const file of ['package.json', manifest.main]) {
    if (!existsSync(path.join(location, file))) throw new Error(`the installed extension lacks ${file} (${location})`);
  }
  note(`installed ${path.basename(vsix)} into ${location} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return location;
}

async function launchPage() {
  const browser = await launchChromium();
  cleanups.push(() => browser.close());
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[workbench] page error: ${error.message}`));
  return page;
}

/** The workbench URL with no extensionDevelopmentPath: only what is installed in the extensions dir can run. */
function workbenchUrl(server, workspace) {
  const url = new URL(server.origin);
  url.searchParams.set('folder', workspace);
  url.searchParams.set('payload', JSON.stringify([['skipWelcome', 'true']]));
  return url.toString();
}

async function openWorkbench(paths, stateDir, workspace) {
  const server = await startServer({ nodeBin: paths.nodeBin, serverMain: paths.serverMain, stateDir, trust: false });
  servers.add(server);
  cleanups.push(async () => { await server.stop(); servers.delete(server); });
  note(`VS Code server on ${server.origin} (pid ${server.pid}, log ${server.logPath})`);
  const page = await launchPage();
  const openedAt = Date.now();
  await page.goto(workbenchUrl(server, workspace));
  await page.waitForSelector('.monaco-workbench', { timeout: 120_000 });
  await page.waitForSelector('.explorer-folders-view', { timeout: 120_000 });
  return { server, page, openedAt };
}

async function runCommand(page, title) {
  const input = page.locator('.quick-input-widget input');
  // F1 can land while the workbench is still moving focus (an editor opening): press again if nothing opened.
  for (let attempt = 0; attempt < 3 && !(await input.isVisible()); attempt++) {
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible', timeout: 5_000 }).catch(() => undefined);
  }
  await input.waitFor({ state: 'visible', timeout: 5_000 });
  await page.keyboard.type(title);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
}

/** Problems panel rows of our diagnostics, read from their aria-labels: "<severity>: <message> at line N and character M. … generated by ops". */
async function opsProblems(page) {
  const labels = await page.$$eval('.markers-panel .monaco-list-row', (rows) => rows.map((row) => row.getAttribute('aria-label') ?? ''));
  return labels
    .filter((label) => /generated by ops\b/.test(label))
    .map((label) => ({ label, line: Number(/ at line (\d+) and character /.exec(label)?.[1]) }));
}

/** VS Code's own figure from Running Extensions: code loading + activate() call, as "Activation: N ms". */
async function runningExtensionsActivation(page) {
  await runCommand(page, 'Developer: Show Running Extensions');
  const row = page.locator('.runtime-extensions-editor .monaco-list-row', { hasText: manifest.displayName }).first();
  await row.waitFor({ timeout: 20_000 });
  const time = row.locator('.activation-time');
  await time.waitFor({ timeout: 20_000 });
  const text = (await time.textContent())?.trim() ?? '';
  const match = /([\d.]+)\s*ms/.exec(text);
  if (!match) throw new Error(`Running Extensions shows no activation time for ${manifest.displayName}: "${text}"`);
  // The other extensions' figures in the same run calibrate ours against how loaded the machine was.
  const others = await page.$$eval('.runtime-extensions-editor .monaco-list-row', (rows) => rows.map((r) => ({
    name: r.querySelector('.name')?.textContent?.trim() ?? '',
    time: r.querySelector('.activation-time')?.textContent?.trim() ?? '',
  })));
  return { ms: Number(match[1]), text, others: others.filter((o) => o.name && o.name !== manifest.displayName) };
}

/**
 * First use of what activation leaves unloaded: the panel, whose backend lives in the lazily required part of the
 * extension. An installed .vsix that lacks a file only that part needs activates fine and fails here.
 * @returns {Promise<{ ok: true } | { ok: false, reason: string }>}
 */
async function openPanelFirstUse(page) {
  try {
    await runCommand(page, `Ops: ${manifest.contributes.commands.find((c) => c.command === 'opsCopilot.openPanel').title}`);
  } catch (error) {
    return { ok: false, reason: `could not run Ops: Open Panel: ${error instanceof Error ? error.message.split('\n')[0] : error}` };
  }
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      try {
        // The panel marks its body interactive once the host sent its history and incidents (webview/main.ts).
        if (await frame.locator('body[data-interactive="true"]').count()) return { ok: true };
      } catch {
        // Frames come and go while the webview loads.
      }
    }
    // A command that throws shows a modal "Command '…' resulted in an error" dialog: no need to wait any longer.
    const dialog = page.locator('.monaco-dialog-box');
    if (await dialog.count()) {
      return { ok: false, reason: `the editor showed: ${((await dialog.first().textContent()) ?? '').replace(/\s+/g, ' ').trim().slice(0, 400)}` };
    }
    await sleep(250);
  }
  const toasts = await page.$$eval('.notification-toast', (elements) => elements.map((e) => e.textContent?.trim() ?? ''));
  return { ok: false, reason: `the panel did not render within 60 s${toasts.length ? `; notifications: ${toasts.join(' | ')}` : ''}` };
}

/** Our LogOutputChannel file, written by the extension host under the server's logs folder. */
function findExtensionLog(stateDir) {
  const found = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === `${manifest.displayName}.log`) found.push(full);
    }
  };
  walk(stateDir);
  return found[0];
}

async function shot(page, name) {
  mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `installed-${name}.png`);
  await page.screenshot({ path: file });
  note(`screenshot ${path.relative(repoRoot, file)}`);
  return file;
}

async function installedPhase(paths, runDir, workspace, spike) {
  const stateDir = path.join(runDir, 'state-installed');
  const location = installVsix(paths, stateDir, options.vsix);
  const { server, page, openedAt } = await openWorkbench(paths, stateDir, workspace);

  // (a) activation, seen by the user: our status bar item exists only once activate() ran.
  const status = page.locator('.statusbar-item', { hasText: /\d+ anomal/ }).first();
  await status.waitFor({ timeout: 120_000 });
  // Two shared cores: the activation figure means little without how busy the machine was.
  const loadAverage = os.loadavg()[0].toFixed(1);
  note('status bar item present: the installed extension activated');

  // (b) the spike reported: the status bar counts it and the Problems panel lists it on the spike's lines.
  // A miss is reported with the figures below rather than thrown.
  await page.waitForFunction(() => [...document.querySelectorAll('.statusbar-item')].some((e) => /[1-9]\d* anomal/.test(e.textContent ?? '')),
    undefined, { timeout: 60_000 }).catch(() => note('the status bar still counts no anomaly after 60 s'));
  const statusText = ((await status.textContent()) ?? '').trim();
  await page.keyboard.press('Control+Shift+M');
  await page.waitForSelector('.markers-panel', { timeout: 20_000 });
  // The file row starts collapsed in some layouts; the markers appear as its children.
  let rows = [];
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    rows = await opsProblems(page);
    if (rows.length > 0) break;
    await page.locator('.markers-panel .monaco-list-row[aria-expanded="false"]').first().click().catch(() => undefined);
    await sleep(500);
  }
  const onSpike = rows.filter(({ line }) => line >= spike.firstLine && line <= spike.lastLine);
  await sleep(500);
  const problemsShot = await shot(page, 'problems');

  // The extension's own log: proves activate() completed in this server (and gives the inner activate() time).
  const extensionLog = findExtensionLog(stateDir);
  const logText = extensionLog ? readFileSync(extensionLog, 'utf8') : '';
  const innerMs = Number(/activated in ([\d.]+) ms/.exec(logText)?.[1] ?? NaN);
  // Logged when the bundle carries its start-time banner (esbuild.config.mjs): top-level evaluation of dist/extension.js.
  const evaluationMs = Number(/bundle evaluated in ([\d.]+) ms/.exec(logText)?.[1] ?? NaN);
  // CPU time of activate() and of the bundle's evaluation, when logged: less at the mercy of the other processes.
  const cpu = /; CPU ([\d.]+) ms(?: \+ ([\d.]+) ms evaluating)?/.exec(logText);

  // (c) memory after activation with no log activity: nothing writes to the workspace from here on.
  const pids = extensionHostPids(server.pid);
  if (pids.length !== 1) throw new Error(`expected one extension host under the server (pid ${server.pid}), found ${pids.length}`);
  const [exthostPid] = pids;
  note(`extension host pid ${exthostPid}: letting it idle ${idleSettleMs / 1000} s`);
  await sleep(idleSettleMs);
  const sampledAfterMs = Date.now() - openedAt;
  const rssKiB = await sampleIdleRss(exthostPid);
  const onnxLoaded = mapsMention(exthostPid, /onnxruntime/i);

  // Activation time as VS Code measures it (after the RSS samples: the editor itself allocates in the host).
  const activation = await runningExtensionsActivation(page);
  await sleep(500);
  const runningShot = await shot(page, 'running-extensions');
  // Running Extensions opens as a modal editor in 1.139; close it so the palette reaches the workbench again.
  await page.keyboard.press('Escape');
  await sleep(500);

  const firstUse = await openPanelFirstUse(page);
  await sleep(1000);
  const panelShot = await shot(page, 'panel');
  const afterFirstUseKiB = readRssKiB(exthostPid);
  const logAfter = extensionLog ? readFileSync(extensionLog, 'utf8') : '';
  const errors = logAfter.split('\n').filter((line) => /^\S+ \S+ \[error\]/.test(line));
  // Logged by src/vscode/lazyCopilot.ts: how long the user waited for the lazily required part on first use.
  const firstUseLoadMs = Number(/\[copilot\] loaded .* in ([\d.]+) ms/.exec(logAfter)?.[1] ?? NaN);

  // More activations, each in a fresh extension host (a window reload), since one figure on two shared cores can be
  // several times another: the summary gives the median. No editor stays open: a restored panel would load the
  // copilot right after activation and change what is measured.
  const activationSamples = [activation.ms];
  for (let i = 1; i < Number(options.activations); i++) {
    await page.keyboard.press('Escape');
    await runCommand(page, 'View: Close All Editors');
    await sleep(500);
    await page.reload();
    await page.waitForSelector('.monaco-workbench', { timeout: 120_000 });
    await page.locator('.statusbar-item', { hasText: /\d+ anomal/ }).first().waitFor({ timeout: 120_000 });
    const again = await runningExtensionsActivation(page);
    note(`activation after reload ${i}: ${again.ms} ms`);
    activationSamples.push(again.ms);
  }
  const extensionJsMiB = fileMiB(path.join(location, manifest.main));
  const distDir = path.dirname(path.join(location, manifest.main));
  const distFiles = readdirSync(distDir).filter((name) => name.endsWith('.js')).map((name) => `${name} ${fileMiB(path.join(distDir, name)).toFixed(2)} MiB`);
  return { location, extensionJsMiB, distFiles, sampledAfterMs, loadAverage, statusText, rows, onSpike, problemsShot, runningShot, panelShot, firstUse, firstUseLoadMs, afterFirstUseKiB, errors, extensionLog, innerMs, evaluationMs, cpuText: cpu ? `CPU: activate() ${cpu[1]} ms${cpu[2] ? `, evaluation ${cpu[2]} ms` : ''}` : '', rssKiB, exthostPid,
    onnxLoaded, activation, activationSamples };
}

/** The same workbench and workspace with nothing installed: what the extension host costs without us. */
async function baselinePhase(paths, runDir, workspace, sampleAfterMs) {
  const stateDir = path.join(runDir, 'state-baseline');
  const { server, page, openedAt } = await openWorkbench(paths, stateDir, workspace);
  const deadline = Date.now() + 60_000;
  let pids = [];
  while (Date.now() < deadline && pids.length === 0) {
    pids = extensionHostPids(server.pid);
    if (pids.length === 0) await sleep(500);
  }
  if (pids.length !== 1) throw new Error(`baseline: expected one extension host, found ${pids.length}`);
  // Sampled as long after opening the workbench as the installed phase was (at least the idle settle time), so the
  // built-in extensions are as far through their own startup.
  await page.waitForSelector('.statusbar-item', { timeout: 60_000 });
  await sleep(Math.max(idleSettleMs, sampleAfterMs - (Date.now() - openedAt)));
  return { rssKiB: await sampleIdleRss(pids[0]) };
}

const mib = (kib) => (kib / 1024).toFixed(0);
const fileMiB = (file) => statSync(file).size / 1024 / 1024;

async function main() {
  if (!existsSync(options.vsix)) throw new Error(`${options.vsix} is missing: run \`node scripts/package.mjs --target linux-x64\``);
  const paths = ensureInstalled(repoRoot);
  // Started after the (synchronous, minutes-long on a fresh clone) harness install, so it bounds only the check.
  const overall = setTimeout(() => {
    console.error(`[installed] overall timeout of ${options.timeout} s reached`);
    void cleanup().finally(() => process.exit(1));
  }, Number(options.timeout) * 1000);
  overall.unref();
  const runDir = mkdtempSync(path.join(os.tmpdir(), 'ops-copilot-installed-'));
  if (!options['keep-state']) runDirToRemove = runDir;
  else note(`state kept in ${runDir}`);
  // A workspace outside the repository: nothing of the development folder is reachable from the workbench.
  const workspace = path.join(runDir, 'workspace');
  mkdirSync(path.join(workspace, 'logs'), { recursive: true });
  const spike = spikeLog(Date.UTC(2026, 10, 21, 9, 0, 0));
  writeFileSync(path.join(workspace, 'logs', 'app.log'), spike.text);
  note(`workspace ${workspace}: logs/app.log, ${spike.lineCount} lines, error spike on lines ${spike.firstLine}-${spike.lastLine}`);

  const installed = await installedPhase(paths, runDir, workspace, spike);
  // One server at a time: the two never compete for the cores or skew each other's RSS.
  await stopPhase();
  const baseline = options['skip-baseline'] ? undefined : await baselinePhase(paths, runDir, workspace, installed.sampledAfterMs);
  await stopPhase();

  const vsixMiB = fileMiB(options.vsix);
  console.log(`[installed] vsix ${path.basename(options.vsix)}: ${vsixMiB.toFixed(1)} MiB (budget ${budgets.vsixMiB} MiB)`);
  console.log(`[installed] ${manifest.main} as installed: ${installed.extensionJsMiB.toFixed(2)} MiB (dist: ${installed.distFiles.join(', ')})`);
  console.log(`[installed] status bar: "${installed.statusText}"`);
  console.log(`[installed] Problems rows from ops: ${installed.rows.length}, on the spike (lines ${spike.firstLine}-${spike.lastLine}): ${installed.onSpike.length}`);
  for (const row of installed.rows.slice(0, 5)) console.log(`  ${row.label.slice(0, 200)}`);
  const others = installed.activation.others.slice(0, 4).map((o) => `${o.name} ${o.time.replace(/^.*?:\s*/, '')}`).join(', ');
  console.log(`[installed] Running Extensions: ${manifest.displayName} "${installed.activation.text}"; others in the same run: ${others || 'none listed'}`);
  console.log(`[installed] extension log: ${installed.extensionLog ?? 'missing'}`);
  if (!Number.isNaN(installed.innerMs)) {
    // Running Extensions counts code loading + the activate() call; the log has the latter. VS Code 1.139's code-loading
    // span (_doLoadModule) awaits initializeLocalizedMessages() before the require, so it also holds whatever other
    // extensions activating at the same moment (onStartupFinished) do meanwhile.
    const evaluation = Number.isNaN(installed.evaluationMs) ? '' : ` (of which evaluating the bundle ${installed.evaluationMs} ms; the rest is reading and compiling it, and an await inside VS Code's timed region during which the other extensions starting up run)`;
    console.log(`[installed] of the activation: activate() ${installed.innerMs} ms, loading the code ~${Math.max(0, installed.activation.ms - installed.innerMs).toFixed(0)} ms` +
      `${evaluation}${installed.cpuText ? `; ${installed.cpuText}` : ''}; load average at activation ${installed.loadAverage}`);
  }
  // One reading each: the built-in extensions alone move the host's RSS by some 10-20 MiB from run to run.
  const signedDelta = baseline ? `${installed.rssKiB >= baseline.rssKiB ? '+' : '-'}${mib(Math.abs(installed.rssKiB - baseline.rssKiB))}` : '';
  const delta = baseline ? `, without Ops Copilot ${mib(baseline.rssKiB)} MiB (${signedDelta} MiB)` : '';
  console.log(`[installed] extension host pid ${installed.exthostPid}: idle RSS ${mib(installed.rssKiB)} MiB${delta}`);
  console.log(`[installed] native onnxruntime mapped in the extension host at idle: ${installed.onnxLoaded ? 'yes' : 'no'}`);
  const loadTime = Number.isNaN(installed.firstUseLoadMs) ? '' : ` (its code loaded in ${installed.firstUseLoadMs} ms)`;
  console.log(`[installed] first use (Ops: Open Panel): ${installed.firstUse.ok ? `the panel rendered${loadTime}` : installed.firstUse.reason}; extension host RSS then ${mib(installed.afterFirstUseKiB)} MiB`);
  for (const line of installed.errors.slice(0, 10)) console.log(`[installed] extension log error: ${line.slice(0, 300)}`);
  console.log(`[installed] screenshots: ${[installed.problemsShot, installed.runningShot, installed.panelShot].map((f) => path.relative(repoRoot, f)).join(', ')}`);

  const failures = [];
  if (!installed.extensionLog || Number.isNaN(installed.innerMs)) failures.push('the installed extension did not log its activation');
  if (installed.onSpike.length === 0) failures.push(`no ops problem on the injected spike (lines ${spike.firstLine}-${spike.lastLine})`);
  if (!installed.firstUse.ok) failures.push(`first use failed: ${installed.firstUse.reason}`);
  if (installed.errors.length > 0) failures.push(`the extension logged ${installed.errors.length} error(s)`);
  if (installed.onnxLoaded) failures.push('the onnxruntime binding is loaded at idle: it must wait for the first retrieval');
  if (vsixMiB > budgets.vsixMiB) failures.push(`the .vsix is ${vsixMiB.toFixed(1)} MiB, over the ${budgets.vsixMiB} MiB budget`);
  // Timing on a shared 2-core machine varies by several times between runs: reported against its target, not gated.
  const sorted = [...installed.activationSamples].sort((a, b) => a - b);
  const activationMs = sorted[Math.floor((sorted.length - 1) / 2)];
  const samples = sorted.length > 1 ? `median of ${sorted.length}: ${installed.activationSamples.join(', ')} ms; ` : '';
  const overTarget = `${samples}${activationMs > budgets.activationMs ? 'over' : 'within'} the ${budgets.activationMs} ms target`;
  const anomaly = installed.onSpike.length > 0 ? 'yes' : 'no';
  console.log(`installed: activated in ${activationMs} ms (${overTarget}), exthost RSS ${mib(installed.rssKiB)} MiB` +
    `${baseline ? ` (${signedDelta} vs ${mib(baseline.rssKiB)} MiB without it)` : ''}, anomaly reported: ${anomaly}`);
  for (const failure of failures) console.error(`[installed] FAILED: ${failure}`);
  return failures.length === 0 ? 0 : 1;
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (error) {
  console.error(`[installed] ${error instanceof Error ? error.stack ?? error.message : error}`);
  console.log('installed: FAILED before the figures were complete');
} finally {
  await cleanup();
}
process.exit(exitCode);
