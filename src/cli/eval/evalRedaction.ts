/** `ops-copilot eval redaction`: share of secrets removed and of context strings kept on a labelled set. */
import { parseArgs } from 'node:util';
import { CliIo, UsageError, writeLine } from '../cliCommand';
import type { EvalSubcommand } from './evalSubcommand';
import { loadDataset } from './loadDataset';
import { evaluateRedaction, RedactionCase } from '../../core/safety/evaluateSafety';
import bundledCases from '../../test/fixtures/redaction/cases.json';

const usage = `Usage: ops-copilot eval redaction [--dataset FILE] [--format text|json] [--redact-ips]

Redacts every text of a labelled set and prints the share of secrets removed (a secret counts as leaked if any
8-character piece of it survives) and the share of context strings (timestamps, ids, hashes, hosts, status codes,
durations) kept intact. The dataset is a JSON array or JSON Lines of {"text": "...", "secrets": [...], "keep": [...]};
without --dataset the bundled set (${bundledCases.length} texts) is used. Exit 1 when secrets removed < 100% or kept < 95%.`;

export const evalRedaction: EvalSubcommand = {
  name: 'redaction',
  summary: 'score the redactor: secrets removed, context kept',
  usage,
  async run(args: string[], io: CliIo): Promise<number> {
    let values;
    try {
      ({ values } = parseArgs({ args, options: { dataset: { type: 'string' }, format: { type: 'string', default: 'text' }, 'redact-ips': { type: 'boolean', default: false } } }));
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`--format must be text or json (got '${values.format}')`);
    const rows = values.dataset ? validate(await loadDataset(values.dataset, io.cwd), values.dataset) : (bundledCases as RedactionCase[]);
    const result = evaluateRedaction(rows, { redactIps: values['redact-ips'] });
    const pass = result.removedShare === 1 && result.keptShare >= 0.95;
    if (values.format === 'json') {
      // Leaked secrets are not echoed in full: the report may be pasted into tickets.
      const leaks = result.leaks.map((l) => ({ secret: `${l.secret.slice(0, 4)}…(${l.secret.length} chars)` }));
      writeLine(io.stdout, JSON.stringify({ dataset: values.dataset ?? 'bundled', ...result, leaks, targetsMet: pass }, null, 2));
      return pass ? 0 : 1;
    }
    const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
    writeLine(io.stdout, `Dataset: ${values.dataset ?? 'bundled'} (${result.cases} texts)`);
    writeLine(io.stdout, `Secrets removed: ${pct(result.removedShare)} (${result.secretsRemoved}/${result.secrets})`);
    writeLine(io.stdout, `Context kept:    ${pct(result.keptShare)} (${result.kept}/${result.keep})`);
    for (const leak of result.leaks) writeLine(io.stdout, `  leaked: ${leak.secret.slice(0, 4)}…(${leak.secret.length} chars) in: ${leak.output.slice(0, 120).replace(/\n/g, '⏎')}`);
    for (const lost of result.lost) writeLine(io.stdout, `  lost context: ${JSON.stringify(lost.keep)} → ${lost.output.slice(0, 120).replace(/\n/g, '⏎')}`);
    writeLine(io.stdout, `Targets (secrets 100%, context ≥ 95%): ${pass ? 'met' : 'NOT met'}`);
    return pass ? 0 : 1;
  },
};

function validate(rows: unknown[], file: string): RedactionCase[] {
  return rows.map((row, index) => {
    const r = row as Partial<RedactionCase>;
    const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
    if (typeof r?.text !== 'string' || !strings(r.secrets ?? []) || !strings(r.keep ?? [])) {
      throw new UsageError(`${file}: entry ${index + 1} needs {"text": string, "secrets": string[], "keep": string[]}`);
    }
    return { text: r.text, secrets: r.secrets ?? [], keep: r.keep ?? [] };
  });
}
