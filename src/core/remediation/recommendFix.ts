/**
 * recommendFix: a remediation plan grounded in retrieved runbook sections. With a model, the model writes the plan
 * from the incident facts and runbook excerpts; its commands go through the same checker as runbook commands and the
 * stricter risk wins. Without a model, or when its reply is unusable, the plan comes from the best runbook. Nothing
 * here executes anything.
 */
import * as path from 'node:path';
import type { ChatModel } from '../llm/chatModel';
import { completeStructured, JsonModeMemory } from '../llm/completeStructured';
import { LlmAbortError } from '../llm/llmError';
import type { Runbook } from '../runbooks/runbook';
import type { IncidentFacts } from '../copilot/promptContext';
import type { RetrievedChunk } from '../copilot/runbookRetrieval';
import { checkCommandText, CommandChecker } from './commandChecker';
import { PlanFacts, planFromRunbook, planWithoutRunbook } from './offlinePlanner';
import {
  PlanSource,
  PlanStep,
  RemediationPlan,
  RemediationPlanReply,
  remediationPlanReplySchema,
  stricterRisk,
  StepRisk,
} from './remediationPlan';
import { buildRemediationMessages } from './remediationPrompt';
import { looksLikeCommand } from './runbookSteps';

export interface RecommendFixOptions {
  model?: ChatModel;
  /** Retrieved chunks, best first. */
  runbookHits: readonly RetrievedChunk[];
  getRunbook: (id: string) => Runbook | undefined;
  checkCommand: CommandChecker;
  contextTokens?: number;
  signal?: AbortSignal;
  jsonModeMemory?: JsonModeMemory;
}

export interface RemediationOutcome extends RemediationPlan {
  answeredBy: string;
  /** The runbook the offline plan followed. */
  runbookId?: string;
}

export type FixFacts = PlanFacts & IncidentFacts;

/**
 * The runbook to follow: the best-ranked one, unless a runbook of the incident's category ranks in the top three
 * close behind it (retrieval ranks by words, the category says which layer failed).
 */
export function chooseRunbook(hits: readonly RetrievedChunk[], category?: string): string | undefined {
  const best = new Map<string, { score: number; category?: string }>();
  for (const hit of hits) {
    const seen = best.get(hit.chunk.runbookId);
    if (!seen || hit.score > seen.score) best.set(hit.chunk.runbookId, { score: hit.score, category: hit.chunk.category });
  }
  const ranked = [...best.entries()].sort((a, b) => b[1].score - a[1].score);
  if (ranked.length === 0) return undefined;
  const [topId, top] = ranked[0]!;
  if (!category || top.category === category) return topId;
  const match = ranked.slice(1, 3).find(([, r]) => r.category === category && r.score >= top.score * 0.85);
  return match ? match[0] : topId;
}

export function recommendOffline(facts: FixFacts, options: Omit<RecommendFixOptions, 'model'>): RemediationOutcome {
  const id = chooseRunbook(options.runbookHits, facts.classification?.category);
  const runbook = id ? options.getRunbook(id) : undefined;
  const plan = runbook ? planFromRunbook(runbook, facts, options.checkCommand) : planWithoutRunbook(facts, options.checkCommand);
  return { ...plan, answeredBy: 'offline planner', ...(runbook ? { runbookId: runbook.id } : {}) };
}

export async function recommendFix(facts: FixFacts, options: RecommendFixOptions): Promise<RemediationOutcome> {
  const offline = recommendOffline(facts, options);
  const model = options.model;
  if (!model) return offline;
  const messages = buildRemediationMessages({
    facts,
    hits: options.runbookHits,
    classification: facts.classification,
    draft: offline,
    maxTokens: options.contextTokens ?? 4000,
  });
  try {
    const result = await completeStructured(model, messages, remediationPlanReplySchema, {
      name: 'remediation_plan',
      signal: options.signal,
      memory: options.jsonModeMemory,
      maxTokens: 2500,
    });
    if (!result.ok) return { ...offline, fallbackReason: `the model's plan was unusable (${result.reason}); this is the runbook plan` };
    return { ...fromModelReply(result.value, options), answeredBy: model.describe() };
  } catch (error) {
    if (error instanceof LlmAbortError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    return { ...offline, fallbackReason: `the model did not answer (${message}); this is the runbook plan` };
  }
}

/** The model's plan with checker-decided risks and only the sources that match excerpts we actually sent. */
export function fromModelReply(reply: RemediationPlanReply, options: Pick<RecommendFixOptions, 'runbookHits' | 'checkCommand'>): RemediationPlan {
  const steps: PlanStep[] = reply.steps.map((step, index) => {
    const inline = [...step.detail.matchAll(/`([^`\n]{3,300})`/g)].map((m) => m[1]!).filter(looksLikeCommand);
    let risk: StepRisk = 'safe';
    const reasons: string[] = [];
    for (const text of [...(step.command?.trim() ? [step.command] : []), ...inline]) {
      const verdict = checkCommandText(text, options.checkCommand);
      risk = stricterRisk(risk, verdict.risk);
      for (const reason of verdict.reasons) if (!reasons.includes(reason)) reasons.push(reason);
    }
    // The model may only make a step stricter than the checker says, never milder.
    if (step.risk && stricterRisk(risk, step.risk) !== risk) {
      risk = step.risk;
      reasons.push(`the model rated this step ${step.risk}`);
    }
    return {
      id: `s${index + 1}`,
      title: step.title,
      detail: step.detail,
      ...(step.command?.trim() ? { command: step.command.trim() } : {}),
      risk,
      riskReasons: reasons,
      verify: step.verify,
    };
  });
  const risky = steps.filter((s) => s.risk === 'dangerous').map((s) => `${s.id} "${s.title}" is dangerous: ${s.riskReasons.join('; ')}`);
  return {
    summary: reply.summary,
    steps,
    estimatedTime: reply.estimatedTime,
    risks: [...risky, ...reply.risks].slice(0, 10),
    successCriteria: reply.successCriteria,
    rollbackPlan: reply.rollbackPlan,
    sources: groundSources(reply.sources, options.runbookHits),
    source: 'llm',
  };
}

/** Keeps cited sources that fall inside a chunk we sent (fixing the file to its full path); else cites the chunks sent. */
function groundSources(cited: readonly PlanSource[], hits: readonly RetrievedChunk[]): PlanSource[] {
  const sources: PlanSource[] = [];
  const push = (source: PlanSource): void => {
    if (!sources.some((s) => s.runbookId === source.runbookId && s.line === source.line)) sources.push(source);
  };
  for (const source of cited) {
    const chunk = hits
      .map((h) => h.chunk)
      .find(
        (c) =>
          c.runbookId === source.runbookId &&
          source.line >= c.startLine &&
          source.line <= c.endLine &&
          (!source.file || path.basename(source.file) === path.basename(c.file)),
      );
    if (chunk) push({ runbookId: chunk.runbookId, file: chunk.file, line: source.line });
  }
  if (sources.length === 0) {
    for (const hit of hits.slice(0, 3)) push({ runbookId: hit.chunk.runbookId, file: hit.chunk.file, line: hit.chunk.startLine });
  }
  return sources;
}
