/**
 * `ops-copilot eval templates --dir DIR`: grouping and parsing accuracy of the template miner on labelled logs, one
 * system per `<name>.log` with `<name>.expected` (one template per line) or LogHub-style `<name>.truth.tsv`
 * (`LineId<TAB>EventId<TAB>EventTemplate` per line).
 */
import { readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CliIo, UsageError, writeLine } from '../cliCommand';
import type { EvalSubcommand } from './evalSubcommand';
import { readLineLabels, scoreDrain, scoreTemplates, TemplateScore } from '../../core/templates/templateEval';
import { drainSettingsFor } from '../../core/templates/drainBaseline';

const bundledDir = join('src', 'test', 'fixtures', 'templates');

const usage = `Usage: ops-copilot eval templates [--dir DIR] [--format text|json] [--show-errors N] [--min-grouping X] [--baseline drain]

Mines each DIR/<name>.log and compares every line's template with DIR/<name>.expected (one template per line),
DIR/<name>.truth.tsv (LineId<TAB>EventId<TAB>EventTemplate) or LogHub's own DIR/<name>.log_structured_corrected.csv
or DIR/<name>.log_structured.csv (so a folder of LogHub's <System>_2k.log files with their CSVs works as it is). Prints per system:
grouping accuracy (lines whose predicted group is exactly their labelled group), parsing accuracy (exact template
text) and a lenient parsing accuracy (notation normalised: quotes or punctuation around <*>, adjacent <*>). Without
--dir the bundled labelled samples (${bundledDir}) are used. Exit 1 when mean grouping accuracy < --min-grouping.
--baseline drain scores Drain beside the miner on the same lines, tuned per system as the LogPAI benchmark tunes it
(header format, preprocessing regexes, threshold, depth; systems named as LogHub names them, e.g. HDFS.log).`;

interface SystemScore extends Omit<TemplateScore, 'predicted'> {
  system: string;
  /** Drain tuned for this system, when --baseline drain and the system has benchmark settings. */
  drain?: Omit<TemplateScore, 'predicted'>;
}

function findBundled(cwd: string): string {
  for (const root of [resolve(__dirname, '..'), resolve(__dirname, '..', '..', '..'), cwd]) {
    const candidate = join(root, bundledDir);
    if (existsSync(candidate)) return candidate;
  }
  throw new UsageError(`the bundled samples (${bundledDir}) are not here: pass --dir`);
}

export const evalTemplates: EvalSubcommand = {
  name: 'templates',
  summary: 'score the template miner: grouping and parsing accuracy on labelled logs',
  usage,
  async run(args: string[], io: CliIo): Promise<number> {
    let values;
    try {
      ({ values } = parseArgs({
        args,
        options: {
          dir: { type: 'string' },
          format: { type: 'string', default: 'text' },
          'show-errors': { type: 'string', default: '0' },
          'min-grouping': { type: 'string' },
          baseline: { type: 'string' },
        },
      }));
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`--format must be text or json (got '${values.format}')`);
    const showErrors = Number(values['show-errors']);
    if (!Number.isInteger(showErrors) || showErrors < 0) throw new UsageError('--show-errors must be a whole number');
    const minGrouping = values['min-grouping'] === undefined ? undefined : Number(values['min-grouping']);
    if (minGrouping !== undefined && !(minGrouping >= 0 && minGrouping <= 1)) throw new UsageError('--min-grouping must be between 0 and 1');
    if (values.baseline !== undefined && values.baseline !== 'drain') throw new UsageError(`--baseline must be drain (got '${values.baseline}')`);
    const dir = values.dir !== undefined ? resolve(io.cwd, values.dir) : findBundled(io.cwd);
    let names: string[];
    try {
      names = (await readdir(dir)).filter((f) => f.endsWith('.log')).map((f) => f.slice(0, -4)).sort();
    } catch (error) {
      throw new UsageError(`cannot read ${dir}: ${(error as Error).message}`);
    }
    const scores: SystemScore[] = [];
    for (const system of names) {
      const labelPath = [
        join(dir, `${system}.expected`),
        join(dir, `${system}.truth.tsv`),
        join(dir, `${system}.log_structured_corrected.csv`),
        join(dir, `${system}.log_structured.csv`),
      ].find((p) => existsSync(p));
      if (labelPath === undefined) continue;
      const labels = await readLineLabels(labelPath);
      const { predicted, ...score } = await scoreTemplates(join(dir, `${system}.log`), labels);
      const settings = values.baseline === 'drain' ? drainSettingsFor(system) : undefined;
      const drain = settings === undefined ? undefined : await scoreDrain(join(dir, `${system}.log`), labels, settings);
      scores.push({ system, ...score, drain });
      if (showErrors > 0 && values.format === 'text') {
        let shown = 0;
        const seen = new Set<string>();
        for (let i = 0; i < predicted.length && shown < showErrors; i++) {
          const key = `${predicted[i]}\u0000${labels.templates[i]}`;
          if (predicted[i].replace(/\s+/g, ' ').trim() === labels.templates[i].replace(/\s+/g, ' ').trim() || seen.has(key)) continue;
          seen.add(key);
          shown++;
          writeLine(io.stdout, `  ${system} line ${i + 1}\n    mined:    ${predicted[i]}\n    expected: ${labels.templates[i]}`);
        }
      }
    }
    if (scores.length === 0) throw new UsageError(`no <name>.log with <name>.expected, <name>.truth.tsv or <name>.log_structured[_corrected].csv in ${dir}`);
    const mean = (pick: (s: SystemScore) => number): number => scores.reduce((sum, s) => sum + pick(s), 0) / scores.length;
    const summary = {
      groupingAccuracy: mean((s) => s.groupingAccuracy),
      parsingAccuracy: mean((s) => s.parsingAccuracy),
      lenientParsingAccuracy: mean((s) => s.lenientParsingAccuracy),
    };
    // Drain's means and ours over the systems Drain has settings for, side by side.
    const compared = scores.filter((s) => s.drain !== undefined);
    const meanOf = (list: SystemScore[], pick: (s: SystemScore) => number): number => list.reduce((sum, s) => sum + pick(s), 0) / list.length;
    const baseline =
      compared.length === 0
        ? undefined
        : {
            systems: compared.length,
            ours: { groupingAccuracy: meanOf(compared, (s) => s.groupingAccuracy), parsingAccuracy: meanOf(compared, (s) => s.parsingAccuracy) },
            drain: { groupingAccuracy: meanOf(compared, (s) => s.drain!.groupingAccuracy), parsingAccuracy: meanOf(compared, (s) => s.drain!.parsingAccuracy) },
          };
    const pass = minGrouping === undefined || summary.groupingAccuracy >= minGrouping;
    if (values.format === 'json') {
      writeLine(io.stdout, JSON.stringify({ dir, systems: scores, mean: summary, baseline, targetMet: pass }, null, 2));
      return pass ? 0 : 1;
    }
    writeLine(io.stdout, `Labelled logs: ${dir} (${scores.length} systems)`);
    const drainHeader = baseline === undefined ? '' : '  drain: grouping  parsing  templates';
    writeLine(io.stdout, `${'system'.padEnd(14)} ${'lines'.padStart(6)}  grouping  parsing  lenient  templates (expected)${drainHeader}`);
    for (const s of scores) {
      const drain = s.drain === undefined ? '' : `         ${s.drain.groupingAccuracy.toFixed(3).padStart(8)}  ${s.drain.parsingAccuracy.toFixed(3).padStart(7)}  ${String(s.drain.templates).padStart(9)}`;
      writeLine(
        io.stdout,
        `${s.system.padEnd(14)} ${String(s.lines).padStart(6)}  ${s.groupingAccuracy.toFixed(3).padStart(8)}  ${s.parsingAccuracy.toFixed(3).padStart(7)}  ${s.lenientParsingAccuracy.toFixed(3).padStart(7)}  ${`${s.templates} (${s.expectedTemplates})`.padStart(20)}${drain}`,
      );
    }
    writeLine(io.stdout, `${'mean'.padEnd(14)} ${''.padStart(6)}  ${summary.groupingAccuracy.toFixed(3).padStart(8)}  ${summary.parsingAccuracy.toFixed(3).padStart(7)}  ${summary.lenientParsingAccuracy.toFixed(3).padStart(7)}`);
    if (baseline !== undefined) {
      writeLine(
        io.stdout,
        `Over the ${baseline.systems} systems with Drain settings: miner grouping ${baseline.ours.groupingAccuracy.toFixed(3)}, parsing ${baseline.ours.parsingAccuracy.toFixed(3)}; Drain tuned per system grouping ${baseline.drain.groupingAccuracy.toFixed(3)}, parsing ${baseline.drain.parsingAccuracy.toFixed(3)}`,
      );
    }
    if (minGrouping !== undefined) writeLine(io.stdout, `Target (mean grouping ≥ ${minGrouping}): ${pass ? 'met' : 'NOT met'}`);
    return pass ? 0 : 1;
  },
};
