/**
 * The entry of the copilot bundle (dist/copilot.js): the runbook library with its embedders and vector index, the
 * OpenAI-compatible client, @ops, the agent tools, the panel's backend and feedback. Activation (dist/extension.js)
 * registers every surface cheaply and requires this bundle on first use (lazyCopilot.ts); nothing here runs at startup.
 *
 * Each bundle carries its own copy of the modules both import, so only plain data, interfaces and vscode objects
 * cross between them (never a class to `instanceof`, never a module-level singleton): the types below are the contract.
 *
 * To add a feature here: commands contributed in package.json may be registered with vscode.commands.registerCommand
 * (activation holds a placeholder for each until this bundle loads, and disposes them just before this runs); a view,
 * participant or tool must exist at activation, so its forwarding goes in copilotSurfaces.ts and its implementation
 * in CopilotRuntime.
 */
import * as vscode from 'vscode';
import type { RunbookLibrary } from '../../core/runbooks/runbookLibrary';
import { createEndpointModelProvider, type EndpointModelProvider } from '../chat/endpointLanguageModels';
import { createOpsChatHandlers, type ChatTranscript, type OpsChatHandlers } from '../chat/opsParticipant';
import { createOpsTools } from '../chat/opsTools';
import { registerCopilotCommands } from '../commands/copilotCommands';
import { chatIds } from '../contributionIds';
import type { OpsServices } from '../opsServices';
import { createOpsPanelHost, type OpsPanelHost } from '../panel/opsPanel';
import type { PanelBackend } from '../panel/panelBackend';
import { CopilotHost } from './copilotHost';
import { OpsPanelBackend } from './opsPanelBackend';
import { registerTaskFeatures, type TaskFeatures } from '../tasks/registerTasks';

/** What activation hands over when the bundle loads. */
export interface CopilotStartOptions {
  context: vscode.ExtensionContext;
  services: OpsServices;
  /** Records each @ops answer on the activation side (integration tests and "Open in panel" read it). */
  onDidAnswer(transcript: ChatTranscript): void;
}

/** What the surfaces registered at activation forward to. */
export interface CopilotRuntime {
  chat: OpsChatHandlers;
  /** By tool name (contributionIds.toolNames). */
  tools: Readonly<Record<string, vscode.LanguageModelTool<unknown>>>;
  models: EndpointModelProvider;
  /** The panel (activation's serializer hands restored panels to it) and its backend. */
  panel: OpsPanelHost;
  panelBackend: PanelBackend;
  runbooks(): RunbookLibrary;
  /** Incident tasks (the Tasks view, commands, live checks). */
  tasks: TaskFeatures;
}

export function registerCopilotFeatures({ context, services, onDidAnswer }: CopilotStartOptions): CopilotRuntime {
  const { settings, store, log } = services;
  const host = new CopilotHost(context, settings, log);
  context.subscriptions.push(host);
  // Corrections should shape the first classification: the feedback store starts opening now, in the background.
  host.feedback.warmUp();
  const tasks = registerTaskFeatures(context, { services, copilot: () => host.copilot() });
  const panelBackend = new OpsPanelBackend({ host, store, settings, watcher: () => services.watcher(), log, tasks });
  const panel = createOpsPanelHost(context, panelBackend, log);
  context.subscriptions.push(panel, vscode.commands.registerCommand(chatIds.openPanelCommand, (argument?: unknown) => panel.open(argument)));
  context.subscriptions.push(vscode.commands.registerCommand(chatIds.exportFeedbackCommand, () => host.feedback.exportFineTuning()));
  context.subscriptions.push(vscode.commands.registerCommand(chatIds.correctClassificationCommand, (argument: unknown) => host.feedback.correctFromChat(argument)));
  registerCopilotCommands(context, { host, settings, store, log });
  const chat = createOpsChatHandlers({
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
  });
  return {
    chat,
    tools: createOpsTools({ host, store, log }),
    models: createEndpointModelProvider(host, settings, log),
    panel,
    panelBackend,
    runbooks: () => host.runbooks(),
    tasks,
  };
}
