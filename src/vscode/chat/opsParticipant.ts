/**
 * The `@ops` chat participant: slash commands → core Copilot → ChatResponseStream. Answers come from the configured
 * endpoint, the model picked in the chat view (`request.model`) or the offline path, and a footer says which.
 * Log text is untrusted: it reaches the model only inside the copilot's delimited data blocks, and proposed commands
 * only ever become "Run step" buttons that go through the safety confirmation.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Anomaly } from '../../core/detection/anomaly';
import type { LogDigest } from '../../core/analysis/analyzeLogs';
import type { Citation } from '../../core/copilot/copilot';
import type { Classification } from '../../core/incidents/incident';
import { LlmAbortError, LlmError } from '../../core/llm/llmError';
import type { Logger } from '../../core/logger';
import type { RemediationPlan } from '../../core/remediation/remediationPlan';
import type { AnomalyStore } from '../anomalyStore';
import type { CopilotHost } from '../copilot/copilotHost';
import { chatIds, commandIds, taskIds } from '../contributionIds';
import { analyzeDocumentOrFile } from '../commands/analyzeTarget';
import type { SettingsReader } from '../settingsReader';

export interface OpsParticipantDeps {
  host: CopilotHost;
  store: AnomalyStore;
  settings: SettingsReader;
  log: Logger;
  /** Called with what each request streamed (tests, and the panel's "Open in panel"). */
  onDidAnswer?: (transcript: ChatTranscript) => void;
  /** Called with each 👍/👎 the chat view reports (the feedback store records it). */
  onFeedback?: (feedback: { kind: 'helpful' | 'unhelpful'; command: string; classification?: Classification; inputText?: string }) => void;
}

/** What one @ops request streamed, in order: markdown text, the locations it cited and the buttons it offered. */
export interface ChatTranscript {
  command: string;
  prompt: string;
  model?: string;
  markdown: string;
  references: { file: string; line: number }[];
  buttons: string[];
  result?: vscode.ChatResult;
}

interface OpsChatResult extends vscode.ChatResult {
  metadata: {
    command: string;
    provider?: string;
    anomalyId?: string;
    runbookIds?: string[];
    category?: string;
    /** Kept for 👍/👎: what was classified and how (bounded). */
    classification?: Classification;
    inputText?: string;
  };
}

const anomalyRef = /\(anomaly ([\w:.-]+)\)/;
const riskBadge = { safe: '🟢 safe', caution: '🟠 caution', dangerous: '🔴 dangerous' } as const;

/**
 * What @ops does with a request, its follow-ups and its 👍/👎. The participant itself is created at activation
 * (copilotSurfaces.ts) and forwards to these once the copilot bundle is loaded.
 */
export interface OpsChatHandlers {
  handle(request: vscode.ChatRequest, chatContext: vscode.ChatContext, stream: vscode.ChatResponseStream, token: vscode.CancellationToken): Promise<vscode.ChatResult>;
  provideFollowups(result: vscode.ChatResult): vscode.ChatFollowup[];
  onFeedback(feedback: vscode.ChatResultFeedback): void;
}

export function createOpsChatHandlers(deps: OpsParticipantDeps): OpsChatHandlers {
  return {
    async handle(request, chatContext, stream, token) {
      const transcript: ChatTranscript = {
        command: request.command ?? 'ask',
        prompt: request.prompt,
        model: request.model ? `${request.model.vendor}/${request.model.id}` : undefined,
        markdown: '',
        references: [],
        buttons: [],
      };
      try {
        transcript.result = await handleRequest(deps, request, chatContext, recordingStream(stream, transcript), token);
        return transcript.result;
      } finally {
        deps.onDidAnswer?.(transcript);
      }
    },
    provideFollowups: (result) => followupsFor(result as OpsChatResult),
    onFeedback(feedback) {
      const kind = feedback.kind === vscode.ChatResultFeedbackKind.Helpful ? 'helpful' : 'unhelpful';
      const metadata = (feedback.result.metadata ?? { command: 'ask' }) as OpsChatResult['metadata'];
      deps.log.info(`[chat] feedback ${kind} on /${metadata.command}`);
      deps.onFeedback?.({ kind, command: metadata.command, classification: metadata.classification, inputText: metadata.inputText });
    },
  };
}

async function handleRequest(
  deps: OpsParticipantDeps,
  request: vscode.ChatRequest,
  chatContext: vscode.ChatContext,
  stream: vscode.ChatResponseStream,
  token: vscode.CancellationToken,
): Promise<OpsChatResult> {
  const controller = new AbortController();
  const cancel = token.onCancellationRequested(() => controller.abort());
  const command = request.command ?? 'ask';
  try {
    const copilot = await deps.host.copilot(request.model);
    const signal = controller.signal;
    switch (command) {
      case 'analyze': {
        const target = await resolveTarget(deps, request);
        if (!target) {
          stream.markdown('Open a log file, select some lines, attach a file with `#file`, or use the quick fix on an anomaly in the Problems panel, then ask `@ops /analyze` again.');
          return { metadata: { command } };
        }
        stream.progress(`Analyzing ${target.label}…`);
        const analysis = await copilot.analyze(target.digest, signal);
        stream.markdown(`### ${analysis.severity.toUpperCase()} · ${escapeMd(target.label)}\n\n${analysis.summary}\n\n`);
        if (analysis.anomalies.length > 0) {
          stream.markdown('**Anomalies**\n\n');
          for (const a of analysis.anomalies.slice(0, 8)) {
            stream.markdown(`- \`${a.type}\` ${escapeMd(a.title)} — `);
            stream.anchor(lineLocation(a.file, a.firstLine, a.lastLine), `${path.basename(a.file)}:${a.firstLine}`);
            stream.markdown(`\n  ${escapeMd(a.explanation)}\n`);
          }
        }
        if (analysis.patterns.length > 0) {
          stream.markdown('\n**Patterns**\n\n');
          for (const p of analysis.patterns.slice(0, 6)) stream.markdown(`- ${p.count}× \`${inlineCode(p.template)}\` — ${escapeMd(p.note)}\n`);
        }
        if (analysis.suggestedActions.length > 0) {
          stream.markdown('\n**Suggested actions**\n\n');
          analysis.suggestedActions.forEach((action, i) => stream.markdown(`${i + 1}. ${action}\n`));
        }
        for (const r of analysis.runbooks) stream.reference(lineLocation(r.file, r.line));
        const first = target.digest.anomalies[0];
        if (first) stream.button({ command: commandIds.revealEvidence, title: 'Show in Problems', arguments: [first.id] });
        stream.button({ command: chatIds.openPanelCommand, title: 'Open in panel', arguments: [{ anomalyId: first?.id }] });
        footer(stream, analysis.answeredBy, analysis.fallbackReason);
        return { metadata: { command, provider: analysis.source, anomalyId: first?.id, runbookIds: analysis.runbooks.map((r) => r.runbookId) } };
      }
      case 'classify': {
        const input = await incidentInput(deps, request);
        if (!input) return askForText(stream, command);
        stream.progress('Classifying…');
        const c = await copilot.classify(input, signal);
        stream.markdown(
          `**${c.category}** / ${escapeMd(c.subcategory)} · severity **${c.severity}** · **${c.priority}** · confidence ${Math.round(c.confidence * 100)}%\n\n${escapeMd(c.rationale)}\n`,
        );
        stream.button({ command: chatIds.correctClassificationCommand, title: 'Correct the category…', arguments: [{ classification: plainClassification(c), inputText: inputTextOf(input) }] });
        footer(stream, c.answeredBy, c.fallbackReason);
        return {
          metadata: { command, provider: c.source, category: c.category, anomalyId: input.anomalies?.[0]?.id, classification: plainClassification(c), inputText: inputTextOf(input) },
        };
      }
      case 'remediate': {
        const input = await incidentInput(deps, request);
        if (!input) return askForText(stream, command);
        stream.progress('Retrieving runbooks and planning…');
        const plan = await copilot.remediate({ text: input.text, logLines: input.logLines, anomaly: input.anomalies?.[0], anomalies: input.anomalies }, signal);
        renderPlan(stream, plan);
        // The plan itself travels with the button (chat history outlives this session); the command validates it.
        const { summary, steps, estimatedTime, risks, successCriteria, rollbackPlan, sources, source } = plan;
        stream.button({
          command: taskIds.startTaskCommand,
          title: 'Start as Task',
          arguments: [{ plan: { summary, steps, estimatedTime, risks, successCriteria, rollbackPlan, sources, source }, classification: plainClassification(plan.classification), anomalyIds: input.anomalies?.map((a) => a.id) }],
        });
        stream.button({ command: chatIds.correctClassificationCommand, title: 'Correct the category…', arguments: [{ classification: plainClassification(plan.classification), inputText: inputTextOf(input) }] });
        footer(stream, plan.answeredBy, plan.fallbackReason);
        return {
          metadata: {
            command,
            provider: plan.source,
            category: plan.classification.category,
            runbookIds: plan.sources.map((s) => s.runbookId),
            classification: plainClassification(plan.classification),
            inputText: inputTextOf(input),
          },
        };
      }
      case 'runbook': {
        const query = request.prompt.trim();
        if (!query) return askForText(stream, command);
        stream.progress('Searching runbooks…');
        const hits = await copilot.retrieve(query, signal, 5);
        if (hits.length === 0) stream.markdown('No runbook matches. Add your team’s runbooks under `runbooks/`, `docs/runbooks/` or `.ops/runbooks/`.');
        for (const hit of hits) {
          const c = hit.chunk;
          stream.markdown(`- **${escapeMd(c.title)}** › ${escapeMd(c.headingPath.join(' › '))} — `);
          stream.anchor(lineLocation(c.file, c.startLine, c.endLine), `${c.runbookId}.md:${c.startLine}`);
          stream.markdown(`\n  ${escapeMd(snippet(c.text))}\n`);
          stream.reference(lineLocation(c.file, c.startLine, c.endLine));
        }
        return { metadata: { command, runbookIds: hits.map((h) => h.chunk.runbookId) } };
      }
      case 'anomalies': {
        const anomalies = deps.store.all();
        if (anomalies.length === 0) {
          stream.markdown('No anomalies in the watched logs right now.');
          return { metadata: { command } };
        }
        stream.markdown(`**${anomalies.length} anomalies** in ${deps.store.files().length} file(s):\n\n`);
        for (const a of anomalies.slice(0, 25)) {
          stream.markdown(`- ${a.severity === 'error' ? '⛔' : a.severity === 'warning' ? '⚠️' : 'ℹ️'} \`${a.type}\` ${escapeMd(a.title)} — `);
          stream.anchor(lineLocation(a.file, a.firstLine, a.lastLine), `${path.basename(a.file)}:${a.firstLine}`);
          stream.markdown('\n');
        }
        return { metadata: { command, anomalyId: anomalies[0].id } };
      }
      case 'explain':
      default: {
        const question =
          command === 'explain'
            ? `Explain this log line or template: what it means, whether it indicates a problem, and what to check.\n${request.prompt}`
            : request.prompt;
        if (!question.trim()) return askForText(stream, command);
        const input = await incidentInput(deps, request, false);
        stream.progress('Thinking…');
        const result = await copilot.ask(
          question,
          { text: input?.text, logLines: input?.logLines, anomalies: input?.anomalies, history: historyOf(chatContext) },
          { signal, onChunk: (text) => stream.markdown(text) },
        );
        citeRunbooks(stream, result.citations);
        footer(stream, result.answeredBy, result.fallbackReason);
        return { metadata: { command, provider: result.provider, runbookIds: result.citations.filter((c) => c.cited).map((c) => c.runbookId) } };
      }
    }
  } catch (error) {
    if (error instanceof LlmAbortError || token.isCancellationRequested) return { metadata: { command } };
    deps.log.error(error instanceof Error ? error : new Error(String(error)));
    stream.markdown(politeError(error));
    return { metadata: { command }, errorDetails: { message: error instanceof Error ? error.message : String(error) } };
  } finally {
    cancel.dispose();
  }
}

/**
 * Forwards to the chat view and records what was streamed. A plain delegate, not a Proxy: the editor's stream object
 * has frozen, non-configurable methods that a Proxy may not replace.
 */
function recordingStream(stream: vscode.ChatResponseStream, transcript: ChatTranscript): vscode.ChatResponseStream {
  const record = (location: vscode.Uri | vscode.Location): void => {
    if (location instanceof vscode.Location) transcript.references.push({ file: location.uri.fsPath, line: location.range.start.line + 1 });
    else transcript.references.push({ file: location.fsPath, line: 1 });
  };
  return {
    markdown(value) {
      transcript.markdown += typeof value === 'string' ? value : value.value;
      stream.markdown(value);
    },
    anchor(value, title) {
      record(value);
      stream.anchor(value, title);
    },
    button(command) {
      transcript.buttons.push(command.title);
      stream.button(command);
    },
    filetree(value, baseUri) {
      stream.filetree(value, baseUri);
    },
    progress(value) {
      stream.progress(value);
    },
    reference(value, iconPath) {
      if (value instanceof vscode.Uri || value instanceof vscode.Location) record(value);
      stream.reference(value, iconPath);
    },
    push(part) {
      stream.push(part);
    },
  };
}

interface Target {
  label: string;
  digest: LogDigest;
}

/** The anomaly a quick fix passed, else attached #files, else the editor's selection or file. */
async function resolveTarget(deps: OpsParticipantDeps, request: vscode.ChatRequest): Promise<Target | undefined> {
  const anomaly = anomalyFromPrompt(deps, request.prompt);
  if (anomaly) {
    return { label: `${anomaly.title} (${path.basename(anomaly.file)}:${anomaly.firstLine})`, digest: digestOf(anomaly) };
  }
  const settings = deps.settings.settings;
  for (const ref of request.references) {
    const value = ref.value;
    if (value instanceof vscode.Uri) return analyzeDocumentOrFile(value, undefined, settings);
    if (value instanceof vscode.Location) return analyzeDocumentOrFile(value.uri, value.range, settings);
  }
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  return analyzeDocumentOrFile(editor.document.uri, editor.selection.isEmpty ? undefined : editor.selection, settings);
}

function digestOf(anomaly: Anomaly): LogDigest {
  return {
    source: `${anomaly.file} lines ${anomaly.firstLine}-${anomaly.lastLine}`,
    lineCount: anomaly.lastLine - anomaly.firstLine + 1,
    templates: [],
    anomalies: [anomaly],
    excerpt: anomaly.evidence.map((e) => e.text),
  };
}

function anomalyFromPrompt(deps: OpsParticipantDeps, prompt: string): Anomaly | undefined {
  const id = anomalyRef.exec(prompt)?.[1];
  return id ? deps.store.find(id) : undefined;
}

/** What /classify and /remediate work on: an anomaly, the prompt's text, a selection or attached lines. */
async function incidentInput(
  deps: OpsParticipantDeps,
  request: vscode.ChatRequest,
  useEditor = true,
): Promise<{ text?: string; logLines?: string[]; anomalies?: Anomaly[] } | undefined> {
  const anomaly = anomalyFromPrompt(deps, request.prompt);
  const text = request.prompt.replace(anomalyRef, '').trim() || undefined;
  const logLines: string[] = [];
  for (const ref of request.references) {
    const value = ref.value;
    if (typeof value === 'string') logLines.push(...value.split('\n'));
    else if (value instanceof vscode.Location) logLines.push(...(await vscode.workspace.openTextDocument(value.uri)).getText(value.range).split('\n'));
  }
  const editor = vscode.window.activeTextEditor;
  if (useEditor && logLines.length === 0 && editor && !editor.selection.isEmpty) logLines.push(...editor.document.getText(editor.selection).split('\n'));
  const bounded = logLines.filter((l) => l.trim()).slice(0, 200);
  if (!anomaly && !text && bounded.length === 0) return undefined;
  return { text, logLines: bounded.length ? bounded : undefined, anomalies: anomaly ? [anomaly] : undefined };
}

function renderPlan(stream: vscode.ChatResponseStream, plan: RemediationPlan & { classification: { category: string; severity: string; priority: string } }): void {
  const c = plan.classification;
  stream.markdown(`**${c.category}** · ${c.severity} · ${c.priority} — ${escapeMd(plan.summary)}\n\n_Estimated time: ${escapeMd(plan.estimatedTime)}_\n\n`);
  plan.steps.forEach((step, i) => {
    stream.markdown(`**${i + 1}. ${escapeMd(step.title)}** — ${riskBadge[step.risk]}\n\n${step.detail}\n\n`);
    if (step.command) {
      stream.markdown('```sh\n' + step.command.replace(/```/g, '`\u200b``') + '\n```\n');
      if (step.riskReasons.length > 0) stream.markdown(`_Why ${step.risk}: ${escapeMd(step.riskReasons.join('; '))}_\n\n`);
      stream.button({ command: chatIds.runStepCommand, title: `Run step ${i + 1}`, arguments: [{ command: step.command, title: step.title }] });
    }
    if (step.verify) stream.markdown(`Verify: ${escapeMd(step.verify)}\n\n`);
  });
  if (plan.successCriteria.length) stream.markdown(`**Success criteria**\n${plan.successCriteria.map((s) => `- ${escapeMd(s)}`).join('\n')}\n\n`);
  if (plan.rollbackPlan) stream.markdown(`**Rollback**: ${escapeMd(plan.rollbackPlan)}\n\n`);
  if (plan.risks.length) stream.markdown(`**Risks**\n${plan.risks.map((r) => `- ${escapeMd(r)}`).join('\n')}\n\n`);
  for (const source of plan.sources) stream.reference(lineLocation(source.file, source.line));
}

function citeRunbooks(stream: vscode.ChatResponseStream, citations: Citation[]): void {
  const seen = new Set<string>();
  for (const c of citations) {
    const key = `${c.file}:${c.line}`;
    if (seen.has(key)) continue;
    seen.add(key);
    stream.reference(lineLocation(c.file, c.line));
  }
}

function footer(stream: vscode.ChatResponseStream, answeredBy: string, fallbackReason?: string): void {
  stream.markdown(`\n\n---\n_Answered by ${escapeMd(answeredBy)}${fallbackReason ? ` — ${escapeMd(fallbackReason)}` : ''}._`);
}

function askForText(stream: vscode.ChatResponseStream, command: string): OpsChatResult {
  const hint: Record<string, string> = {
    classify: 'Describe the incident, paste log lines, select lines in a log, or use the quick fix on an anomaly.',
    remediate: 'Describe the incident, paste log lines, select lines in a log, or use the quick fix on an anomaly.',
    runbook: 'Give a query, e.g. `@ops /runbook too many connections`.',
  };
  stream.markdown(hint[command] ?? 'Ask a question about your logs, an incident or a runbook.');
  return { metadata: { command } };
}

function historyOf(chatContext: vscode.ChatContext): { role: 'user' | 'assistant'; content: string }[] {
  const turns: { role: 'user' | 'assistant'; content: string }[] = [];
  for (const turn of chatContext.history.slice(-6)) {
    if (turn instanceof vscode.ChatRequestTurn) turns.push({ role: 'user', content: turn.prompt });
    else if (turn instanceof vscode.ChatResponseTurn) {
      const text = turn.response
        .map((part) => (part instanceof vscode.ChatResponseMarkdownPart ? part.value.value : ''))
        .join('')
        .slice(0, 4000);
      if (text) turns.push({ role: 'assistant', content: text });
    }
  }
  return turns;
}

function followupsFor(result: OpsChatResult): vscode.ChatFollowup[] {
  const { command, anomalyId, category, runbookIds } = result.metadata ?? { command: 'ask' };
  const ref = anomalyId ? ` (anomaly ${anomalyId})` : '';
  switch (command) {
    case 'analyze':
      return [
        { prompt: `classify this incident${ref}`, command: 'classify', label: 'Classify this incident' },
        { prompt: `what should I do${ref}`, command: 'remediate', label: 'Plan the remediation' },
      ];
    case 'classify':
      return [{ prompt: `plan the fix for this ${category ?? ''} incident${ref}`, command: 'remediate', label: 'Plan the remediation' }];
    case 'runbook':
      return runbookIds?.[0] ? [{ prompt: `How do I verify the fix from ${runbookIds[0]}?`, label: 'How do I verify the fix?' }] : [];
    case 'anomalies':
      return anomalyId ? [{ prompt: `the most recent one${ref}`, command: 'analyze', label: 'Analyze the first anomaly' }] : [];
    default:
      return [{ prompt: 'what is wrong in my logs right now?', command: 'anomalies', label: 'Show current anomalies' }];
  }
}

function politeError(error: unknown): string {
  if (error instanceof vscode.LanguageModelError) {
    return `The editor's language model could not answer (${error.code}): ${error.message}. Pick another model in the chat view, or set \`opsCopilot.llm.provider\` to \`openai-compatible\` or \`none\` to use your own endpoint or the offline copilot.`;
  }
  if (error instanceof LlmError) {
    return `The model endpoint did not answer: ${error.message}. Check it with **Ops: Check LLM Connection**, or set \`opsCopilot.llm.provider\` to \`none\` to use the offline copilot.`;
  }
  return `Something went wrong: ${error instanceof Error ? error.message : String(error)}. The details are in the Ops Copilot log (**Ops: Show Logs**).`;
}

function plainClassification(c: Classification): Classification {
  return { category: c.category, subcategory: c.subcategory, severity: c.severity, priority: c.priority, confidence: c.confidence, rationale: c.rationale.slice(0, 500), source: c.source };
}

function inputTextOf(input: { text?: string; logLines?: string[]; anomalies?: Anomaly[] }): string {
  return [input.text, ...(input.logLines ?? []), ...(input.anomalies ?? []).flatMap((a) => a.evidence.slice(0, 5).map((e) => e.text))]
    .filter(Boolean)
    .join('\n')
    .slice(0, 4000);
}

function lineLocation(file: string, line: number, endLine = line): vscode.Location {
  return new vscode.Location(vscode.Uri.file(file), new vscode.Range(Math.max(0, line - 1), 0, Math.max(0, endLine - 1), 0));
}

function escapeMd(text: string): string {
  return text.replace(/([\\`*_{}[\]<>#|])/g, '\\$1');
}

function inlineCode(text: string): string {
  return text.replace(/`/g, "'").slice(0, 160);
}

function snippet(text: string): string {
  const flat = text.replace(/```[\s\S]*?```/g, ' ').replace(/\s+/g, ' ').trim();
  return flat.length > 180 ? `${flat.slice(0, 177)}…` : flat;
}
