// Bundles the extension host entry, the lazily loaded copilot, the CLI, the benchmarks (node, cjs) and the panel
// (browser).
import * as esbuild from 'esbuild';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** Native or dynamically-loaded modules that must stay in node_modules (loaded lazily at first use). */
const nodeExternals = ['vscode', '@xenova/transformers', 'onnxruntime-node', 'sharp', 'playwright-core'];

/**
 * Packages only the copilot bundle (dist/copilot.js, required on first use) may contain. The activation bundle keeps
 * them external, so an import that reaches one from activation stays a runtime require(): the integration test
 * (lazyLoading.test.ts) sees it in require.cache, a packaged .vsix could not satisfy it, and production builds refuse it.
 */
const copilotOnly = ['vectra', 'openai', '@xenova/transformers', 'onnxruntime-node', 'onnxruntime-web', 'gpt-tokenizer', 'wink-nlp', 'wink-eng-lite-web-model', 'cheerio'];

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
  {
    ...nodeCommon,
    entryPoints: { extension: 'src/extension.ts' },
    outdir: 'dist',
    external: [...nodeExternals, ...copilotOnly],
    // Read by src/extension.ts: evaluating this bundle counts toward the activation budget.
    banner: { js: 'var opsCopilotBundleStart = performance.now(), opsCopilotBundleStartCpu = process.cpuUsage();' },
    metafile: true,
    plugins: [activationBundleGuard()],
  },
  // Required by dist/extension.js on first use (src/vscode/lazyCopilot.ts), through a computed path.
  { ...nodeCommon, entryPoints: { copilot: 'src/vscode/copilot/registerCopilot.ts' }, outdir: 'dist', plugins: [vectraLocalIndexOnly()] },
  {
    ...nodeCommon,
    entryPoints: { cli: 'src/cli/main.ts' },
    outdir: 'dist',
    banner: { js: '#!/usr/bin/env node' },
    // vectra's index module loads its BM25/NLP and tokenizer dependencies at require time (~110 MiB RSS before any
    // command runs); the CLI, like the copilot bundle, needs only LocalIndex.
    plugins: [vectraLocalIndexOnly()],
  },
  { ...nodeCommon, entryPoints: { bench: 'src/bench/main.ts' }, outdir: 'dist', plugins: [vectraLocalIndexOnly()] },
  // Worker-thread entry of the parallel miner (src/core/logs/parallelMine.ts finds it beside the bundle that spawns it).
  { ...nodeCommon, entryPoints: { mineWorker: 'src/core/logs/mineWorker.ts' }, outdir: 'dist' },
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

/**
 * vectra's main module also loads its document index, web fetcher (cheerio, axios) and GPT tokenizer, and its
 * LocalIndex loads wink-nlp with a 3.5 MB language model for a BM25 mode that VectraChunkIndex never enables (it never
 * calls queryItems; it ranks by cosine itself). Importing LocalIndex alone and stubbing wink keeps about 6 MB of code
 * that never runs out of the copilot bundle and off the time its first use takes. A stub throws if it is ever called.
 */
function vectraLocalIndexOnly() {
  const require = createRequire(import.meta.url);
  return {
    name: 'vectra-local-index-only',
    setup(build) {
      // Only for the module that imports nothing but LocalIndex; any other importer gets all of vectra.
      build.onResolve({ filter: /^vectra$/ }, (args) =>
        args.importer.endsWith(path.join('core', 'runbooks', 'vectraChunkIndex.ts')) ? { path: require.resolve('vectra/lib/LocalIndex.js') } : undefined,
      );
      build.onResolve({ filter: /^wink-(nlp|eng-lite-web-model|bm25-text-search)$/ }, (args) => ({ path: args.path, namespace: 'unused-wink' }));
      build.onLoad({ filter: /.*/, namespace: 'unused-wink' }, (args) => ({
        contents: `module.exports = function () { throw new Error('${args.path} is not bundled: vectra BM25 search is not used'); };`,
        loader: 'js',
      }));
    },
  };
}

/** Fails a production build (warns otherwise) when the activation bundle imports a copilot-only package. */
function activationBundleGuard() {
  return {
    name: 'activation-bundle-guard',
    setup(build) {
      build.onEnd((result) => {
        if (!result.metafile) return;
        const offending = Object.values(result.metafile.outputs)
          .flatMap((output) => output.imports)
          .filter((entry) => copilotOnly.some((name) => entry.path === name || entry.path.startsWith(`${name}/`)))
          .map((entry) => `${entry.path} (${entry.kind})`);
        if (offending.length === 0) return;
        const text = `dist/extension.js imports ${[...new Set(offending)].join(', ')}: load it from the copilot bundle (src/vscode/copilot/registerCopilot.ts), not at activation`;
        if (production) return { errors: [{ text }] };
        console.warn(`[esbuild] warning: ${text}`);
      });
    },
  };
}

if (watch) {
  const contexts = await Promise.all(builds.map((options) => esbuild.context(options)));
  await Promise.all(contexts.map((context) => context.watch()));
  console.log('[esbuild] watching');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
