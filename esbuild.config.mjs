// Bundles the extension host entry, the CLI, the benchmarks (node, cjs) and the panel (browser).
import * as esbuild from 'esbuild';
import { readdirSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** Native or dynamically-loaded modules that must stay in node_modules (loaded lazily at first use). */
const nodeExternals = ['vscode', '@xenova/transformers', 'onnxruntime-node', 'sharp', 'playwright-core'];

/** @type {import('esbuild').BuildOptions} */
const nodeCommon = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  external: nodeExternals,
  logLevel: 'warning',
};

/** @type {import('esbuild').BuildOptions[]} */
const builds = [
  { ...nodeCommon, entryPoints: { extension: 'src/extension.ts' }, outdir: 'dist' },
  {
    ...nodeCommon,
    entryPoints: { cli: 'src/cli/main.ts' },
    outdir: 'dist',
    banner: { js: '#!/usr/bin/env node' },
  },
  { ...nodeCommon, entryPoints: { bench: 'src/bench/main.ts' }, outdir: 'dist' },
  // The integration suite runs inside the extension host: mocha and the runners stay in node_modules.
  {
    ...nodeCommon,
    external: [...nodeExternals, 'mocha', '@vscode/test-electron'],
    entryPoints: readdirSync('src/test/integration')
      .filter((name) => name === 'index.ts' || name === 'runElectron.ts' || name.endsWith('.test.ts'))
      .map((name) => `src/test/integration/${name}`),
    outdir: 'dist/test/integration',
  },
  {
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    sourcemap: !production,
    minify: production,
    entryPoints: { webview: 'webview/main.ts' },
    outdir: 'dist',
    logLevel: 'warning',
  },
];

if (watch) {
  const contexts = await Promise.all(builds.map((options) => esbuild.context(options)));
  await Promise.all(contexts.map((context) => context.watch()));
  console.log('[esbuild] watching');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
