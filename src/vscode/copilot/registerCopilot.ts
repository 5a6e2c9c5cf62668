/**
 * Registers the copilot's surfaces on top of the watching services: the @ops participant, the endpoint in the model
 * picker, the panel and the copilot commands. Everything heavy (runbook index, embedder, endpoint) loads on first use.
 */
import * as vscode from 'vscode';
import type { OpsServices } from '../opsServices';
import { ChatTranscript, registerOpsParticipant } from '../chat/opsParticipant';
import { registerEndpointLanguageModels } from '../chat/endpointLanguageModels';
import { registerOpsTools } from '../chat/opsTools';
import { registerCopilotCommands } from '../commands/copilotCommands';
import { registerOpsPanel, OpsPanelController } from '../panel/opsPanel';
import { chatIds, viewIds } from '../contributionIds';
import { RunbooksTreeProvider } from '../views/runbooksTree';
import { CopilotHost } from './copilotHost';
import { OpsPanelBackend } from './opsPanelBackend';

export interface CopilotFeatures {
  host: CopilotHost;
  panel: OpsPanelController;
  /** The last @ops answers, newest last (bounded): what integration tests and "Open in panel" read. */
  chatTranscripts: ChatTranscript[];
  runbooksTree: RunbooksTreeProvider;
}

const keptTranscripts = 20;

export function registerCopilotFeatures(context: vscode.ExtensionContext, services: OpsServices): CopilotFeatures {
  const { settings, store, log } = services;
  const host = new CopilotHost(context, settings, log);
  context.subscriptions.push(host);
  const backend = new OpsPanelBackend({ host, store, settings, watcher: () => services.watcher(), log });
  context.subscriptions.push(vscode.commands.registerCommand(chatIds.exportFeedbackCommand, () => host.feedback.exportFineTuning()));
  // After activation: corrections should shape the first classification, but never delay startup.
  setTimeout(() => host.feedback.warmUp(), 2000);
  const panel = registerOpsPanel(context, backend, log);
  context.subscriptions.push(panel);
  registerCopilotCommands(context, { host, settings, store, log });
  const runbooksTree = new RunbooksTreeProvider(host);
  context.subscriptions.push(runbooksTree, vscode.window.createTreeView(viewIds.runbooks, { treeDataProvider: runbooksTree, showCollapseAll: true }));
  const chatTranscripts: ChatTranscript[] = [];
  const onDidAnswer = (transcript: ChatTranscript): void => {
    chatTranscripts.push(transcript);
    if (chatTranscripts.length > keptTranscripts) chatTranscripts.shift();
  };
  if (typeof (vscode.chat as Partial<typeof vscode.chat> | undefined)?.createChatParticipant === 'function') {
    context.subscriptions.push(registerOpsParticipant(context, {
        host,
        store,
        settings,
        log,
        onDidAnswer,
        onFeedback: (feedback) => {
          if (!feedback.classification) return;
          void host.feedback.record({
            classification: feedback.classification,
            input: { text: feedback.inputText },
            verdict: feedback.kind === 'helpful' ? 'up' : 'down',
            target: feedback.command === 'remediate' ? 'plan' : 'classification',
          });
        },
      }));
  } else {
    log.info('[chat] this editor has no chat participant API; @ops is not available');
  }
  context.subscriptions.push(registerOpsTools({ host, store, log }));
  const models = registerEndpointLanguageModels(host, settings, log);
  if (models) context.subscriptions.push(models);
  return { host, panel, chatTranscripts, runbooksTree };
}
