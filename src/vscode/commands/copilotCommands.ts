/**
 * The copilot's commands: Run Step (behind the safety confirmation), Set LLM API Key, Check LLM Connection, Preview
 * What Will Be Sent, Search Runbooks and Rebuild Runbook Index.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Copilot } from '../../core/copilot/copilot';
import { isLoopbackUrl } from '../../core/copilot/redactingChatModel';
import { retrievalFromLibrary } from '../../core/copilot/runbookRetrieval';
import type { ChatMessage, ChatModel } from '../../core/llm/chatModel';
import { LlmAbortError } from '../../core/llm/llmError';
import type { Logger } from '../../core/logger';
import { checkCommand } from '../../core/safety/commandSafety';
import { redact } from '../../core/safety/redactor';
import type { AnomalyStore } from '../anomalyStore';
import { chatIds } from '../contributionIds';
import { apiKeySecret, CopilotHost } from '../copilot/copilotHost';
import type { SettingsReader } from '../settingsReader';
import { confirmStepCommand, openStepTerminal, type RunStepArgs } from './stepConfirmation';

export type { RunStepArgs } from './stepConfirmation';

export interface CopilotCommandDeps {
  host: CopilotHost;
  settings: SettingsReader;
  store: AnomalyStore;
  log: Logger;
}

export type RunStepOutcome = 'ran' | 'declined' | 'blocked';

export function registerCopilotCommands(context: vscode.ExtensionContext, deps: CopilotCommandDeps): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(chatIds.runStepCommand, (args: RunStepArgs) => runStep(args, deps.log)),
    vscode.commands.registerCommand(chatIds.setApiKeyCommand, () => setApiKey(context)),
    vscode.commands.registerCommand(chatIds.checkConnectionCommand, () => checkConnection(deps)),
    vscode.commands.registerCommand(chatIds.previewPayloadCommand, (question?: string) => previewPayload(deps, question)),
    vscode.commands.registerCommand(chatIds.searchRunbooksCommand, (query?: string) => searchRunbooks(deps, query)),
    vscode.commands.registerCommand(chatIds.rebuildIndexCommand, () => rebuildIndex(deps)),
  );
}

/**
 * Runs a plan step's command in a terminal only after the user confirms; `dangerous` needs a modal with the checker's
 * reasons. In an untrusted workspace nothing runs.
 */
export async function runStep(args: RunStepArgs, log: Logger): Promise<RunStepOutcome> {
  const confirmation = await confirmStepCommand(args, log);
  if (confirmation.decision !== 'run') return confirmation.decision;
  const terminal = openStepTerminal(args);
  terminal.sendText(confirmation.command, true);
  log.info(`[runStep] ran a ${confirmation.risk} command after confirmation`);
  return 'ran';
}

async function setApiKey(context: vscode.ExtensionContext): Promise<void> {
  const key = await vscode.window.showInputBox({
    title: 'Ops Copilot: LLM API key',
    prompt: 'Stored in the editor’s secret storage, never in settings or logs. Leave empty to remove it.',
    password: true,
    ignoreFocusOut: true,
  });
  if (key === undefined) return;
  if (key.trim()) {
    await context.secrets.store(apiKeySecret, key.trim());
    void vscode.window.showInformationMessage('Ops Copilot: API key saved in secret storage.');
  } else {
    await context.secrets.delete(apiKeySecret);
    void vscode.window.showInformationMessage('Ops Copilot: API key removed.');
  }
}

async function checkConnection(deps: CopilotCommandDeps): Promise<void> {
  const s = deps.settings.settings;
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Ops Copilot: checking ${s['llm.baseUrl']}`, cancellable: true },
    async (_progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      const model = await deps.host.endpointModel();
      const report = await model.checkConnection(controller.signal);
      deps.log.info(`[llm] connection check: ${JSON.stringify({ ...report, sample: undefined })}`);
      const lines = [
        report.ok ? `✓ ${report.endpoint} answered in ${report.latencyMs} ms` : `✗ ${report.endpoint} is not usable`,
        report.models ? `models: ${report.models.slice(0, 8).join(', ')}${report.models.length > 8 ? '…' : ''}` : 'models: not listed',
        `JSON mode: ${report.jsonMode ?? 'unknown'}`,
        ...report.problems,
      ];
      const show = report.ok ? vscode.window.showInformationMessage : vscode.window.showErrorMessage;
      void show(`Ops Copilot: ${lines.join(' · ')}`);
    },
  );
}

/**
 * Shows exactly what a question would send: the copilot runs with a recording model in place of the endpoint, under
 * the same redaction policy, and stops before anything leaves the machine.
 */
async function previewPayload(deps: CopilotCommandDeps, question?: string): Promise<string | undefined> {
  const q =
    question ??
    (await vscode.window.showInputBox({ title: 'Ops Copilot: preview what will be sent', prompt: 'A question, as you would ask @ops', value: 'What is wrong in my logs?' }));
  if (!q) return undefined;
  const s = deps.settings.settings;
  let captured: readonly ChatMessage[] = [];
  const recorder: ChatModel = {
    id: 'preview',
    describe: () => 'preview',
    async *chat(messages) {
      captured = messages;
      throw new LlmAbortError('preview only');
    },
    async complete(messages) {
      captured = messages;
      throw new LlmAbortError('preview only');
    },
  };
  const copilot = new Copilot({
    mode: 'openai-compatible',
    endpoint: { kind: 'openai-compatible', isLocal: isLoopbackUrl(s['llm.baseUrl']), resolve: async () => recorder },
    retrieval: retrievalFromLibrary(deps.host.runbooks()),
    checkCommand,
    redact: (text) => redact(text).text,
    redactPolicy: s['llm.redact'],
    contextTokens: s['llm.contextTokens'],
    logger: deps.log,
  });
  const editor = vscode.window.activeTextEditor;
  const selection = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection).split('\n').slice(0, 200) : undefined;
  const anomalies = selection ? undefined : deps.store.all().slice(0, 1);
  try {
    await copilot.ask(q, { logLines: selection, anomalies });
  } catch (error) {
    if (!(error instanceof LlmAbortError)) throw error;
  }
  const body = captured.map((m) => `## ${m.role}\n\n\`\`\`text\n${m.content.replace(/```/g, '`\u200b``')}\n\`\`\``).join('\n\n');
  const header = `# What Ops Copilot would send to ${s['llm.baseUrl']} (${s['llm.model']})\n\nRedaction: ${s['llm.redact']} (${
    s['llm.redact'] === 'never' || (s['llm.redact'] === 'remote' && isLoopbackUrl(s['llm.baseUrl'])) ? 'not applied to this endpoint' : 'applied'
  }). Nothing was sent.\n\n`;
  const content = header + body;
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content });
  await vscode.window.showTextDocument(document, { preview: true });
  return content;
}

async function searchRunbooks(deps: CopilotCommandDeps, initial?: string): Promise<void> {
  const library = deps.host.runbooks();
  const pick = vscode.window.createQuickPick<vscode.QuickPickItem & { file?: string; line?: number }>();
  pick.title = 'Ops Copilot: search runbooks';
  pick.placeholder = 'An error message, a symptom or a question';
  pick.matchOnDescription = true;
  pick.matchOnDetail = true;
  let generation = 0;
  const update = async (query: string): Promise<void> => {
    const mine = ++generation;
    if (!query.trim()) {
      pick.items = library.list().map((r) => ({ label: r.title, description: r.category ?? '', detail: r.id, file: r.file, line: 1 }));
      return;
    }
    pick.busy = true;
    try {
      const hits = await library.search(query, { k: 10 });
      if (mine !== generation) return;
      pick.items = hits.map((h) => ({
        label: h.title,
        description: `${h.heading} · ${path.basename(h.file)}:${h.line}`,
        detail: h.snippet,
        file: h.file,
        line: h.line,
        alwaysShow: true,
      }));
    } catch (error) {
      deps.log.warn(`[runbooks] search failed: ${(error as Error).message}`);
    } finally {
      if (mine === generation) pick.busy = false;
    }
  };
  pick.onDidChangeValue((value) => void update(value));
  pick.onDidAccept(async () => {
    const item = pick.selectedItems[0];
    pick.hide();
    if (!item?.file) return;
    const line = Math.max(0, (item.line ?? 1) - 1);
    await vscode.window.showTextDocument(vscode.Uri.file(item.file), { selection: new vscode.Range(line, 0, line, 0) });
  });
  pick.onDidHide(() => pick.dispose());
  pick.value = initial ?? '';
  pick.show();
  await update(pick.value);
}

async function rebuildIndex(deps: CopilotCommandDeps): Promise<string> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Ops Copilot: indexing runbooks', cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      const summary = await deps.host.rebuildIndex((message) => progress.report({ message }), controller.signal);
      deps.log.info(`[runbooks] index rebuilt: ${summary}`);
      void vscode.window.showInformationMessage(`Ops Copilot: runbook index ready — ${summary}.`);
      return summary;
    },
  );
}
