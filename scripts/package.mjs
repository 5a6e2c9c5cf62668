// `npm run package`: one .vsix per platform in .package/. esbuild bundles everything except the packages that must
// stay in node_modules (esbuild.config.mjs nodeExternals): @xenova/transformers and what it imports at load time,
// with onnxruntime-node's native binding for ONE platform. Each target is staged in .package/<target>/ (manifest,
// docs, dist, media, runbooks and a pruned node_modules) and packed there, so nothing from the development tree leaks.
//
//   node scripts/package.mjs [--target linux-x64 ...] [--skip-build]
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
export const packageDir = path.join(repoRoot, '.package');
export const allTargets = ['linux-x64', 'linux-arm64', 'darwin-x64', 'darwin-arm64', 'win32-x64'];

/** The only external the extension imports at runtime; everything else in node_modules follows from it. */
const runtimeRoots = ['@xenova/transformers'];

/**
 * sharp is imported eagerly by transformers.js (src/utils/image.js) but only used by image pipelines, which Ops
 * Copilot never runs; its native libvips build is 16 MB per platform. This module stands in for it and fails loudly
 * if anything ever tries to process an image.
 */
const sharpPlaceholder = {
  'package.json': JSON.stringify(
    { name: 'sharp', version: '0.0.0-ops-copilot', description: 'Image processing is not shipped with Ops Copilot.', main: 'index.js', license: 'MIT' },
    null,
    2,
  ),
  'index.js':
    "'use strict';\n// transformers.js imports sharp at load time; Ops Copilot only runs text feature extraction.\n" +
    "module.exports = function sharp() {\n  throw new Error('Ops Copilot ships without sharp: image pipelines are not supported.');\n};\n",
};

/** Files never worth shipping from a dependency. */
const junk = [/\.map$/, /\.d\.ts$/, /\.d\.mts$/, /\.d\.cts$/, /(^|\/)(test|tests|__tests__|docs?|example|examples|\.github)\//i, /\.md$/i];
const keepDocs = /(^|\/)(LICENSE|LICENCE|NOTICE|ThirdPartyNotices)[^/]*$/i;

/** Per-package pruning: folders the Node build of transformers.js never loads. */
const prune = {
  // dist/ holds the browser bundles (44 MB), types/ the .d.ts; Node loads src/ through "main".
  '@xenova/transformers': (rel) => rel.startsWith('dist/') || rel.startsWith('types/'),
  // Only "main" (dist/ort-web.node.js) is imported; the wasm backend files load only when the web backend runs.
  'onnxruntime-web': (rel) => rel.startsWith('dist/') && rel !== 'dist/ort-web.node.js',
  'onnxruntime-node': (rel, target) => {
    if (!rel.startsWith('bin/')) return false;
    const [os, arch] = target.split('-');
    return !rel.startsWith(`bin/napi-v3/${os}/${arch}/`);
  },
};

function run(command, args, options = {}) {
  console.log(`[package] $ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
}

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** Resolves a dependency the way Node does: the nearest node_modules above the dependent package. */
function resolvePackage(name, fromDir) {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (dir === repoRoot || path.dirname(dir) === dir) return undefined;
  }
}

/** Every package directory the runtime roots need, keyed by path relative to the repo (keeps nested copies nested). */
export function dependencyClosure() {
  const found = new Map();
  const visit = (name, fromDir, optional) => {
    if (name === 'sharp') return; // replaced, see sharpPlaceholder
    const dir = resolvePackage(name, fromDir);
    if (!dir) {
      if (optional) return;
      throw new Error(`${name} (needed by ${path.relative(repoRoot, fromDir) || 'the extension'}) is not installed: run npm ci`);
    }
    const rel = path.relative(repoRoot, dir);
    if (found.has(rel)) return;
    const manifest = readJson(path.join(dir, 'package.json'));
    found.set(rel, manifest.name);
    for (const dep of Object.keys(manifest.dependencies ?? {})) visit(dep, dir, false);
    for (const dep of Object.keys(manifest.optionalDependencies ?? {})) visit(dep, dir, true);
  };
  for (const root of runtimeRoots) visit(root, repoRoot, false);
  return found;
}

function listFiles(dir, base = dir) {
  const files = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === 'node_modules') continue; // nested packages are visited on their own
      files.push(...listFiles(full, base));
    } else if (entry.isFile()) {
      files.push(path.relative(base, full).split(path.sep).join('/'));
    }
  }
  return files;
}

function stageNodeModules(stage, target) {
  for (const [rel, name] of dependencyClosure()) {
    const source = path.join(repoRoot, rel);
    const pruneFn = prune[name];
    for (const file of listFiles(source)) {
      if (pruneFn?.(file, target)) continue;
      if (junk.some((pattern) => pattern.test(file)) && !keepDocs.test(file)) continue;
      const destination = path.join(stage, rel, file);
      mkdirSync(path.dirname(destination), { recursive: true });
      cpSync(path.join(source, file), destination);
    }
  }
  const sharpDir = path.join(stage, 'node_modules', 'sharp');
  mkdirSync(sharpDir, { recursive: true });
  for (const [file, text] of Object.entries(sharpPlaceholder)) writeFileSync(path.join(sharpDir, file), text);
  // transformers.js declares sharp ^0.32; the placeholder is a root dependency instead, so `npm list` (which vsce
  // runs to collect node_modules) sees a consistent tree.
  const transformersManifest = path.join(stage, 'node_modules', '@xenova', 'transformers', 'package.json');
  const manifest = readJson(transformersManifest);
  delete manifest.dependencies.sharp;
  writeFileSync(transformersManifest, JSON.stringify(manifest, null, 2));
}

/** The shipped manifest: the repository's, without what only development needs. */
function stagedManifest() {
  const manifest = readJson(path.join(repoRoot, 'package.json'));
  delete manifest.scripts;
  delete manifest.devDependencies;
  delete manifest.overrides;
  delete manifest.bin; // the CLI ships through npm, not inside the editor extension
  manifest.dependencies = Object.fromEntries([
    ...runtimeRoots.map((name) => [name, manifest.dependencies[name]]),
    ['sharp', '*'],
  ]);
  return manifest;
}

export function stage(target) {
  const dir = path.join(packageDir, target);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, 'dist'), { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify(stagedManifest(), null, 2));
  for (const file of ['README.md', 'CHANGELOG.md', 'LICENSE']) cpSync(path.join(repoRoot, file), path.join(dir, file));
  // extension.js loads at activation; copilot.js on the copilot's first use (src/vscode/lazyCopilot.ts).
  for (const file of ['extension.js', 'copilot.js', 'webview.js', 'webview.css']) {
    cpSync(path.join(repoRoot, 'dist', file), path.join(dir, 'dist', file));
  }
  for (const folder of ['media', 'runbooks']) {
    cpSync(path.join(repoRoot, folder), path.join(dir, folder), {
      recursive: true,
      // README screenshots are fetched from the repository by the marketplace page; the extension never reads them.
      filter: (source) => !source.includes(`${path.sep}screenshots`),
    });
  }
  // Only maps and the staging leftovers stay out; the staged tree is exactly what ships.
  writeFileSync(path.join(dir, '.vscodeignore'), '**/*.map\n**/*.ts\n!**/*.d.ts\n');
  stageNodeModules(dir, target);
  return dir;
}

function main() {
  const { values } = parseArgs({
    options: { target: { type: 'string', multiple: true }, 'skip-build': { type: 'boolean', default: false } },
  });
  const targets = values.target ?? allTargets;
  for (const target of targets) if (!allTargets.includes(target)) throw new Error(`unknown target ${target}`);
  if (!values['skip-build']) run(process.execPath, ['esbuild.config.mjs', '--production'], { cwd: repoRoot });
  const version = readJson(path.join(repoRoot, 'package.json')).version;
  const vsce = path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  for (const target of targets) {
    const dir = stage(target);
    const out = path.join(packageDir, `ops-copilot-${target}-${version}.vsix`);
    run(process.execPath, [vsce, 'package', '--target', target, '--out', out, '--allow-missing-repository', '--skip-license'], { cwd: dir });
    console.log(`[package] ${path.relative(repoRoot, out)} ${(statSync(out).size / 1024 / 1024).toFixed(1)} MB`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  try {
    main();
  } catch (error) {
    console.error(`[package] ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  }
}
