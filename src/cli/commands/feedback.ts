/** `ops-copilot feedback stats|export`: agreement and drift of stored feedback; fine-tuning JSONL export. */
import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { CliCommand, CliIo, UsageError, writeLine } from '../cliCommand';
import { chooseFormat, parseCliArgs } from '../parseCliArgs';
import { systemClock } from '../../core/clock';
import { FeedbackStore } from '../../core/feedback/feedbackStore';
import { incidentCategories } from '../../core/incidents/incident';

export const defaultFeedbackStore = '.ops-copilot/feedback.json';

const usage = `Usage: ops-copilot feedback stats [--store FILE] [--format text|json]
       ops-copilot feedback export [--store FILE] [--out FILE.jsonl] [--corrections-only]

Reads the feedback store (default ${defaultFeedbackStore}; the editor keeps one per workspace).
stats: agreement overall and per predicted category, plan agreement, and drift (disagreement over the last 50
classification items vs the items before them). export: chat-format JSONL for fine-tuning
({"messages":[system, user, assistant]}), incident text redacted; 👍 confirmations included unless --corrections-only.`;

export const feedbackCommand: CliCommand = {
  name: 'feedback',
  summary: 'feedback agreement and drift; export fine-tuning JSONL',
  usage,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCliArgs(args, {
      allowPositionals: true,
      options: { store: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, 'corrections-only': { type: 'boolean', default: false } },
    });
    const format = chooseFormat(values.format, ['text', 'json']);
    const warn = (message: string | Error) => writeLine(io.stderr, `ops-copilot: ${message instanceof Error ? message.message : message}`);
    const store = await FeedbackStore.open({
      file: path.resolve(io.cwd, values.store ?? defaultFeedbackStore),
      clock: systemClock,
      logger: { trace: () => undefined, debug: () => undefined, info: () => undefined, warn, error: warn },
    });
    switch (positionals[0]) {
      case 'stats': {
        const metrics = store.metrics();
        const drift = store.drift();
        if (format === 'json') {
          writeLine(io.stdout, JSON.stringify({ metrics, drift }, null, 2));
          return 0;
        }
        const pct = (rate: number | undefined) => (rate === undefined ? '–' : `${(rate * 100).toFixed(1)}%`);
        writeLine(io.stdout, `Classifications: ${metrics.classification.agreed}/${metrics.classification.total} agreed (${pct(metrics.classification.rate)})`);
        for (const c of incidentCategories) {
          const s = metrics.byCategory[c];
          if (s.total > 0) writeLine(io.stdout, `  ${c.padEnd(11)} ${s.agreed}/${s.total} (${pct(s.rate)})`);
        }
        writeLine(io.stdout, `Plans: ${metrics.plan.agreed}/${metrics.plan.total} agreed (${pct(metrics.plan.rate)})`);
        writeLine(
          io.stdout,
          `Drift: disagreement ${pct(drift.recentErrorRate)} over the last ${drift.recentCount} vs ${pct(drift.baselineErrorRate)} over the ${drift.baselineCount} before` +
            (drift.exceeds ? ' — above the 0.2 threshold' : ''),
        );
        return 0;
      }
      case 'export': {
        const result = store.exportFineTuning({ include: values['corrections-only'] ? 'corrections' : 'all' });
        if (values.out) {
          await writeFile(path.resolve(io.cwd, values.out), result.jsonl, 'utf8');
          writeLine(io.stderr, `wrote ${result.exported} example(s) to ${values.out} (${result.skipped} feedback item(s) had no usable label)`);
        } else {
          io.stdout.write(result.jsonl);
          writeLine(io.stderr, `${result.exported} example(s), ${result.skipped} skipped`);
        }
        return 0;
      }
      default:
        throw new UsageError(positionals[0] ? `unknown action '${positionals[0]}' (stats, export)` : 'feedback needs an action: stats or export');
    }
  },
};
