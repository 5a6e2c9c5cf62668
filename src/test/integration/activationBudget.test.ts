/**
 * Issue 9's startup budget: activation loads neither the copilot bundle nor the heavy packages (vectra, openai,
 * transformers.js, onnxruntime); the first copilot command loads the bundle, and the embedding runtime loads only when
 * the transformers embedder is first used. Runs first among the trusted tests (file order), before any other test
 * uses the copilot. The proof is Node's own module cache (and, on Linux, the process's mapped libraries), not a flag
 * the extension sets: esbuild keeps these packages external to dist/extension.js, so a static import reaching one of
 * them from activation is a require() from node_modules that shows up here.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { chatIds, taskIds } from '../../vscode/contributionIds';
import { activeApi, extensionId, waitFor } from './testSupport';

const heavyPackages = ['vectra', 'openai', '@xenova/transformers', 'onnxruntime-node', 'onnxruntime-common', 'onnxruntime-web'];
/** transformers.js is ESM (not in require.cache), but it imports onnxruntime-node, which is CommonJS. */
const embeddingRuntime = ['onnxruntime-node', 'onnxruntime-common'];

function loadedPackages(names: readonly string[]): string[] {
  const keys = Object.keys(require.cache);
  return names.filter((name) => {
    const folder = `${path.sep}node_modules${path.sep}${name.split('/').join(path.sep)}${path.sep}`;
    return keys.some((key) => key.includes(folder));
  });
}

/** Native libraries of onnxruntime mapped into this process (Linux); undefined where /proc is not available. */
function mappedOnnxLibraries(): string[] | undefined {
  if (process.platform !== 'linux') return undefined;
  const maps = fs.readFileSync('/proc/self/maps', 'utf8');
  return [...new Set(maps.split('\n').map((line) => line.split(/\s+/).slice(5).join(' ')).filter((file) => /onnxruntime/.test(file)))];
}

function kib(file: string): string {
  return `${(fs.statSync(file).size / 1024).toFixed(0)} KiB`;
}

describe('activation budget', () => {
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('opsCopilot');

  after(async () => {
    await config().update('embeddings.provider', undefined, vscode.ConfigurationTarget.Workspace);
    await config().update('embeddings.modelPath', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('activates without loading the copilot bundle, vectra, openai, transformers.js or onnxruntime', async () => {
    const api = await activeApi();
    const bundle = api.copilot.bundle();
    assert.ok(fs.existsSync(bundle.file), `${bundle.file} is built`);
    assert.equal(bundle.loaded, false, `the copilot bundle was loaded during startup by ${bundle.loadedBy}`);
    assert.equal(require.cache[bundle.file], undefined, `${bundle.file} is in require.cache`);
    assert.deepEqual(loadedPackages(heavyPackages), [], 'heavy packages in require.cache after activation');
    assert.deepEqual(mappedOnnxLibraries() ?? [], [], 'onnxruntime libraries mapped after activation');
    // The copilot's commands exist from the start, as placeholders that load the bundle.
    for (const id of [chatIds.rebuildIndexCommand, chatIds.searchRunbooksCommand, chatIds.setApiKeyCommand]) {
      assert.ok(bundle.placeholders.includes(id), `${id} waits for the copilot bundle`);
    }
    assert.deepEqual(bundle.viewPlaceholders, [taskIds.view], 'the Tasks view waits for the copilot bundle');
    const commands = await vscode.commands.getCommands(true);
    const contributed = (vscode.extensions.getExtension(extensionId)!.packageJSON as { contributes: { commands: { command: string }[] } }).contributes.commands;
    assert.deepEqual(contributed.map((c) => c.command).filter((id) => !commands.includes(id)), [], 'contributed commands not registered');
    // Other extensions enumerate every vendor's models silently; that alone must not load the copilot.
    const models = await vscode.lm.selectChatModels({ vendor: chatIds.modelVendor });
    assert.equal(api.copilot.bundle().loaded, false, `a silent lookup of our ${models.length} model(s) loaded the copilot bundle`);
    const dist = path.dirname(bundle.file);
    // Figures for the closing note, not assertions: timing depends on the machine and its load.
    console.log(
      `[figure] activation: module evaluation ${api.bundleEvaluationMs?.toFixed(1) ?? 'n/a'} ms + activate() ${api.activationMs.toFixed(1)} ms ` +
        `(CPU ${api.cpuMs.bundleEvaluation?.toFixed(1) ?? 'n/a'} + ${api.cpuMs.activation.toFixed(1)} ms); ` +
        `dist/extension.js ${kib(path.join(dist, 'extension.js'))}, dist/copilot.js ${kib(bundle.file)}`,
    );
  });

  it('loads the copilot bundle on its first command, and the builtin embedder leaves the embedding runtime unloaded', async () => {
    const api = await activeApi();
    await config().update('embeddings.provider', 'builtin', vscode.ConfigurationTarget.Workspace);
    await waitFor('the builtin embedder setting', () => api.services.settings.settings['embeddings.provider'] === 'builtin');
    const summary = await vscode.commands.executeCommand<string>(chatIds.rebuildIndexCommand);
    assert.match(summary ?? '', /\d+ runbooks, \d+ chunks \(builtin/);
    const bundle = api.copilot.bundle();
    assert.equal(bundle.loaded, true);
    assert.equal(bundle.loadedBy, `command:${chatIds.rebuildIndexCommand}`);
    assert.ok(require.cache[bundle.file], `${bundle.file} is in require.cache`);
    assert.deepEqual(bundle.placeholders, [], 'the real commands replaced the placeholders');
    assert.deepEqual(bundle.viewPlaceholders, [], 'the real Tasks view replaced its placeholder');
    assert.deepEqual(loadedPackages(embeddingRuntime), [], 'onnxruntime loaded for the builtin embedder');
    console.log(`[figure] copilot bundle: loaded in ${bundle.loadMs?.toFixed(1)} ms on first use`);
  });

  it('loads transformers.js and onnxruntime when the transformers embedder is first used', async function () {
    this.timeout(120_000);
    const api = await activeApi();
    const extension = vscode.extensions.getExtension(extensionId)!;
    const model = path.resolve(extension.extensionPath, '..', 'shared', 'models', 'tiny-random-bert-onnx');
    assert.ok(fs.existsSync(path.join(model, 'config.json')), `the offline test model at ${model} (see ../shared/README.md)`);
    await config().update('embeddings.modelPath', model, vscode.ConfigurationTarget.Workspace);
    await config().update('embeddings.provider', 'transformers', vscode.ConfigurationTarget.Workspace);
    await waitFor('the transformers embedder setting', () => api.services.settings.settings['embeddings.provider'] === 'transformers');
    assert.deepEqual(loadedPackages(embeddingRuntime), [], 'onnxruntime loaded before the transformers embedder ran');
    const summary = await vscode.commands.executeCommand<string>(chatIds.rebuildIndexCommand);
    assert.match(summary ?? '', /\(transformers:file:/, 'the index was built with the transformers embedder');
    assert.deepEqual(loadedPackages(embeddingRuntime), embeddingRuntime, 'onnxruntime in require.cache after the first embedding');
    const mapped = mappedOnnxLibraries();
    if (mapped) assert.ok(mapped.some((file) => /libonnxruntime/.test(file)), `libonnxruntime mapped: ${mapped.join(', ')}`);
  });
});
