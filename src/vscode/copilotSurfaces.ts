/**
 * The copilot's surfaces as the editor sees them at activation: the @ops participant, the agent tools, the endpoint in
 * the model picker, the panel's serializer and the Runbooks view. Each is registered here cheaply and forwards to
 * the copilot bundle, which loads on the first command, request, tool call, model listing, panel restore or view
 * expansion (lazyCopilot.ts). Only types may be imported from the copilot side: a value import would pull it into
 * this bundle.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { endpointModelInfo, isEndpointOffered } from './chat/endpointModelInfo';
import type { ChatTranscript } from './chat/opsParticipant';
import { chatIds, taskIds, toolNames, viewIds } from './contributionIds';
import type { CopilotRuntime } from './copilot/registerCopilot';
import { LazyCopilot, type LazyBundleStatus } from './lazyCopilot';
import type { OpsServices } from './opsServices';
import type { OpsPanelController } from './panel/opsPanel';
import { RunbooksTreeProvider } from './views/runbooksTree';

export interface CopilotFeatures {
  panel: OpsPanelController;
  /** The last @ops answers, newest last (bounded): what integration tests and "Open in panel" read. */
  chatTranscripts: ChatTranscript[];
  runbooksTree: RunbooksTreeProvider;
  /** Whether, when and by what the copilot bundle was loaded. */
  bundle(): LazyBundleStatus;
  /** The copilot, loading its bundle on first use. */
  runtime(trigger: string): CopilotRuntime;
}

const keptTranscripts = 20;
/** opsPanelViewType (panel/opsPanel.ts, package.json's onWebviewPanel event), not imported: that would bundle the panel here. */
const panelViewType = 'opsCopilot.panel';

/** The copilot bundle sits next to this one in dist/ (esbuild.config.mjs builds both). */
export const copilotBundleFile = path.join(__dirname, 'copilot.js');

export function registerCopilotSurfaces(context: vscode.ExtensionContext, services: OpsServices): { features: CopilotFeatures; lazy: LazyCopilot } {
  const { settings, log } = services;
  const chatTranscripts: ChatTranscript[] = [];
  const lazy = new LazyCopilot(
    copilotBundleFile,
    {
      context,
      services,
      onDidAnswer: (transcript) => {
        chatTranscripts.push(transcript);
        if (chatTranscripts.length > keptTranscripts) chatTranscripts.shift();
      },
    },
    log,
  );
  context.subscriptions.push(lazy);

  // Restoring a panel after a reload is its first use; the copilot bundle owns the panel and "Ops: Open Panel".
  context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(panelViewType, {
      deserializeWebviewPanel: async (webviewPanel) => lazy.load('panel').panel.revive(webviewPanel),
    }),
  );
  const panel: OpsPanelController = {
    status: () => (lazy.loaded ? lazy.load('panel').panel.status() : { open: false, ready: false, delivered: {} }),
    show: (focus) => lazy.load('panel').panel.show(focus),
    showReport: (report) => lazy.load('panel').panel.showReport(report),
    refresh: (topic) => {
      if (lazy.loaded) lazy.load('panel').panel.refresh(topic);
    },
    // The copilot bundle disposes the panel it owns.
    dispose: () => undefined,
  };

  // The Tasks view is created by the copilot bundle (tasks/registerTasks.ts); shown first, it loads the bundle.
  lazy.registerViewPlaceholders([taskIds.view]);

  const runbooksTree = new RunbooksTreeProvider({ runbooks: () => lazy.load(`view:${viewIds.runbooks}`).runbooks() });
  context.subscriptions.push(runbooksTree, vscode.window.createTreeView(viewIds.runbooks, { treeDataProvider: runbooksTree, showCollapseAll: true }));

  if (typeof (vscode.chat as Partial<typeof vscode.chat> | undefined)?.createChatParticipant === 'function') {
    const chat = (): CopilotRuntime['chat'] => lazy.load('chat').chat;
    const participant = vscode.chat.createChatParticipant(chatIds.participant, async (request, chatContext, stream, token) => {
      let handlers: CopilotRuntime['chat'];
      try {
        handlers = chat();
      } catch (error) {
        stream.markdown(`Ops Copilot could not load its copilot: ${(error as Error).message}. See the Ops Copilot log.`);
        return { errorDetails: { message: (error as Error).message } };
      }
      return handlers.handle(request, chatContext, stream, token);
    });
    participant.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'panelIcon.svg');
    // Follow-ups and feedback only ever concern an answer, so the bundle is loaded by then.
    participant.followupProvider = { provideFollowups: (result) => chat().provideFollowups(result) };
    context.subscriptions.push(participant, participant.onDidReceiveFeedback((feedback) => chat().onFeedback(feedback)));
  } else {
    log.info('[chat] this editor has no chat participant API; @ops is not available');
  }

  if (typeof (vscode.lm as Partial<typeof vscode.lm>).registerTool === 'function') {
    for (const name of Object.values(toolNames)) {
      context.subscriptions.push(
        vscode.lm.registerTool(name, {
          invoke: (options, token) => {
            const tool = lazy.load(`tool:${name}`).tools[name];
            if (!tool) throw new Error(`the copilot has no tool ${name}`);
            return tool.invoke(options, token);
          },
        }),
      );
    }
  }

  if (typeof vscode.lm.registerLanguageModelChatProvider === 'function') {
    const models = (): CopilotRuntime['models'] => lazy.load('models').models;
    const changed = new vscode.EventEmitter<void>();
    context.subscriptions.push(
      changed,
      vscode.lm.registerLanguageModelChatProvider(chatIds.modelVendor, {
        onDidChangeLanguageModelChatInformation: changed.event,
        provideLanguageModelChatInformation: (options, token) => {
          // A silent lookup (another extension enumerating every vendor's models) is no reason to load the copilot:
          // the configured model answers it, and the endpoint's full list follows once the bundle is loaded.
          if (options.silent && !lazy.loaded) {
            const s = settings.settings;
            return isEndpointOffered(vscode.workspace.isTrusted, s) ? [endpointModelInfo(s['llm.model'], s)] : [];
          }
          return models().provideLanguageModelChatInformation(options, token);
        },
        provideLanguageModelChatResponse: (model, messages, options, progress, token) =>
          models().provideLanguageModelChatResponse(model, messages, options, progress, token),
        provideTokenCount: (model, text, token) => models().provideTokenCount(model, text, token),
      }),
      settings.onDidChange(({ changedKeys }) => {
        if ([...changedKeys].some((key) => key.startsWith('llm.'))) changed.fire();
      }),
      lazy.onDidLoad(() => changed.fire()),
    );
  } else {
    log.info('[lm] this editor has no language model provider API; the endpoint is not offered in the model picker');
  }

  return {
    lazy,
    features: {
      panel,
      chatTranscripts,
      runbooksTree,
      bundle: () => lazy.status(),
      runtime: (trigger) => lazy.load(trigger),
    },
  };
}
