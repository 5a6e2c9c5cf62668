/**
 * `ops-copilot eval feedback --dataset FILE.jsonl`: how much corrections help the offline classifier. The set is split
 * deterministically into a training pool and a held-out half; N pool items become feedback (the ones the classifier
 * gets wrong first, as real corrections would be, then confirmations); held-out accuracy is compared before/after.
 */
import { parseArgs } from 'node:util';
import { CliIo, UsageError, writeLine } from '../cliCommand';
import { evaluateCorrections, LabelledIncident } from '../../core/feedback/correctionEval';
import { isIncidentCategory } from '../../core/incidents/incident';
import type { EvalSubcommand } from './evalSubcommand';
import { loadDataset } from './loadDataset';

const usage = `Usage: ops-copilot eval feedback --dataset FILE.jsonl [--count N] [--seed S] [--format text|json]

Each dataset line is {"text": "...", "category": "..."}. Feeds N items (default 30) of a deterministic training half
as feedback (misclassified ones first, as corrections; the rest as confirmations) into the tuned offline classifier
and prints accuracy on the held-out half before and after, with the items fixed and broken. --seed changes the split.`;

export const evalFeedback: EvalSubcommand = {
  name: 'feedback',
  summary: 'offline classifier accuracy on held-out incidents before/after N corrections',
  usage,
  async run(args: string[], io: CliIo): Promise<number> {
    let values;
    try {
      ({ values } = parseArgs({ args, options: { dataset: { type: 'string' }, count: { type: 'string' }, seed: { type: 'string' }, format: { type: 'string' } } }));
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    if (!values.dataset) throw new UsageError('--dataset FILE.jsonl is required');
    const format = values.format ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json (got '${format}')`);
    const count = values.count === undefined ? 30 : Number(values.count);
    if (!Number.isInteger(count) || count < 1) throw new UsageError(`--count must be a positive integer (got '${values.count}')`);
    const rows = (await loadDataset(values.dataset, io.cwd)).map((row, index): LabelledIncident => {
      const r = row as { text?: unknown; category?: unknown };
      if (typeof r.text !== 'string' || !isIncidentCategory(r.category)) {
        throw new UsageError(`${values.dataset}: row ${index + 1} needs a string "text" and a known "category"`);
      }
      return { text: r.text, category: r.category };
    });
    if (rows.length < count * 2) throw new UsageError(`--count ${count} needs at least ${count * 2} labelled rows (got ${rows.length})`);
    const result = evaluateCorrections(rows, { feedbackCount: count, seed: values.seed });
    if (format === 'json') {
      writeLine(io.stdout, JSON.stringify(result, null, 2));
      return 0;
    }
    const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
    writeLine(io.stdout, `${result.total} incidents: ${result.trainPool} in the training pool, ${result.heldOut} held out.`);
    writeLine(io.stdout, `Feedback: ${result.corrections} corrections + ${result.confirmations} confirmations from the pool.`);
    writeLine(io.stdout, `Held-out accuracy: ${pct(result.heldOutBefore)} before, ${pct(result.heldOutAfter)} after (fixed ${result.fixed}, broken ${result.broken}, nearest-example overrides ${result.overridesOnHeldOut}).`);
    writeLine(io.stdout, `Accuracy on the feedback items themselves: ${pct(result.feedbackBefore)} before, ${pct(result.feedbackAfter)} after.`);
    return 0;
  },
};
