/**
 * Tuning the offline classifier from feedback. Two mechanisms, both bounded so a handful of corrections cannot wreck
 * it: (1) cue weights and category biases learned by a perceptron over the labelled examples (corrections and
 * confirmations): when the classifier gets an example wrong, cues that fired for the wrong category are damped and
 * cues for the right one boosted, multipliers clamped to [0.8, 1.6]; (2) a nearest-example override: an incident
 * nearly identical to one a person labelled gets that label, since the same log line again is the strongest evidence
 * there is. Per-category biases are available (`maxBias`) but off by default: measured on incidents the feedback did
 * not include (bench `feedback`, 40 splits of realworldBlind.jsonl) biases up to ±0.4 broke 49 classifications and
 * fixed 13, because a bias moves every incident, not only the ones like the corrected one. A learned vocabulary
 * (naive Bayes over the corrected texts' words) was tried too and fixed about as many as it broke, so it is not here.
 */
import { classificationCues } from '../incidents/classificationCues';
import { IncidentCategory, IncidentInput, incidentCategories, RunbookVote } from '../incidents/incident';
import { classifyOffline, CueWeightAdjustments, incidentText, OfflineClassification } from '../incidents/offlineClassifier';
import { FeedbackItem, trueCategory } from './feedbackRecord';
import { FeatureIndex, textFeatures } from './textSimilarity';

export interface LabelledExample {
  id: string;
  text: string;
  category: IncidentCategory;
  /** Epoch ms; the newer of two equally similar examples wins. */
  at: number;
}

export interface TuningOptions {
  /** Passes over the examples; stops early once all are classified right. */
  epochs?: number;
  /** Multiplicative step per mistake for each cue of the right category that fired (boost). */
  boostStep?: number;
  /** Multiplicative step per mistake for each cue of the wrong winner that fired (damping). */
  dampStep?: number;
  minMultiplier?: number;
  maxMultiplier?: number;
  biasStep?: number;
  maxBias?: number;
  /** Cosine similarity at or above which the nearest labelled example decides. */
  overrideSimilarity?: number;
  /** Only the newest this-many examples train the weights (bounds the cost; old habits fade). */
  maxTrainingExamples?: number;
}

const defaults: Required<TuningOptions> = {
  epochs: 6,
  boostStep: 0.2,
  dampStep: 0.05,
  minMultiplier: 0.8,
  maxMultiplier: 1.6,
  biasStep: 0.1,
  maxBias: 0,
  overrideSimilarity: 0.8,
  maxTrainingExamples: 300,
};

/** Classification feedback with a known right answer, oldest first. */
export function labelledExamples(items: readonly FeedbackItem[]): LabelledExample[] {
  return items
    .filter((i) => i.target === 'classification' && i.inputText.trim().length > 0)
    .flatMap((i) => {
      const category = trueCategory(i);
      return category ? [{ id: i.id, text: i.inputText, category, at: i.at }] : [];
    })
    .sort((a, b) => a.at - b.at);
}

/** Learns bounded cue multipliers and category biases from labelled examples (deterministic for a given order). */
export function tuneCueWeights(allExamples: readonly LabelledExample[], options: TuningOptions = {}): CueWeightAdjustments {
  const o = { ...defaults, ...options };
  const examples = allExamples.slice(Math.max(0, allExamples.length - o.maxTrainingExamples));
  const multipliers = new Map<number, number>();
  const bias = Object.fromEntries(incidentCategories.map((c) => [c, 0])) as Record<IncidentCategory, number>;
  const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    let mistakes = 0;
    for (const example of examples) {
      const result = classifyOffline({ text: example.text }, [], { cueMultipliers: multipliers, categoryBias: bias });
      if (result.category === example.category) continue;
      mistakes++;
      for (const index of result.firedCues) {
        const cueCategory = classificationCues[index].category;
        const current = multipliers.get(index) ?? 1;
        if (cueCategory === result.category) multipliers.set(index, clamp(current * (1 - o.dampStep), o.minMultiplier, o.maxMultiplier));
        else if (cueCategory === example.category) multipliers.set(index, clamp(current * (1 + o.boostStep), o.minMultiplier, o.maxMultiplier));
      }
      bias[example.category] = clamp(bias[example.category] + o.biasStep, -o.maxBias, o.maxBias);
      bias[result.category] = clamp(bias[result.category] - o.biasStep, -o.maxBias, o.maxBias);
    }
    if (mistakes === 0) break;
  }
  for (const [index, value] of multipliers) if (Math.abs(value - 1) < 1e-9) multipliers.delete(index);
  const categoryBias: Partial<Record<IncidentCategory, number>> = {};
  for (const c of incidentCategories) if (Math.abs(bias[c]) > 1e-9) categoryBias[c] = round(bias[c]);
  return { cueMultipliers: multipliers, categoryBias };
}

export interface FeedbackOverride {
  feedbackId: string;
  similarity: number;
  /** What the tuned classifier said before the override. */
  offlineCategory: IncidentCategory;
}

export interface TunedClassification extends OfflineClassification {
  /** Set when a nearly identical labelled incident decided the category. */
  override?: FeedbackOverride;
}

/** The offline classifier with feedback applied; build once per feedback change, classify many times. */
export class TunedOfflineClassifier {
  readonly adjustments: CueWeightAdjustments;
  private readonly examples: LabelledExample[];
  private readonly index = new FeatureIndex();
  private readonly overrideSimilarity: number;

  constructor(items: readonly FeedbackItem[], options: TuningOptions = {}) {
    const examples = labelledExamples(items);
    this.adjustments = tuneCueWeights(examples, options);
    this.examples = examples;
    for (const example of examples) this.index.add(textFeatures(example.text));
    this.overrideSimilarity = options.overrideSimilarity ?? defaults.overrideSimilarity;
  }

  get exampleCount(): number {
    return this.examples.length;
  }

  /** The most similar labelled example (newest on ties), if any. */
  nearest(text: string): { example: LabelledExample; similarity: number } | undefined {
    const scores = this.index.scores(textFeatures(text));
    let best: { example: LabelledExample; similarity: number } | undefined;
    this.examples.forEach((example, i) => {
      const similarity = Math.min(1, scores[i]);
      if (!best || similarity > best.similarity || (similarity === best.similarity && example.at > best.example.at)) {
        best = { example, similarity };
      }
    });
    return best;
  }

  classify(input: IncidentInput, votes: RunbookVote[] = []): TunedClassification {
    const result: TunedClassification = classifyOffline(input, votes, this.adjustments);
    const near = this.examples.length > 0 ? this.nearest(incidentText(input)) : undefined;
    if (!near || near.similarity < this.overrideSimilarity || near.example.category === result.category) return result;
    const category = near.example.category;
    // Re-run with the labelled category forced, only to pick its best-supported subcategory and severity.
    const forced = classifyOffline(input, votes, {
      cueMultipliers: this.adjustments.cueMultipliers,
      categoryBias: { ...this.adjustments.categoryBias, [category]: 1000 },
    });
    const similarity = round(near.similarity);
    const excerpt = near.example.text.replace(/\s+/g, ' ').slice(0, 80);
    return {
      ...forced,
      scores: result.scores,
      firedCues: result.firedCues,
      confidence: Math.min(0.95, similarity),
      rationale: `${category}: ${Math.round(similarity * 100)}% similar to an incident a person labelled ${category} ("${excerpt}"); the signals alone said ${result.category}.`,
      override: { feedbackId: near.example.id, similarity, offlineCategory: result.category },
    };
  }
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
