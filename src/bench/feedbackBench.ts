/**
 * Feedback loop figures: offline classifier accuracy on a held-out half of the labelled incident set before and after
 * 30 feedback items from the other half (and the same over 40 different deterministic splits), then the cost of
 * using feedback: building the tuned classifier, classifying with it vs without, and picking few-shot examples.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BenchSuite } from './benchSuite';
import { TunedOfflineClassifier } from '../core/feedback/classifierTuning';
import { evaluateCorrections, LabelledIncident } from '../core/feedback/correctionEval';
import type { FeedbackItem } from '../core/feedback/feedbackRecord';
import { selectFewShotExamples } from '../core/feedback/fewShotExamples';
import { classifyOffline } from '../core/incidents/offlineClassifier';
import { incidentCategories } from '../core/incidents/incident';

function repoRoot(): string {
  for (const candidate of [resolve(__dirname, '..'), resolve(__dirname, '..', '..'), process.cwd()]) {
    if (existsSync(join(candidate, 'package.json')) && existsSync(join(candidate, 'src'))) return candidate;
  }
  return process.cwd();
}

function loadIncidents(): LabelledIncident[] {
  const file = join(repoRoot(), 'src', 'test', 'fixtures', 'incidents', 'incidents.jsonl');
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as LabelledIncident);
}

const pct = (value: number) => `${(value * 100).toFixed(1)}%`;

/** `count` feedback items made from the labelled set with varied numbers, a fifth of them relabelled (corrections). */
function syntheticFeedback(rows: readonly LabelledIncident[], count: number): FeedbackItem[] {
  return Array.from({ length: count }, (_, i) => {
    const row = rows[i % rows.length];
    const predicted = classifyOffline({ text: row.text });
    const corrected = i % 5 === 0 ? incidentCategories[(incidentCategories.indexOf(row.category) + 1) % incidentCategories.length] : undefined;
    return {
      id: `b${i}`,
      at: i,
      target: 'classification',
      verdict: corrected ? 'down' : 'up',
      predicted: { category: predicted.category, subcategory: predicted.subcategory, severity: predicted.severity, priority: predicted.priority, confidence: predicted.confidence, source: 'offline' },
      ...(corrected ? { correctedCategory: corrected } : {}),
      inputText: `${row.text} (host-${i} pid ${1000 + i})`,
    };
  });
}

function timeMs(fn: () => void, repeat = 1): number {
  const start = performance.now();
  for (let i = 0; i < repeat; i++) fn();
  return (performance.now() - start) / repeat;
}

export const feedbackBench: BenchSuite = {
  name: 'feedback',
  async run() {
    const rows = loadIncidents();
    const r = evaluateCorrections(rows, { feedbackCount: 30 });
    console.log(`Offline classifier, ${r.total} labelled incidents split deterministically (FNV-1a of seed+text): ${r.trainPool} training pool, ${r.heldOut} held out.`);
    console.log(`30 feedback items from the pool: ${r.corrections} corrections (every item the classifier got wrong there) + ${r.confirmations} confirmations.\n`);
    console.log('| | before | after 30 feedback items |');
    console.log('|---|---|---|');
    console.log(`| held-out accuracy (${r.heldOut} items) | ${pct(r.heldOutBefore)} | ${pct(r.heldOutAfter)} |`);
    console.log(`| accuracy on the 30 feedback items | ${pct(r.feedbackBefore)} | ${pct(r.feedbackAfter)} |`);
    console.log(`\nHeld-out items fixed: ${r.fixed}, broken: ${r.broken}, decided by the nearest-example override: ${r.overridesOnHeldOut}.`);

    const seeds = 40;
    let before = 0;
    let after = 0;
    let fixed = 0;
    let broken = 0;
    let corrections = 0;
    for (let i = 0; i < seeds; i++) {
      const s = evaluateCorrections(rows, { feedbackCount: 30, seed: `split-${i}` });
      before += s.heldOutBefore;
      after += s.heldOutAfter;
      fixed += s.fixed;
      broken += s.broken;
      corrections += s.corrections;
    }
    console.log(
      `Over ${seeds} other splits: mean held-out accuracy ${pct(before / seeds)} → ${pct(after / seeds)}; ${corrections} corrections in all; ` +
        `held-out items fixed ${fixed}, broken ${broken}.`,
    );

    console.log('\nCost of feedback (ms, mean):\n');
    console.log('| feedback items | build tuned classifier | classify: base | classify: tuned | tuned/base | few-shot selection |');
    console.log('|---|---|---|---|---|---|');
    const probe = 'HikariPool-1 - Connection is not available, request timed out after 30000ms on orders-api';
    for (const count of [100, 1000]) {
      const items = syntheticFeedback(rows, count);
      let tuned: TunedOfflineClassifier | undefined;
      const build = timeMs(() => (tuned = new TunedOfflineClassifier(items)));
      const base = timeMs(() => classifyOffline({ text: probe }), 200);
      const withFeedback = timeMs(() => tuned!.classify({ text: probe }), 200);
      const fewShot = timeMs(() => selectFewShotExamples(items, probe), 20);
      console.log(`| ${count} | ${build.toFixed(0)} | ${base.toFixed(3)} | ${withFeedback.toFixed(3)} | ${(withFeedback / base).toFixed(1)}× | ${fewShot.toFixed(1)} |`);
    }
  },
};
