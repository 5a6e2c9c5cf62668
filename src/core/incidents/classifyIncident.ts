/**
 * classifyIncident: the configured model classifies with the offline result as a prior; any failure (no model,
 * timeout, HTTP error, a reply that stays invalid after one repair round) falls back to the offline result and says so.
 */
import type { ChatModel } from '../llm/chatModel';
import { completeStructured, JsonModeMemory } from '../llm/completeStructured';
import { LlmAbortError } from '../llm/llmError';
import type { RetrievedChunk } from '../copilot/runbookRetrieval';
import type { TemplateCount } from '../copilot/promptContext';
import { buildClassificationMessages, ClassificationExample } from './classificationPrompt';
import { Classification, classificationSchema, IncidentInput, isIncidentCategory, RunbookVote } from './incident';
import { classifyOffline, CueWeightAdjustments } from './offlineClassifier';

export interface ClassifyOptions {
  /** Absent: offline only. Pass a model already wrapped for redaction when it is remote. */
  model?: ChatModel;
  /** Retrieved runbook chunks for the incident, best first: votes for the offline classifier, hints for the model. */
  runbookHits?: readonly RetrievedChunk[];
  /** Corrected past incidents shown to the model as few-shot examples. */
  examples?: readonly ClassificationExample[];
  adjustments?: CueWeightAdjustments;
  templates?: TemplateCount[];
  /** Token budget for the incident context. */
  contextTokens?: number;
  signal?: AbortSignal;
  jsonModeMemory?: JsonModeMemory;
}

export interface ClassificationOutcome extends Classification {
  /** Why the model's answer was not used, when a model was configured. */
  fallbackReason?: string;
  /** Who answered, e.g. "Ollama llama3.1 at http://127.0.0.1:11434/v1"; "offline classifier" otherwise. */
  answeredBy: string;
  /** True when the model's first reply failed validation and its repaired reply was used. */
  repaired?: boolean;
}

/** One vote per distinct runbook, ranked by first appearance among the hits. */
export function votesFromHits(hits: readonly RetrievedChunk[]): RunbookVote[] {
  const votes: RunbookVote[] = [];
  for (const hit of hits) {
    if (votes.some((v) => v.runbookId === hit.chunk.runbookId)) continue;
    votes.push({
      runbookId: hit.chunk.runbookId,
      category: isIncidentCategory(hit.chunk.category) ? hit.chunk.category : undefined,
      rank: votes.length,
    });
  }
  return votes;
}

export async function classifyIncident(input: IncidentInput, options: ClassifyOptions = {}): Promise<ClassificationOutcome> {
  const hits = options.runbookHits ?? [];
  const offline = classifyOffline(input, votesFromHits(hits), options.adjustments);
  const offlineOutcome = (fallbackReason?: string): ClassificationOutcome => ({
    category: offline.category,
    subcategory: offline.subcategory,
    severity: offline.severity,
    priority: offline.priority,
    confidence: offline.confidence,
    rationale: offline.rationale,
    source: 'offline',
    scores: offline.scores,
    answeredBy: 'offline classifier',
    ...(fallbackReason ? { fallbackReason } : {}),
  });
  const model = options.model;
  if (!model) return offlineOutcome();

  const messages = buildClassificationMessages({
    facts: { text: input.text, logLines: input.logLines, anomalies: input.anomalies, templates: options.templates },
    prior: offline,
    hits,
    examples: options.examples,
    maxTokens: options.contextTokens ?? 3000,
  });
  try {
    const result = await completeStructured(model, messages, classificationSchema, {
      name: 'incident_classification',
      signal: options.signal,
      memory: options.jsonModeMemory,
      maxTokens: 600,
    });
    if (!result.ok) return offlineOutcome(`the model's reply was unusable (${result.reason}); using the offline classifier`);
    return {
      ...result.value,
      subcategory: result.value.subcategory.trim() || offline.subcategory,
      source: 'llm',
      answeredBy: model.describe(),
      repaired: result.repaired,
    };
  } catch (error) {
    if (error instanceof LlmAbortError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    return offlineOutcome(`the model did not answer (${message}); using the offline classifier`);
  }
}
