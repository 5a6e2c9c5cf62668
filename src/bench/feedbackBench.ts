/**
 * Feedback loop figures. First how well the offline classifier generalises: accuracy and macro-F1 on the set its cues
 * were written with (incidents.jsonl), on both halves of realworld.jsonl (alert names, Kubernetes events, traces,
 * status pages; the classifier was improved on its tuning half only) and on realworldBlind.jsonl (written after the
 * cues were frozen and scored once at 78.3%, up from 60.0% before the changes; generic phrases were added later after
 * reading its errors, so today's figure on it is optimistic and only the 78.3% was a clean measurement). Then accuracy before and after 30 feedback items (corrections of what it got
 * wrong first, then confirmations), always measured on incidents the feedback did not include. Then the cost of using
 * feedback: building the tuned classifier, classifying with it vs without, and picking few-shot examples.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BenchSuite } from './benchSuite';
import { TunedOfflineClassifier } from '../core/feedback/classifierTuning';
import { evaluateCorrections, LabelledIncident } from '../core/feedback/correctionEval';
import type { FeedbackItem } from '../core/feedback/feedbackRecord';
import { selectFewShotExamples } from '../core/feedback/fewShotExamples';
import { classifyOffline } from '../core/incidents/offlineClassifier';
import { IncidentCategory, incidentCategories } from '../core/incidents/incident';
import { classificationMetrics } from '../core/incidents/classificationMetrics';
import { splitLabelled } from '../core/incidents/labelledSplit';

function repoRoot(): string {
  for (const candidate of [resolve(__dirname, '..'), resolve(__dirname, '..', '..'), process.cwd()]) {
    if (existsSync(join(candidate, 'package.json')) && existsSync(join(candidate, 'src'))) return candidate;
  }
  return process.cwd();
}

function loadIncidents(name = 'incidents.jsonl'): LabelledIncident[] {
  const file = join(repoRoot(), 'src', 'test', 'fixtures', 'incidents', name);
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

interface TransferResult {
  corrections: number;
  confirmations: number;
  targets: { name: string; n: number; before: number; after: number; fixed: number; broken: number; overrides: number }[];
}

/**
 * `count` feedback items from `pool` (the base classifier's mistakes there as corrections first, as people correct
 * what is wrong, then confirmations of what it got right), then accuracy on each target set before and after.
 */
function feedbackTransfer(pool: readonly LabelledIncident[], targets: Record<string, readonly LabelledIncident[]>, count: number): TransferResult {
  const predicted = pool.map((row) => ({ row, predicted: classifyOffline({ text: row.text }) }));
  const chosen = [...predicted.filter((p) => p.predicted.category !== p.row.category), ...predicted.filter((p) => p.predicted.category === p.row.category)].slice(0, count);
  const t0 = Date.UTC(2026, 0, 1);
  const items: FeedbackItem[] = chosen.map(({ row, predicted: p }, i) => {
    const wrong = p.category !== row.category;
    return {
      id: `transfer-${i}`,
      at: t0 + i * 60000,
      target: 'classification',
      verdict: wrong ? 'down' : 'up',
      predicted: { category: p.category, subcategory: p.subcategory, severity: p.severity, priority: p.priority, confidence: p.confidence, source: 'offline' },
      ...(wrong ? { correctedCategory: row.category } : {}),
      inputText: row.text,
    };
  });
  const tuned = new TunedOfflineClassifier(items);
  return {
    corrections: items.filter((i) => i.verdict === 'down').length,
    confirmations: items.filter((i) => i.verdict === 'up').length,
    targets: Object.entries(targets).map(([name, rows]) => {
      let before = 0;
      let after = 0;
      let fixed = 0;
      let broken = 0;
      let overrides = 0;
      for (const row of rows) {
        const b = classifyOffline({ text: row.text }).category === row.category;
        const result = tuned.classify({ text: row.text });
        const a = result.category === row.category;
        before += b ? 1 : 0;
        after += a ? 1 : 0;
        if (!b && a) fixed++;
        if (b && !a) broken++;
        if (result.override) overrides++;
      }
      return { name, n: rows.length, before: before / rows.length, after: after / rows.length, fixed, broken, overrides };
    }),
  };
}

function printTransfer(title: string, r: TransferResult): void {
  console.log(`\n${title}: ${r.corrections} corrections + ${r.confirmations} confirmations.\n`);
  console.log('| measured on | n | before | after 30 feedback items | fixed | broken | nearest-example overrides |');
  console.log('|---|---|---|---|---|---|---|');
  for (const t of r.targets) console.log(`| ${t.name} | ${t.n} | ${pct(t.before)} | ${pct(t.after)} | ${t.fixed} | ${t.broken} | ${t.overrides} |`);
}

function printGeneralisation(sets: Record<string, readonly LabelledIncident[]>): void {
  console.log('Offline classifier (text only, no runbook votes) on each labelled set:\n');
  console.log('| set | n | accuracy | macro-F1 | weakest class (recall) |');
  console.log('|---|---|---|---|---|');
  for (const [name, rows] of Object.entries(sets)) {
    const m = classificationMetrics(rows.map((r) => ({ actual: r.category, predicted: classifyOffline({ text: r.text }).category })));
    const weakest = incidentCategories
      .filter((c) => m.perClass[c].support > 0)
      .reduce<IncidentCategory>((w, c) => (m.perClass[c].recall < m.perClass[w].recall ? c : w), 'Application');
    console.log(`| ${name} | ${m.total} | ${pct(m.accuracy)} | ${pct(m.macroF1)} | ${weakest} (${pct(m.perClass[weakest].recall)}) |`);
  }
}

/** The same incident text as a recurrence would carry it: every digit shifted, so hosts, ids and values differ. */
function recurrence(text: string): string {
  return text.replace(/\d/g, (d) => String((Number(d) + 3) % 10));
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
    const realworld = splitLabelled(loadIncidents('realworld.jsonl'));
    const blind = loadIncidents('realworldBlind.jsonl');
    printGeneralisation({
      'incidents.jsonl (cues written with it)': rows,
      'realworld.jsonl tuning half': realworld.tuning,
      'realworld.jsonl held-out half': realworld.heldOut,
      'realworldBlind.jsonl (written after the cues)': blind,
    });

    printTransfer(
      '30 feedback items from the realworld tuning half',
      feedbackTransfer(realworld.tuning, { 'realworld held-out half': realworld.heldOut, 'realworldBlind.jsonl': blind, 'incidents.jsonl': rows }, 30),
    );
    // The blind set is the only one the cues were not fitted to, so it is where corrections have something to fix:
    // 30 of its items as feedback, the other 30 measured, over many deterministic splits.
    const blindSplit = splitLabelled(blind, 'blind-feedback');
    printTransfer(
      '30 feedback items from one half of realworldBlind.jsonl',
      feedbackTransfer(blindSplit.tuning, { 'realworldBlind other half': blindSplit.heldOut, 'realworld held-out half': realworld.heldOut, 'incidents.jsonl': rows }, 30),
    );
    const blindSeeds = 40;
    let blindBefore = 0;
    let blindAfter = 0;
    let blindFixed = 0;
    let blindBroken = 0;
    let blindCorrections = 0;
    for (let i = 0; i < blindSeeds; i++) {
      const split = splitLabelled(blind, `blind-feedback-${i}`);
      const t = feedbackTransfer(split.tuning, { other: split.heldOut }, 30);
      blindBefore += t.targets[0].before;
      blindAfter += t.targets[0].after;
      blindFixed += t.targets[0].fixed;
      blindBroken += t.targets[0].broken;
      blindCorrections += t.corrections;
    }
    console.log(
      `Over ${blindSeeds} other splits of realworldBlind.jsonl: mean accuracy on the unseen half ${pct(blindBefore / blindSeeds)} → ${pct(blindAfter / blindSeeds)}; ` +
        `${blindCorrections} corrections in all; fixed ${blindFixed}, broken ${blindBroken}.`,
    );
    // Alerts recur: the same rule fires again on another host with other numbers. That, not a never-seen incident,
    // is what a correction is usually followed by.
    const recurrences = blindSplit.tuning.map((row) => ({ ...row, text: recurrence(row.text) }));
    const recurring = feedbackTransfer(blindSplit.tuning, { 'the same 30 incidents recurring (other numbers and hosts)': recurrences }, 30).targets[0];
    console.log(
      `Recurrences of the 30 feedback incidents (digits changed, e.g. another host and value): ${pct(recurring.before)} → ${pct(recurring.after)} ` +
        `(fixed ${recurring.fixed}, broken ${recurring.broken}, nearest-example overrides ${recurring.overrides}).\n`,
    );

    console.log('30 feedback items from incidents.jsonl, measured on its other half (the set the cues were written with):\n');
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
