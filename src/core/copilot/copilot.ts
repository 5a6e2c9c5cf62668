/**
 * The Copilot facade used by the CLI, the @ops chat participant and the panel: picks who answers (endpoint, editor
 * model or offline), redacts what leaves the machine per policy, retrieves runbooks, and runs the workflows. `ask`
 * streams an answer with runbook citations and always reports which provider answered.
 */
import * as path from 'node:path';
import type { ChatMessage, ChatModel } from '../llm/chatModel';
import { JsonModeMemory } from '../llm/completeStructured';
import { LlmAbortError } from '../llm/llmError';
import type { Logger } from '../logger';
import { nullLogger } from '../logger';
import { classifyIncident, ClassificationOutcome } from '../incidents/classifyIncident';
import type { ClassificationExample } from '../incidents/classificationPrompt';
import type { IncidentInput } from '../incidents/incident';
import { classifyOffline, CueWeightAdjustments, incidentText } from '../incidents/offlineClassifier';
import type { CommandChecker } from '../remediation/commandChecker';
import { FixFacts, recommendFix, RemediationOutcome } from '../remediation/recommendFix';
import { analyzeLogs, LogAnalysis, LogDigest } from '../analysis/analyzeLogs';
import { buildContextBlocks, dataBlockRule, IncidentFacts } from './promptContext';
import type { ModelProvider, ProviderKind, ProviderMode } from './modelProvider';
import { RedactingChatModel, RedactPolicy, Redactor, shouldRedact } from './redactingChatModel';
import type { RetrievedChunk, RunbookRetrieval } from './runbookRetrieval';

export interface CopilotOptions {
  mode: ProviderMode;
  endpoint?: ModelProvider;
  editorModel?: ModelProvider;
  retrieval?: RunbookRetrieval;
  checkCommand: CommandChecker;
  redact: Redactor;
  redactPolicy: RedactPolicy;
  /** Token budget for context blocks per request. */
  contextTokens?: number;
  /** Corrected past incidents for few-shot classification (the feedback loop supplies them). */
  /** Given the incident's text, the most similar corrected examples first. */
  examples?: (incidentText: string) => readonly ClassificationExample[];
  adjustments?: () => CueWeightAdjustments;
  logger?: Logger;
}

export interface ModelChoice {
  model?: ChatModel;
  provider: ProviderKind | 'none';
  /** Who answers, for the user: "Ollama llama3.1 at …", "offline (no model configured)". */
  description: string;
  redacting: boolean;
}

export interface AskContext extends IncidentFacts {
  /** Prior turns of the conversation, oldest first (already shown to the user). */
  history?: ChatMessage[];
}

export interface AskCallbacks {
  signal?: AbortSignal;
  onChunk?: (text: string) => void;
}

export interface Citation {
  runbookId: string;
  title: string;
  heading: string;
  file: string;
  line: number;
  /** True when the answer names this runbook; false when it was only given as context. */
  cited: boolean;
}

export interface AskResult {
  answer: string;
  citations: Citation[];
  provider: ProviderKind | 'none';
  answeredBy: string;
  fallbackReason?: string;
}

const askSystemPrompt = `You are Ops Copilot, an SRE assistant inside the editor. Answer the question about the incident using the log evidence and runbook excerpts given.
Be concise and practical: likely cause, what to check (read-only first), what to do. Put commands in fenced code blocks; a person runs them after review, you never run anything.
Cite runbook excerpts you rely on as [runbook-id:line] using the id and a line from the excerpt's line range. If the context does not contain the answer, say so.
${dataBlockRule}`;

/** Reciprocal-rank-fusion constant: small, since the lists are short. */
const rrfK = 10;

export class Copilot {
  private readonly logger: Logger;
  private readonly jsonModes = new JsonModeMemory();

  constructor(private readonly options: CopilotOptions) {
    this.logger = options.logger ?? nullLogger;
  }

  /** Who would answer now. `auto` probes the endpoint (cached by the provider), then the editor's model. */
  async selectModel(signal?: AbortSignal): Promise<ModelChoice> {
    const { mode, endpoint, editorModel } = this.options;
    if (mode === 'none') return offlineChoice('offline (llm provider set to none)');
    const candidates = mode === 'auto' ? [endpoint, editorModel] : [mode === 'openai-compatible' ? endpoint : editorModel];
    for (const provider of candidates) {
      if (!provider) continue;
      const model = await provider.resolve(signal);
      if (!model) {
        this.logger.debug(`[copilot] ${provider.kind} is not available`);
        continue;
      }
      const redacting = shouldRedact(this.options.redactPolicy, provider.isLocal);
      return {
        model: redacting ? new RedactingChatModel(model, this.options.redact) : model,
        provider: provider.kind,
        description: model.describe() + (redacting ? ' (secrets redacted)' : ''),
        redacting,
      };
    }
    const reason = mode === 'auto' ? 'no endpoint answered and no editor model is available' : `the ${mode} provider is not available`;
    return offlineChoice(`offline (${reason})`);
  }

  async retrieve(query: string, signal?: AbortSignal, limit = 5): Promise<RetrievedChunk[]> {
    if (!this.options.retrieval || !query.trim()) return [];
    try {
      return await this.options.retrieval.search(query.slice(0, 2000), { limit, signal });
    } catch (error) {
      if (signal?.aborted) throw new LlmAbortError();
      this.logger.warn(`[copilot] runbook retrieval failed: ${(error as Error).message}`);
      return [];
    }
  }

  /**
   * Runbooks for a question asked beside some context (the selection, the current anomalies). The question alone and
   * the question with its context are searched apart and fused by reciprocal rank (ties to the context search): a
   * specific question ("why does postgres say too many clients?") keeps its runbook on top even when the anomalies
   * are about something else, and a vague one ("why is checkout failing?") gets the anomalies' runbook.
   */
  private async retrieveForQuestion(question: string, context: AskContext, signal: AbortSignal | undefined, limit: number): Promise<RetrievedChunk[]> {
    const contextText = [context.text, ...(context.anomalies ?? []).slice(0, 2).map((a) => `${a.title}\n${a.evidence.slice(0, 3).map((e) => e.text).join('\n')}`)]
      .filter(Boolean)
      .join('\n');
    if (!contextText) return this.retrieve(question, signal, limit);
    if (!question.trim()) return this.retrieve(contextText, signal, limit);
    const depth = limit * 2;
    const [byQuestion, byContext] = await Promise.all([this.retrieve(question, signal, depth), this.retrieve(`${question}\n${contextText}`, signal, depth)]);
    const fused = new Map<string, { hit: RetrievedChunk; score: number; contextRank: number }>();
    const add = (hits: RetrievedChunk[], isContext: boolean): void => {
      hits.forEach((hit, rank) => {
        const entry = fused.get(hit.chunk.id) ?? { hit, score: 0, contextRank: Number.MAX_SAFE_INTEGER };
        entry.score += 1 / (rrfK + rank + 1);
        if (isContext) entry.contextRank = rank;
        fused.set(hit.chunk.id, entry);
      });
    };
    add(byContext, true);
    add(byQuestion, false);
    return [...fused.values()]
      .sort((x, y) => y.score - x.score || x.contextRank - y.contextRank)
      .slice(0, limit)
      .map((entry) => entry.hit);
  }

  /** `retrieval: false` classifies without runbook votes (for evaluating the classifier alone). */
  async classify(
    input: IncidentInput,
    signal?: AbortSignal,
    options: { retrieval?: boolean } = {},
  ): Promise<ClassificationOutcome & { provider: ModelChoice['provider'] }> {
    const [choice, hits] = await Promise.all([
      this.selectModel(signal),
      options.retrieval === false ? Promise.resolve([]) : this.retrieve(incidentText(input), signal),
    ]);
    const outcome = await this.classifyWith(input, choice.model, hits, signal);
    return { ...outcome, provider: outcome.source === 'llm' ? choice.provider : 'none' };
  }

  /** classifyIncident with this copilot's feedback examples, tuning, context budget and JSON-mode memory. */
  private classifyWith(input: IncidentInput, model: ChatModel | undefined, hits: RetrievedChunk[], signal: AbortSignal | undefined): Promise<ClassificationOutcome> {
    return classifyIncident(input, {
      model,
      runbookHits: hits,
      examples: this.options.examples?.(incidentText(input)),
      adjustments: this.options.adjustments?.(),
      contextTokens: this.contextTokens(),
      signal,
      jsonModeMemory: this.jsonModes,
    });
  }

  /** Classifies first when no classification is given, so the plan follows the right runbook. */
  async remediate(facts: FixFacts, signal?: AbortSignal): Promise<RemediationOutcome & { classification: ClassificationOutcome }> {
    const input: IncidentInput = { text: facts.text, logLines: facts.logLines, anomalies: facts.anomaly ? [facts.anomaly] : facts.anomalies };
    const [choice, hits] = await Promise.all([this.selectModel(signal), this.retrieve(incidentText(input), signal, 6)]);
    const classification = await this.classifyWith(input, choice.model, hits, signal);
    const plan = await recommendFix(
      { ...facts, classification },
      {
        model: choice.model,
        runbookHits: hits,
        getRunbook: (id) => this.options.retrieval?.getRunbook(id),
        checkCommand: this.options.checkCommand,
        contextTokens: this.contextTokens(),
        signal,
        jsonModeMemory: this.jsonModes,
      },
    );
    return { ...plan, classification };
  }

  async analyze(digest: LogDigest, signal?: AbortSignal): Promise<LogAnalysis> {
    const choice = await this.selectModel(signal);
    return analyzeLogs(digest, {
      model: choice.model,
      retrieval: this.options.retrieval,
      contextTokens: this.contextTokens(),
      signal,
      jsonModeMemory: this.jsonModes,
    });
  }

  /** Streams the answer through `onChunk` and returns it whole with citations. Offline, answers from runbooks alone. */
  async ask(question: string, context: AskContext = {}, callbacks: AskCallbacks = {}): Promise<AskResult> {
    const { signal, onChunk } = callbacks;
    const [choice, hits] = await Promise.all([this.selectModel(signal), this.retrieveForQuestion(question, context, signal, 4)]);
    const citations = toCitations(hits);
    if (!choice.model) {
      const answer = offlineAnswer(question, context, hits, choice.description);
      onChunk?.(answer);
      return { answer, citations: markCited(citations, answer), provider: 'none', answeredBy: choice.description };
    }
    const messages: ChatMessage[] = [
      { role: 'system', content: askSystemPrompt },
      ...(context.history ?? []).slice(-6),
      {
        role: 'user',
        content: [...buildContextBlocks(context, hits, { maxTokens: this.contextTokens(), maxRunbookChunks: 4 }), `Question: ${question}`].join('\n\n'),
      },
    ];
    let answer = '';
    try {
      for await (const chunk of choice.model.chat(messages, { signal })) {
        answer += chunk;
        onChunk?.(chunk);
      }
      return { answer, citations: markCited(citations, answer), provider: choice.provider, answeredBy: choice.description };
    } catch (error) {
      if (error instanceof LlmAbortError || signal?.aborted) throw error instanceof LlmAbortError ? error : new LlmAbortError();
      const reason = (error as Error).message;
      this.logger.warn(`[copilot] ask failed: ${reason}`);
      if (answer) {
        const note = `\n\n_(The answer was cut off: ${reason})_`;
        onChunk?.(note);
        return { answer: answer + note, citations: markCited(citations, answer), provider: choice.provider, answeredBy: choice.description, fallbackReason: reason };
      }
      const offline = offlineAnswer(question, context, hits, `offline (the model did not answer: ${reason})`);
      onChunk?.(offline);
      return { answer: offline, citations: markCited(citations, offline), provider: 'none', answeredBy: 'offline runbook search', fallbackReason: reason };
    }
  }

  private contextTokens(): number {
    return this.options.contextTokens ?? 6000;
  }
}

function offlineChoice(description: string): ModelChoice {
  return { provider: 'none', description, redacting: false };
}

function toCitations(hits: readonly RetrievedChunk[]): Citation[] {
  return hits.map((h) => ({
    runbookId: h.chunk.runbookId,
    title: h.chunk.title,
    heading: h.chunk.headingPath[h.chunk.headingPath.length - 1] ?? h.chunk.title,
    file: h.chunk.file,
    line: h.chunk.startLine,
    cited: false,
  }));
}

function markCited(citations: Citation[], answer: string): Citation[] {
  return citations.map((c) => ({ ...c, cited: answer.includes(c.runbookId) }));
}

/** Without a model: the offline reading of the incident and the runbook sections that match, quoted with locations. */
function offlineAnswer(question: string, context: AskContext, hits: readonly RetrievedChunk[], who: string): string {
  const lines: string[] = [`_Answered ${who}: runbook search only, no language model._`, ''];
  if (context.text || context.anomalies?.length || context.logLines?.length) {
    const c = classifyOffline({ text: context.text, anomalies: context.anomalies, logLines: context.logLines });
    lines.push(`The incident looks like **${c.category}/${c.subcategory}** (${c.severity}, ${Math.round(c.confidence * 100)}% confidence): ${c.rationale}`, '');
  }
  if (hits.length === 0) {
    lines.push(`No runbook section matches "${question.slice(0, 120)}". Add a runbook for it, or configure a model for free-form answers.`);
    return lines.join('\n');
  }
  lines.push('The most relevant runbook sections:', '');
  const seen = new Set<string>();
  for (const hit of hits) {
    const c = hit.chunk;
    if (seen.has(c.id)) continue;
    seen.add(c.id);
    const heading = c.headingPath.slice(1).join(' › ') || c.title;
    const excerpt = c.text
      .split('\n')
      .filter((l) => l.trim() && !/^#{1,6}\s/.test(l))
      .slice(0, 8);
    // A cut inside a fenced block would swallow the rest of the answer when rendered.
    if (excerpt.filter((l) => /^\s*(?:```|~~~)/.test(l)).length % 2 === 1) excerpt.push('```');
    lines.push(`**${c.title} › ${heading}** [${c.runbookId}:${c.startLine}] (${path.basename(c.file)}:${c.startLine})`, '', excerpt.join('\n'), '');
  }
  return lines.join('\n').trimEnd();
}
