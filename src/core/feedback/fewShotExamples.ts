/**
 * Corrected incidents as few-shot examples for the classification prompt: the most similar to the incident at hand
 * first, near-duplicates collapsed (the newest label wins), bounded in count and characters so the prompt stays small.
 */
import type { ChatMessage } from '../llm/chatModel';
import type { ClassificationReply } from '../incidents/incident';
import { FeedbackItem, isCorrection, trueCategory } from './feedbackRecord';
import { labelledReply } from './labelledReply';
import { cosineSimilarity, TextFeatures, textFeatures } from './textSimilarity';

export interface FewShotExample {
  feedbackId: string;
  /** The incident text, cut to maxExampleChars. */
  text: string;
  reply: ClassificationReply;
  /** Cosine similarity to the incident being classified, 0–1. */
  similarity: number;
}

export interface FewShotOptions {
  maxExamples?: number;
  /** Budget for all examples' text plus replies. */
  maxTotalChars?: number;
  maxExampleChars?: number;
  /** Below this an example says nothing about the incident at hand. */
  minSimilarity?: number;
  /** Also use 👍 confirmations, not just corrections. */
  includeConfirmed?: boolean;
}

const defaults: Required<FewShotOptions> = {
  maxExamples: 4,
  maxTotalChars: 2400,
  maxExampleChars: 500,
  minSimilarity: 0.05,
  includeConfirmed: false,
};
/** Two examples this similar teach the same thing: keep the newer label. */
const duplicateSimilarity = 0.9;

export function selectFewShotExamples(items: readonly FeedbackItem[], incidentText: string, options: FewShotOptions = {}): FewShotExample[] {
  const o = { ...defaults, ...options };
  const target = textFeatures(incidentText);
  const candidates = items
    .filter((i) => i.target === 'classification' && trueCategory(i) !== undefined && (isCorrection(i) || (o.includeConfirmed && i.verdict === 'up')))
    .map((item) => {
      const features = featuresOf(item);
      return { item, features, similarity: cosineSimilarity(target, features) };
    })
    .filter((c) => c.similarity >= o.minSimilarity)
    .sort((a, b) => b.similarity - a.similarity || b.item.at - a.item.at);

  const chosen: { example: FewShotExample; features: TextFeatures }[] = [];
  let used = 0;
  for (const candidate of candidates) {
    if (chosen.length >= o.maxExamples) break;
    if (chosen.some((c) => cosineSimilarity(c.features, candidate.features) >= duplicateSimilarity)) continue;
    const reply = labelledReply(candidate.item);
    if (!reply) continue;
    const text = cut(candidate.item.inputText, o.maxExampleChars);
    const size = text.length + JSON.stringify(reply).length;
    if (used + size > o.maxTotalChars) continue;
    used += size;
    chosen.push({ example: { feedbackId: candidate.item.id, text, reply, similarity: round(candidate.similarity) }, features: candidate.features });
  }
  return chosen.map((c) => c.example);
}

/**
 * Examples as alternating user/assistant turns, to go between the system prompt and the real question. Least similar
 * first, so the most similar example sits right before the incident being asked about.
 */
export function toFewShotMessages(examples: readonly FewShotExample[], formatIncident: (text: string) => string = defaultIncidentFormat): ChatMessage[] {
  return [...examples].reverse().flatMap((e): ChatMessage[] => [
    { role: 'user', content: formatIncident(e.text) },
    { role: 'assistant', content: JSON.stringify(e.reply) },
  ]);
}

export function defaultIncidentFormat(text: string): string {
  return `Classify this incident:\n\n${text}`;
}

/** Feedback items are never edited after they are stored, so their features can be cached by identity. */
const featureCache = new WeakMap<FeedbackItem, TextFeatures>();

function featuresOf(item: FeedbackItem): TextFeatures {
  let features = featureCache.get(item);
  if (!features) featureCache.set(item, (features = textFeatures(item.inputText)));
  return features;
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
