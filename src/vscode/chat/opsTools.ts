/**
 * Read-only tools for the editor's agent mode: current anomalies, runbook search, a redacted window of log lines and
 * incident classification. None runs a command (that stays behind "Run step" and its confirmation), so none needs a
 * confirmation of its own. Inputs come from a model: every one is validated and bounded.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { z } from 'zod';
import type { Anomaly } from '../../core/detection/anomaly';
import { readLines } from '../../core/logs/lineReader';
import type { Logger } from '../../core/logger';
import { redact } from '../../core/safety/redactor';
import type { AnomalyStore } from '../anomalyStore';
import type { CopilotHost } from '../copilot/copilotHost';
import { toolNames } from '../contributionIds';


const findAnomaliesInput = z.object({
  file: z.string().max(1000).optional(),
  type: z.string().max(60).optional(),
  minSeverity: z.enum(['error', 'warning', 'info']).optional(),
  limit: z.number().int().min(1).max(50).optional(),
});
const searchRunbooksInput = z.object({ query: z.string().min(1).max(2000), k: z.number().int().min(1).max(10).optional() });
const getLogWindowInput = z.object({
  file: z.string().min(1).max(1000),
  line: z.number().int().min(1),
  before: z.number().int().min(0).max(100).optional(),
  after: z.number().int().min(0).max(100).optional(),
});
const classifyInput = z.object({ text: z.string().max(20000).optional(), anomalyId: z.string().max(200).optional() });

const severityRank = { info: 0, warning: 1, error: 2 } as const;
/** A log window longer than this is cut: tools feed a model's context, which is small. */
const maxWindowChars = 16000;

export interface OpsToolDeps {
  host: CopilotHost;
  store: AnomalyStore;
  log: Logger;
}

/** The tools by name; activation registers each name and forwards to these once the copilot bundle is loaded. */
export function createOpsTools(deps: OpsToolDeps): Record<string, vscode.LanguageModelTool<unknown>> {
  return {
    [toolNames.findAnomalies]: tool(deps, findAnomaliesInput, (input) => findAnomalies(deps.store, input)),
    [toolNames.searchRunbooks]: tool(deps, searchRunbooksInput, (input, signal) => searchRunbooks(deps, input, signal)),
    [toolNames.getLogWindow]: tool(deps, getLogWindowInput, (input, signal) => getLogWindow(deps.store, input, signal)),
    [toolNames.classifyIncident]: tool(deps, classifyInput, (input, signal) => classify(deps, input, signal)),
  };
}

function tool<T>(deps: OpsToolDeps, schema: z.ZodType<T>, run: (input: T, signal: AbortSignal) => Promise<string> | string): vscode.LanguageModelTool<unknown> {
  return {
    async invoke(options, token) {
      const parsed = schema.safeParse(options.input);
      if (!parsed.success) return textResult(`Invalid input: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      const controller = new AbortController();
      const cancel = token.onCancellationRequested(() => controller.abort());
      try {
        return textResult(await run(parsed.data, controller.signal));
      } catch (error) {
        deps.log.warn(`[tools] ${(error as Error).message}`);
        return textResult(`Failed: ${(error as Error).message}`);
      } finally {
        cancel.dispose();
      }
    },
  };
}

function textResult(text: string): vscode.LanguageModelToolResult {
  return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(text)]);
}

export function findAnomalies(store: AnomalyStore, input: z.infer<typeof findAnomaliesInput>): string {
  const min = severityRank[input.minSeverity ?? 'info'];
  const matches = store
    .all()
    .filter((a) => severityRank[a.severity] >= min)
    .filter((a) => !input.type || a.type === input.type)
    .filter((a) => !input.file || a.file === input.file || path.basename(a.file) === input.file || a.file.endsWith(input.file))
    .slice(0, input.limit ?? 20);
  return JSON.stringify(matches.map(summarize), null, 1);
}

function summarize(a: Anomaly): Record<string, unknown> {
  return {
    id: a.id,
    type: a.type,
    severity: a.severity,
    title: a.title,
    explanation: a.explanation,
    file: a.file,
    firstLine: a.firstLine,
    lastLine: a.lastLine,
    metrics: a.metrics,
    evidence: a.evidence.slice(0, 5).map((e) => ({ line: e.line, text: redact(e.text.slice(0, 500)).text })),
  };
}

async function searchRunbooks(deps: OpsToolDeps, input: z.infer<typeof searchRunbooksInput>, signal: AbortSignal): Promise<string> {
  const hits = await deps.host.runbooks().search(input.query, { k: input.k ?? 5, signal });
  return JSON.stringify(hits.map((h) => ({ id: h.id, title: h.title, heading: h.heading, file: h.file, line: h.line, snippet: h.snippet })), null, 1);
}

/** Lines around a location, redacted. Only files the watcher knows or the workspace holds: a model names the path. */
export async function getLogWindow(store: AnomalyStore, input: z.infer<typeof getLogWindowInput>, signal: AbortSignal): Promise<string> {
  const file = path.resolve(input.file);
  const known = store.files().includes(file) || (vscode.workspace.workspaceFolders ?? []).some((f) => file.startsWith(f.uri.fsPath + path.sep));
  if (!known) throw new Error(`${input.file} is neither a watched log nor inside the workspace`);
  if (!fs.existsSync(file)) throw new Error(`${input.file} does not exist`);
  const first = Math.max(1, input.line - (input.before ?? 10));
  const last = input.line + (input.after ?? 10);
  const out: string[] = [];
  let size = 0;
  for await (const line of readLines(file, { signal })) {
    if (line.line < first) continue;
    if (line.line > last || size > maxWindowChars) break;
    const text = `${line.line}: ${redact(line.text.slice(0, 2000)).text}`;
    size += text.length;
    out.push(text);
  }
  return out.length ? out.join('\n') : `No lines ${first}–${last} in ${input.file}.`;
}

async function classify(deps: OpsToolDeps, input: z.infer<typeof classifyInput>, signal: AbortSignal): Promise<string> {
  const anomaly = input.anomalyId ? deps.store.find(input.anomalyId) : undefined;
  if (!input.text && !anomaly) throw new Error('give text or a known anomalyId');
  const copilot = await deps.host.copilot();
  const c = await copilot.classify({ text: input.text, anomalies: anomaly ? [anomaly] : undefined }, signal);
  return JSON.stringify({ category: c.category, subcategory: c.subcategory, severity: c.severity, priority: c.priority, confidence: c.confidence, rationale: c.rationale, source: c.source });
}
