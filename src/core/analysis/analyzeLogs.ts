/**
 * analyzeLogs: what is going on in a file, a selection or around one anomaly, as {summary, anomalies, patterns,
 * severity, suggestedActions}. The detector's anomalies are facts and are never replaced by a model; the model (when
 * configured) writes the summary, explains patterns and proposes actions from the same digest the offline path uses.
 */
import * as path from 'node:path';
import { z } from 'zod';
import type { Anomaly } from '../detection/anomaly';
import type { LogTemplate } from '../templates/logTemplate';
import type { ChatMessage, ChatModel } from '../llm/chatModel';
import { completeStructured, JsonModeMemory } from '../llm/completeStructured';
import { LlmAbortError } from '../llm/llmError';
import { buildContextBlocks, dataBlockRule } from '../copilot/promptContext';
import type { RetrievedChunk, RunbookRetrieval } from '../copilot/runbookRetrieval';
import { classifyOffline } from '../incidents/offlineClassifier';
import { votesFromHits } from '../incidents/classifyIncident';
import { incidentSeverities, IncidentSeverity } from '../incidents/incident';

/** What the engine and detector found in the analysed lines. */
export interface LogDigest {
  /** File path, or a label like "selection of app.log". */
  source: string;
  lineCount: number;
  templates: LogTemplate[];
  anomalies: Anomaly[];
  /** A few raw lines to quote when there are no anomalies (e.g. the user's selection). */
  excerpt?: string[];
}

export interface AnomalySummary {
  id: string;
  type: string;
  severity: string;
  title: string;
  explanation: string;
  file: string;
  firstLine: number;
  lastLine: number;
}

export interface LogPattern {
  template: string;
  count: number;
  /** Share of all records, 0–1. */
  share: number;
  firstLine: number;
  lastLine: number;
  /** Why it is listed: frequent, error-looking, or tied to an anomaly; or the model's reading of it. */
  note: string;
}

export interface LogAnalysis {
  summary: string;
  anomalies: AnomalySummary[];
  patterns: LogPattern[];
  severity: IncidentSeverity;
  suggestedActions: string[];
  source: 'llm' | 'offline';
  answeredBy: string;
  fallbackReason?: string;
  /** Runbooks consulted, for citations. */
  runbooks: { runbookId: string; title: string; file: string; line: number }[];
}

export interface AnalyzeOptions {
  model?: ChatModel;
  retrieval?: RunbookRetrieval;
  contextTokens?: number;
  signal?: AbortSignal;
  jsonModeMemory?: JsonModeMemory;
}

const analysisReplySchema = z.object({
  summary: z.string().min(1).max(3000),
  severity: z.enum(incidentSeverities),
  patterns: z.array(z.object({ template: z.string().max(500), meaning: z.string().max(500) })).max(15),
  suggestedActions: z.array(z.string().max(500)).min(1).max(10),
});

const errorLike = /\b(?:error|err|fatal|panic|exception|fail(?:ed|ure)?|refused|timeout|timed out|denied|critical|crit|emerg|alert|unavailable|killed)\b/i;
const maxPatterns = 10;

/** The digest of one anomaly: its evidence as the excerpt, the templates it names. */
export function digestFromAnomaly(anomaly: Anomaly, templates: readonly LogTemplate[] = []): LogDigest {
  const ids = new Set(anomaly.templateIds);
  return {
    source: `${anomaly.file} lines ${anomaly.firstLine}-${anomaly.lastLine}`,
    lineCount: anomaly.lastLine - anomaly.firstLine + 1,
    templates: templates.filter((t) => ids.has(t.id)),
    anomalies: [anomaly],
    excerpt: anomaly.evidence.map((e) => e.text),
  };
}

export async function analyzeLogs(digest: LogDigest, options: AnalyzeOptions = {}): Promise<LogAnalysis> {
  const anomalies = [...digest.anomalies].sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || b.score - a.score);
  const patterns = pickPatterns(digest, anomalies);
  const query = analysisQuery(anomalies, patterns, digest.excerpt);
  const hits = options.retrieval && query ? await options.retrieval.search(query, { limit: 5, signal: options.signal }) : [];
  const offline = offlineAnalysis(digest, anomalies, patterns, hits);
  const model = options.model;
  if (!model || (anomalies.length === 0 && patterns.length === 0)) return offline;

  const messages: ChatMessage[] = [
    {
      role: 'system',
      content:
        'You are an SRE assistant analysing application logs. From the detector findings, message templates with counts ' +
        'and runbook excerpts, write a short summary of what is happening (cause first, then impact), rate severity ' +
        '(critical = outage or data loss, high = major degradation, medium = partial, low = noise), explain the notable ' +
        'templates, and suggest concrete next actions, read-only checks first. Do not invent anomalies that the data does not show.\n' +
        dataBlockRule,
    },
    {
      role: 'user',
      content: [
        `Source: ${path.basename(digest.source)}, ${digest.lineCount} lines, ${digest.templates.length} distinct templates, ${anomalies.length} anomalies.`,
        ...buildContextBlocks(
          {
            anomalies,
            templates: patterns.map((p) => ({ text: p.template, count: p.count })),
            logLines: anomalies.length === 0 ? digest.excerpt?.slice(0, 60) : undefined,
          },
          hits,
          { maxTokens: options.contextTokens ?? 4000, maxRunbookChunks: 3 },
        ),
      ].join('\n\n'),
    },
  ];
  try {
    const result = await completeStructured(model, messages, analysisReplySchema, {
      name: 'log_analysis',
      signal: options.signal,
      memory: options.jsonModeMemory,
      maxTokens: 1500,
    });
    if (!result.ok) return { ...offline, fallbackReason: `the model's analysis was unusable (${result.reason}); this is the offline analysis` };
    const meaning = new Map(result.value.patterns.map((p) => [p.template.trim(), p.meaning]));
    return {
      ...offline,
      summary: result.value.summary,
      severity: result.value.severity,
      patterns: patterns.map((p) => ({ ...p, note: meaning.get(p.template.trim()) ?? p.note })),
      suggestedActions: result.value.suggestedActions,
      source: 'llm',
      answeredBy: model.describe(),
    };
  } catch (error) {
    if (error instanceof LlmAbortError) throw error;
    return { ...offline, fallbackReason: `the model did not answer (${(error as Error).message}); this is the offline analysis` };
  }
}

function offlineAnalysis(digest: LogDigest, anomalies: Anomaly[], patterns: LogPattern[], hits: readonly RetrievedChunk[]): LogAnalysis {
  const name = path.basename(digest.source);
  const runbooks = distinctRunbooks(hits);
  const classification =
    anomalies.length > 0 || patterns.some((p) => errorLike.test(p.template))
      ? classifyOffline(
          { anomalies: anomalies.slice(0, 5), logLines: anomalies.length === 0 ? patterns.filter((p) => errorLike.test(p.template)).map((p) => p.template) : undefined },
          votesFromHits(hits),
        )
      : undefined;
  const severity: IncidentSeverity = anomalies.length === 0
    ? classification && classification.confidence >= 0.5 ? 'medium' : 'low'
    : classification?.severity ?? (anomalies[0]!.severity === 'error' ? 'high' : 'medium');

  const counts = { error: 0, warning: 0, info: 0 };
  for (const a of anomalies) counts[a.severity]++;
  const parts = [`${name}: ${digest.lineCount.toLocaleString('en-US')} lines, ${digest.templates.length} distinct message templates.`];
  if (anomalies.length === 0) parts.push('The detector found no anomalies.');
  else {
    const bySeverity = (['error', 'warning', 'info'] as const).filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`).join(', ');
    parts.push(`${anomalies.length} anomal${anomalies.length === 1 ? 'y' : 'ies'} (${bySeverity}); the most serious: ${anomalies[0]!.title} at lines ${anomalies[0]!.firstLine}–${anomalies[0]!.lastLine} — ${anomalies[0]!.explanation.replace(/[.\s]*$/, '.')}`);
  }
  if (classification && classification.confidence >= 0.35) {
    parts.push(`It looks like a ${classification.category}/${classification.subcategory} problem (${Math.round(classification.confidence * 100)}% confidence).`);
  }
  const errors = patterns.filter((p) => errorLike.test(p.template));
  if (errors.length > 0) parts.push(`Most frequent error-like message: "${errors[0]!.template.slice(0, 160)}" (${errors[0]!.count}×).`);

  const actions: string[] = [];
  for (const a of anomalies.slice(0, 3)) actions.push(`Inspect ${path.basename(a.file)} lines ${a.firstLine}–${a.lastLine} (${a.title}).`);
  for (const r of runbooks.slice(0, 2)) actions.push(`Follow runbook "${r.title}" (${path.basename(r.file)}:${r.line}).`);
  if (anomalies.length > 0) actions.push(`Run \`ops-copilot remediate --anomaly ${anomalies[0]!.id} --log ${digest.source}\` for a step-by-step plan.`);
  if (actions.length === 0) actions.push('Nothing to act on; keep watching the file.');

  return {
    summary: parts.join(' '),
    anomalies: anomalies.map((a) => ({
      id: a.id,
      type: a.type,
      severity: a.severity,
      title: a.title,
      explanation: a.explanation,
      file: a.file,
      firstLine: a.firstLine,
      lastLine: a.lastLine,
    })),
    patterns,
    severity,
    suggestedActions: actions,
    source: 'offline',
    answeredBy: 'offline analysis',
    runbooks,
  };
}

/** Templates worth a look: those named by anomalies, then error-looking ones, then the most frequent. */
function pickPatterns(digest: LogDigest, anomalies: Anomaly[]): LogPattern[] {
  const total = digest.templates.reduce((sum, t) => sum + t.count, 0) || 1;
  const anomalyIds = new Set(anomalies.flatMap((a) => a.templateIds));
  const picked = new Map<string, LogPattern>();
  const add = (t: LogTemplate, note: string): void => {
    if (picked.size >= maxPatterns || picked.has(t.id)) return;
    picked.set(t.id, { template: t.text, count: t.count, share: Math.round((t.count / total) * 1000) / 1000, firstLine: t.firstLine, lastLine: t.lastLine, note });
  };
  const byCount = [...digest.templates].sort((a, b) => b.count - a.count);
  for (const t of byCount) if (anomalyIds.has(t.id)) add(t, 'involved in a detected anomaly');
  for (const t of byCount.filter((t) => errorLike.test(t.text)).slice(0, 4)) add(t, 'error-like message');
  for (const t of byCount.slice(0, 4)) add(t, 'most frequent');
  return [...picked.values()];
}

function analysisQuery(anomalies: Anomaly[], patterns: LogPattern[], excerpt?: string[]): string {
  const parts = anomalies.slice(0, 2).flatMap((a) => [a.title, ...a.evidence.slice(0, 3).map((e) => e.text)]);
  parts.push(...patterns.filter((p) => errorLike.test(p.template)).slice(0, 3).map((p) => p.template));
  if (parts.length === 0 && excerpt) parts.push(...excerpt.filter((l) => errorLike.test(l)).slice(0, 5));
  return parts.join('\n').slice(0, 2000);
}

function distinctRunbooks(hits: readonly RetrievedChunk[]): LogAnalysis['runbooks'] {
  const out: LogAnalysis['runbooks'] = [];
  for (const h of hits) {
    if (out.some((r) => r.runbookId === h.chunk.runbookId)) continue;
    out.push({ runbookId: h.chunk.runbookId, title: h.chunk.title, file: h.chunk.file, line: h.chunk.startLine });
  }
  return out;
}

function severityRank(severity: Anomaly['severity']): number {
  return severity === 'error' ? 2 : severity === 'warning' ? 1 : 0;
}
