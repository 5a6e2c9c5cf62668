/**
 * The copilot's editor side: builds core's RunbookLibrary and Copilot from settings, SecretStorage and the editor's
 * models, lazily on first use (never in activate()). Workspace runbook folders are watched; an edit marks the library
 * stale and the next search re-indexes only what changed. In an untrusted workspace nothing is sent anywhere.
 */
import { existsSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Copilot } from '../../core/copilot/copilot';
import { endpointProvider, ModelProvider, probeEndpoint } from '../../core/copilot/modelProvider';
import { isLoopbackUrl, shouldRedact } from '../../core/copilot/redactingChatModel';
import { retrievalFromLibrary } from '../../core/copilot/runbookRetrieval';
import type { Logger } from '../../core/logger';
import { OpenAiCompatibleChatModel } from '../../core/llm/openAiCompatibleChatModel';
import { BuiltinEmbedder } from '../../core/runbooks/builtinEmbedder';
import { OpenAiEmbedder } from '../../core/runbooks/openAiEmbedder';
import type { Embedder } from '../../core/runbooks/embedder';
import { RunbookLibrary } from '../../core/runbooks/runbookLibrary';
import type { RunbookSource } from '../../core/runbooks/loadRunbooks';
import { TransformersEmbedder } from '../../core/runbooks/transformersEmbedder';
import { VectraChunkIndex } from '../../core/runbooks/vectraChunkIndex';
import { checkCommand } from '../../core/safety/commandSafety';
import { redact } from '../../core/safety/redactor';
import type { Settings } from '../../core/settings';
import { chatIds } from '../contributionIds';
import type { SettingsReader } from '../settingsReader';
import { FeedbackHost } from './feedbackHost';
import { editorModelProvider } from './vscodeChatModel';

/** SecretStorage key of the endpoint's API key (never in settings or logs). */
export const apiKeySecret = 'opsCopilot.llm.apiKey';
/** Our own language-model vendor (the endpoint offered in the editor's model picker); see endpointLanguageModels.ts. */
export const endpointVendor = chatIds.modelVendor;

export class CopilotHost implements vscode.Disposable {
  private library?: RunbookLibrary;
  private libraryKey = '';
  private readonly disposables: vscode.Disposable[] = [];
  private builtinNoticeShown = false;

  readonly feedback: FeedbackHost;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly settings: SettingsReader,
    private readonly log: Logger,
  ) {
    this.feedback = new FeedbackHost(context, log);
    this.disposables.push(
      settings.onDidChange(({ changedKeys }) => {
        if ([...changedKeys].some((k) => k.startsWith('runbooks.') || k.startsWith('embeddings.'))) this.libraryKey = '';
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.library?.setSources(this.runbookSources())),
      vscode.workspace.onDidSaveTextDocument((doc) => this.onRunbookFileEvent(doc.uri)),
    );
    // Only the runbook folders are watched (not every markdown file of the workspace).
    const dirs = settings.settings['runbooks.paths'].map((p) => p.replace(/^\.\//, '').replace(/\/+$/, '')).filter(Boolean);
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (dirs.length === 0) break;
      const glob = dirs.length === 1 ? `${dirs[0]}/**/*.md` : `{${dirs.join(',')}}/**/*.md`;
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, glob));
      this.disposables.push(
        watcher,
        watcher.onDidCreate((uri) => this.onRunbookFileEvent(uri)),
        watcher.onDidChange((uri) => this.onRunbookFileEvent(uri)),
        watcher.onDidDelete((uri) => this.onRunbookFileEvent(uri)),
      );
    }
  }

  /** The runbook library, built on first use and rebuilt when its settings change. */
  runbooks(): RunbookLibrary {
    const s = this.settings.settings;
    const key = JSON.stringify([
      s['runbooks.paths'], s['embeddings.provider'], s['embeddings.model'], s['embeddings.modelPath'], vscode.workspace.isTrusted,
      ...(s['embeddings.provider'] === 'openai-compatible' ? [s['llm.baseUrl'], s['llm.redact']] : []),
    ]);
    if (!this.library || key !== this.libraryKey) {
      this.libraryKey = key;
      const embedder = this.createEmbedder(s);
      const indexDir = path.join((this.context.storageUri ?? this.context.globalStorageUri).fsPath, 'runbook-index', safeName(embedder.id));
      this.library = new RunbookLibrary({
        sources: this.runbookSources(),
        log: this.log,
        embedder,
        vectorIndex: new VectraChunkIndex(indexDir, this.log),
      });
      this.log.info(`[runbooks] library with ${embedder.id}, index at ${indexDir}`);
    }
    return this.library;
  }

  /** Rebuilds the index now, with progress; returns a one-line summary. */
  async rebuildIndex(progress?: (message: string) => void, signal?: AbortSignal): Promise<string> {
    let library = this.runbooks();
    library.invalidate();
    let result = await library.refresh({ signal, onProgress: (done, total) => progress?.(`embedded ${done}/${total} chunks`) });
    if (!result.vectors && !library.embedderId?.startsWith('builtin')) {
      this.fallBackToBuiltin();
      library = this.runbooks();
      result = await library.refresh({ signal });
    }
    return `${result.runbooks} runbooks, ${result.chunks} chunks (${library.embedderId}${result.vectors ? '' : ', lexical only'})`;
  }

  /** The copilot for one request. `requestModel` is the model the user picked in the chat view, if any. */
  async copilot(requestModel?: vscode.LanguageModelChat): Promise<Copilot> {
    const s = this.settings.settings;
    const trusted = vscode.workspace.isTrusted;
    const endpoint = trusted ? await this.endpoint(s) : undefined;
    // A model picked from our own vendor is the endpoint itself: no need to go through the editor for it.
    const editorModel =
      requestModel && requestModel.vendor !== endpointVendor
        ? editorModelProvider(requestModel)
        : editorModelProvider(undefined, {}, endpointVendor);
    return new Copilot({
      mode: trusted ? s['llm.provider'] : 'none',
      endpoint,
      editorModel: trusted ? editorModel : undefined,
      retrieval: retrievalFromLibrary(this.runbooks()),
      checkCommand,
      redact: (text) => redact(text).text,
      redactPolicy: s['llm.redact'],
      contextTokens: s['llm.contextTokens'],
      examples: (text) => this.feedback.examples(text),
      adjustments: () => this.feedback.adjustments(),
      logger: this.log,
    });
  }

  /** The configured OpenAI-compatible endpoint as a chat model (also used by the model-picker provider). */
  async endpointModel(s: Settings = this.settings.settings): Promise<OpenAiCompatibleChatModel> {
    const apiKey = await this.context.secrets.get(apiKeySecret);
    let caPem: string | undefined;
    if (s['llm.caFile']) {
      try {
        caPem = await fs.readFile(s['llm.caFile'], 'utf8');
      } catch (error) {
        this.log.warn(`[llm] cannot read opsCopilot.llm.caFile '${s['llm.caFile']}': ${(error as Error).message}`);
      }
    }
    return new OpenAiCompatibleChatModel({
      baseUrl: s['llm.baseUrl'],
      model: s['llm.model'],
      apiKey,
      timeoutMs: s['llm.timeoutSeconds'] * 1000,
      maxRetries: s['llm.maxRetries'],
      caPem,
      logger: this.log,
    });
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private async endpoint(s: Settings): Promise<ModelProvider | undefined> {
    let model: OpenAiCompatibleChatModel;
    try {
      model = await this.endpointModel(s);
    } catch (error) {
      this.log.warn(`[llm] endpoint not usable: ${(error as Error).message}`);
      return undefined;
    }
    const apiKey = await this.context.secrets.get(apiKeySecret);
    return endpointProvider(model, (signal) => probeEndpoint({ baseUrl: s['llm.baseUrl'], apiKey }, signal), isLoopbackUrl(s['llm.baseUrl']));
  }

  private createEmbedder(s: Settings): Embedder {
    const provider = s['embeddings.provider'];
    if (provider === 'builtin') return new BuiltinEmbedder();
    if (provider === 'openai-compatible') {
      // Nothing leaves an untrusted workspace. The endpoint is the copilot's (opsCopilot.llm.baseUrl, key from
      // SecretStorage, asked per request); texts are redacted under the same policy as chat. If it fails, rebuildIndex
      // falls back to the builtin embedder.
      if (!vscode.workspace.isTrusted) return new BuiltinEmbedder();
      const baseUrl = s['llm.baseUrl'];
      return new OpenAiEmbedder({
        baseUrl,
        model: s['embeddings.model'],
        apiKey: async () => (await this.context.secrets.get(apiKeySecret)) || 'not-needed',
        timeoutMs: s['llm.timeoutSeconds'] * 1000,
        maxRetries: s['llm.maxRetries'],
        prepare: shouldRedact(s['llm.redact'], isLoopbackUrl(baseUrl)) ? (text) => redact(text).text : undefined,
      });
    }
    const modelPath = s['embeddings.modelPath'];
    if (provider === 'auto' && !modelPath && !this.modelCached(s['embeddings.model'])) {
      // Offline default: no model yet. The one-time notice says how to get the real one.
      this.noticeBuiltin();
      return new BuiltinEmbedder();
    }
    return new TransformersEmbedder({
      model: s['embeddings.model'],
      localModelPath: modelPath || undefined,
      cacheDir: path.join(this.context.globalStorageUri.fsPath, 'models'),
      allowRemote: !modelPath && vscode.workspace.isTrusted,
    });
  }

  private modelCached(model: string): boolean {
    const dir = path.join(this.context.globalStorageUri.fsPath, 'models', ...model.split('/'));
    return existsSync(path.join(dir, 'config.json'));
  }

  private fallBackToBuiltin(): void {
    this.log.warn('[runbooks] the embedding model could not be loaded; using the built-in offline embedder');
    this.noticeBuiltin();
    this.library = new RunbookLibrary({ sources: this.runbookSources(), log: this.log, embedder: new BuiltinEmbedder() });
  }

  private noticeBuiltin(): void {
    if (this.builtinNoticeShown || this.context.globalState.get('opsCopilot.builtinEmbedderNoticeShown')) return;
    this.builtinNoticeShown = true;
    void this.context.globalState.update('opsCopilot.builtinEmbedderNoticeShown', true);
    void vscode.window
      .showInformationMessage(
        'Ops Copilot searches runbooks with its built-in offline embedder. For better answers, set opsCopilot.embeddings.provider to "transformers" (downloads all-MiniLM-L6-v2 once) or point opsCopilot.embeddings.modelPath at a local model folder.',
        'Open Settings',
      )
      .then((choice) => {
        if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', 'opsCopilot.embeddings');
      });
  }

  private runbookSources(): RunbookSource[] {
    const sources: RunbookSource[] = [{ dir: path.join(this.context.extensionPath, 'runbooks'), origin: 'shipped' }];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      for (const rel of this.settings.settings['runbooks.paths']) {
        const dir = path.resolve(folder.uri.fsPath, rel);
        // The extension's own runbooks folder may be the workspace (development): don't load it twice.
        if (dir !== sources[0].dir) sources.push({ dir, origin: 'workspace' });
      }
    }
    return sources;
  }

  private onRunbookFileEvent(uri: vscode.Uri): void {
    if (!this.library || uri.scheme !== 'file' || !uri.fsPath.endsWith('.md')) return;
    const file = uri.fsPath;
    if (this.runbookSources().some((s) => file.startsWith(s.dir + path.sep))) {
      this.log.debug(`[runbooks] ${path.basename(file)} changed; re-indexing on next use`);
      this.library.invalidate();
    }
  }
}

function safeName(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80);
}
