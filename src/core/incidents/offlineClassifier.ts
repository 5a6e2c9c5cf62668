/**
 * Offline incident classification: weighted evidence from phrase cues, detected anomaly types and runbook retrieval
 * votes, combined per category. It is the answer when no model is configured, the LLM's fallback, and a prior in
 * the classification prompt. Weights can be nudged by user corrections (see `CueWeightAdjustments`).
 */
import type { Anomaly, AnomalyType } from '../detection/anomaly';
import { classificationCues, ClassificationCue } from './classificationCues';
import { extractIncidentFeatures, IncidentFeatures } from './incidentFeatures';
import {
  Classification,
  IncidentCategory,
  IncidentInput,
  IncidentSeverity,
  incidentCategories,
  priorityFor,
  RunbookVote,
} from './incident';

/** How much each anomaly type says about each category (the detector knows what fired, text may not say it). */
const anomalyTypePriors: Record<AnomalyType, Partial<Record<IncidentCategory, number>>> = {
  error_spike: { Application: 1.5 },
  new_pattern: { Application: 0.5 },
  pattern_burst: { Application: 0.5, Performance: 0.25 },
  latency_degradation: { Performance: 3 },
  security_threat: { Security: 4 },
  resource_exhaustion: { Performance: 1.5, Hardware: 1 },
  service_outage: { Network: 1.5, Application: 1 },
  data_anomaly: { Application: 3 },
};

/** Total weight the runbook votes carry, spread over ranks as 1/(rank+1). */
const runbookVoteWeight = 2.5;
/** Extra matches of the same subcategory add this share of their weight: volume is weak evidence. */
const repeatShare = 0.3;
/** Softmax temperature over category scores; chosen so one decisive cue gives ~0.8 confidence. */
const temperature = 1.4;
/** Only this much of a long input is scanned: the head of an incident says what it is. */
const maxScanChars = 20000;

/** Learned per-cue multipliers and per-category biases from user corrections (feedback loop). */
export interface CueWeightAdjustments {
  cueMultipliers?: Map<number, number>;
  categoryBias?: Partial<Record<IncidentCategory, number>>;
}

export interface OfflineClassification extends Classification {
  source: 'offline';
  scores: Record<IncidentCategory, number>;
  /** Indices into classificationCues of the cues that fired (for feedback tuning). */
  firedCues: number[];
}

interface Bucket {
  category: IncidentCategory;
  subcategory: string;
  max: number;
  sum: number;
  examples: string[];
}

/**
 * The text an incident is judged by. `detectorText: false` leaves out the detector's own titles and explanations
 * ("Error spike in app.log", "error rate 34% vs baseline"): they are the same words for every incident of a type, the
 * type prior already counts them, and as cues they would outvote the evidence lines that say what actually broke.
 */
export function incidentText(input: IncidentInput, options: { detectorText?: boolean } = {}): string {
  const parts: string[] = [];
  if (input.text) parts.push(input.text);
  if (input.logLines?.length) parts.push(input.logLines.join('\n'));
  for (const anomaly of input.anomalies ?? []) {
    if (options.detectorText !== false) parts.push(anomaly.title, anomaly.explanation);
    parts.push(...anomaly.evidence.slice(0, 10).map((e) => e.text));
  }
  const text = parts.join('\n');
  return text.length > maxScanChars ? text.slice(0, maxScanChars) : text;
}

export function classifyOffline(
  input: IncidentInput,
  votes: RunbookVote[] = [],
  adjustments: CueWeightAdjustments = {},
): OfflineClassification {
  const features = extractIncidentFeatures(incidentText(input, { detectorText: false }));
  const buckets = new Map<string, Bucket>();
  const firedCues: number[] = [];
  classificationCues.forEach((c: ClassificationCue, index) => {
    const match = matchCue(c, features);
    if (!match) return;
    firedCues.push(index);
    const weight = c.weight * (adjustments.cueMultipliers?.get(index) ?? 1);
    const key = `${c.category}/${c.subcategory}`;
    const bucket = buckets.get(key) ?? { category: c.category, subcategory: c.subcategory, max: 0, sum: 0, examples: [] };
    bucket.max = Math.max(bucket.max, weight);
    bucket.sum += weight;
    if (bucket.examples.length < 2) bucket.examples.push(match[0].slice(0, 40));
    buckets.set(key, bucket);
  });

  const raw = Object.fromEntries(incidentCategories.map((c) => [c, adjustments.categoryBias?.[c] ?? 0])) as Record<
    IncidentCategory,
    number
  >;
  for (const bucket of buckets.values()) raw[bucket.category] += bucket.max + repeatShare * (bucket.sum - bucket.max);

  const anomalyTypes = new Set<AnomalyType>((input.anomalies ?? []).map((a) => a.type));
  for (const type of anomalyTypes) {
    for (const [category, weight] of Object.entries(anomalyTypePriors[type])) raw[category as IncidentCategory] += weight;
  }

  const voteNorm = votes.reduce((sum, v) => sum + 1 / (v.rank + 1), 0);
  for (const vote of votes) {
    if (vote.category) raw[vote.category] += (runbookVoteWeight * (1 / (vote.rank + 1))) / Math.max(voteNorm, 1);
  }

  const scores = softmax(raw);
  const ranked = [...incidentCategories].sort((a, b) => raw[b] - raw[a]);
  const hasEvidence = raw[ranked[0]] > 0;
  const category: IncidentCategory = hasEvidence ? ranked[0] : 'Application';
  const confidence = hasEvidence ? round(scores[category]) : 0.2;

  const winningBuckets = [...buckets.values()]
    .filter((b) => b.category === category)
    .sort((a, b) => b.max + b.sum * repeatShare - (a.max + a.sum * repeatShare));
  const topVote = votes.find((v) => v.category === category);
  const subcategory =
    topVote && topVote.rank <= 1 ? topVote.runbookId : winningBuckets[0]?.subcategory ?? category.toLowerCase();

  const severity = assessSeverity(incidentText(input), input.anomalies ?? [], category);
  const rationale = explain(category, winningBuckets, anomalyTypes, votes, scores, hasEvidence);
  return {
    category,
    subcategory,
    severity,
    priority: priorityFor(severity),
    confidence,
    rationale,
    source: 'offline',
    scores,
    firedCues,
  };
}

/** For each residual cue, the other cues of its scope: the lines they claim are not the residual's. */
const residualSiblings = new Map<ClassificationCue, ClassificationCue[]>(
  classificationCues
    .filter((c) => c.residual)
    .map((c) => [c, classificationCues.filter((other) => other !== c && (other.scope ?? 'text') === (c.scope ?? 'text'))]),
);

/** The cue's match in its scope's view of the incident; a residual cue only sees lines no sibling cue claims. */
function matchCue(c: ClassificationCue, features: IncidentFeatures): RegExpExecArray | null {
  const view = features[c.scope ?? 'text'];
  if (!view) return null;
  if (!c.residual) return c.pattern.exec(view);
  const siblings = residualSiblings.get(c) ?? [];
  for (const line of view.split('\n')) {
    if (siblings.some((other) => other.pattern.test(line))) continue;
    const match = c.pattern.exec(line);
    if (match) return match;
  }
  return null;
}

const criticalPattern =
  /\boutage\b|all (?:users|tenants|requests|regions)|every request|100% of|data loss|\bbreach\b|ransomware|exfiltrat|exposed|compromised|\bdown\b|cluster health red|no primary|0 healthy targets|unexpectedly rebooted|rebooted unexpectedly|kernel panic|\bfatal\b|\bpanic\b|launch instances/i;
const highPattern =
  /\bspike|jumped|failing|failed|failure|errors?\b|\b5\d\d\b|timeouts?|timed out|oom|killed|out of memory|lag \d|growing|unreachable|refused|expired|brute|injection|locked|stuck|exhausted|no space|notready|critical|crash/i;
const lowPattern = /\bminor\b|single|one-off|cosmetic|\bwarning\b|intermittent|no (?:user|customer) impact/i;

function assessSeverity(text: string, anomalies: Anomaly[], category: IncidentCategory): IncidentSeverity {
  const worstAnomaly = anomalies.reduce<number>(
    (worst, a) => Math.max(worst, a.severity === 'error' ? 2 : a.severity === 'warning' ? 1 : 0),
    -1,
  );
  if (criticalPattern.test(text)) return 'critical';
  if (category === 'Security' && /leak|stolen|committed|posted|public|used from|setuid|uid 0/i.test(text)) return 'critical';
  if (worstAnomaly === 2 || highPattern.test(text)) return lowPattern.test(text) && worstAnomaly < 2 ? 'medium' : 'high';
  if (worstAnomaly === 1) return 'medium';
  if (lowPattern.test(text)) return 'low';
  return 'medium';
}

function explain(
  category: IncidentCategory,
  buckets: Bucket[],
  anomalyTypes: Set<AnomalyType>,
  votes: RunbookVote[],
  scores: Record<IncidentCategory, number>,
  hasEvidence: boolean,
): string {
  if (!hasEvidence) return 'No recognisable incident signals; defaulted to Application with low confidence.';
  const parts: string[] = [];
  if (buckets.length > 0) {
    parts.push(
      `signals: ${buckets
        .slice(0, 3)
        .map((b) => `${b.subcategory} ("${b.examples.join('", "')}")`)
        .join('; ')}`,
    );
  }
  const supporting = [...anomalyTypes].filter((t) => (anomalyTypePriors[t][category] ?? 0) > 0);
  if (supporting.length > 0) parts.push(`detected anomalies: ${supporting.join(', ')}`);
  const agreeing = votes.filter((v) => v.category === category).slice(0, 3);
  if (agreeing.length > 0) parts.push(`matching runbooks: ${agreeing.map((v) => v.runbookId).join(', ')}`);
  const runnerUp = [...incidentCategories].filter((c) => c !== category).sort((a, b) => scores[b] - scores[a])[0];
  parts.push(`runner-up ${runnerUp} at ${Math.round(scores[runnerUp] * 100)}%`);
  return `${category}: ${parts.join('; ')}.`;
}

function softmax(raw: Record<IncidentCategory, number>): Record<IncidentCategory, number> {
  const max = Math.max(...incidentCategories.map((c) => raw[c]));
  const exp = incidentCategories.map((c) => Math.exp((raw[c] - max) / temperature));
  const total = exp.reduce((a, b) => a + b, 0);
  return Object.fromEntries(incidentCategories.map((c, i) => [c, round(exp[i] / total)])) as Record<
    IncidentCategory,
    number
  >;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
