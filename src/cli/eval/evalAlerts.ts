/**
 * `ops-copilot eval alerts FILE…|--dir DIR`: line-level precision, recall and F1 of the detector on logs whose first
 * token labels each line (`-` normal, else an alert category), as LogHub publishes BGL and Thunderbird.
 */
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CliIo, UsageError, writeLine } from '../cliCommand';
import { chooseFormat, parseCliArgs } from '../parseCliArgs';
import type { EvalSubcommand } from './evalSubcommand';
import { AlertScore, scoreAlerts } from '../../core/detection/alertEval';

const usage = `Usage: ops-copilot eval alerts (FILE… | --dir DIR) [--label-column strip|keep|both] [--warmup N] [--format text|json] [--min-f1 X]

Scans each log whose lines start with an alert label ('-' for a normal line, an alert category otherwise, as LogHub's
BGL and Thunderbird are published) and scores the lines the detector puts inside an anomaly against the labels:
precision, recall and F1 per file. --label-column strip (default) scans the lines without the label token, as a
production log has them; keep scans the file as published; both reports the two. --warmup sets the records the
detector learns from before baseline-relative alarms (default 1,000, as scan: a shorter sample needs less). Exit 1
when an F1 is below --min-f1.`;

interface FileScore {
  file: string;
  labelColumn: 'strip' | 'keep';
  score: AlertScore;
}

export const evalAlerts: EvalSubcommand = {
  name: 'alerts',
  summary: 'score line-level anomaly detection on logs labelled per line (BGL, Thunderbird style)',
  usage,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCliArgs(args, {
      allowPositionals: true,
      options: {
        dir: { type: 'string' },
        'label-column': { type: 'string', default: 'strip' },
        format: { type: 'string' },
        'min-f1': { type: 'string' },
        warmup: { type: 'string' },
      },
    });
    const column = values['label-column'];
    if (column !== 'strip' && column !== 'keep' && column !== 'both') throw new UsageError(`--label-column must be strip, keep or both (got '${column}')`);
    const format = chooseFormat(values.format, ['text', 'json']);
    const minF1 = values['min-f1'] === undefined ? undefined : Number(values['min-f1']);
    if (minF1 !== undefined && !(minF1 >= 0 && minF1 <= 1)) throw new UsageError('--min-f1 must be between 0 and 1');
    const warmupRecords = values.warmup === undefined ? undefined : Number(values.warmup);
    if (warmupRecords !== undefined && !(Number.isInteger(warmupRecords) && warmupRecords >= 0)) throw new UsageError('--warmup must be a whole number');
    const files = positionals.map((p) => resolve(io.cwd, p));
    if (values.dir !== undefined) {
      const dir = resolve(io.cwd, values.dir);
      try {
        for (const name of (await readdir(dir)).filter((f) => f.endsWith('.log')).sort()) files.push(join(dir, name));
      } catch (error) {
        throw new UsageError(`cannot read ${dir}: ${(error as Error).message}`);
      }
    }
    if (files.length === 0) throw new UsageError('give labelled log files or --dir');
    const modes: Array<'strip' | 'keep'> = column === 'both' ? ['strip', 'keep'] : [column];
    const scores: FileScore[] = [];
    for (const file of files) {
      try {
        await stat(file);
      } catch (error) {
        throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
      }
      for (const mode of modes) scores.push({ file, labelColumn: mode, score: await scoreAlerts(file, { stripLabel: mode === 'strip', warmupRecords }) });
    }
    const pass = minF1 === undefined || scores.every((s) => s.score.f1 >= minF1);
    if (format === 'json') {
      writeLine(io.stdout, JSON.stringify({ files: scores, targetMet: pass }, null, 2));
      return pass ? 0 : 1;
    }
    writeLine(io.stdout, `${'file'.padEnd(28)} ${'label'.padEnd(5)} ${'lines'.padStart(8)} ${'alerts'.padStart(7)} ${'flagged'.padStart(8)}  precision  recall     F1`);
    for (const { file, labelColumn, score } of scores) {
      const name = file.length > 28 ? '…' + file.slice(-27) : file;
      writeLine(
        io.stdout,
        `${name.padEnd(28)} ${labelColumn.padEnd(5)} ${String(score.lines).padStart(8)} ${String(score.alerts).padStart(7)} ${String(score.flagged).padStart(8)}  ${score.precision.toFixed(3).padStart(9)}  ${score.recall.toFixed(3).padStart(6)}  ${score.f1.toFixed(3).padStart(5)}`,
      );
      const missed = Object.entries(score.missedByCategory).sort((a, b) => b[1] - a[1]);
      if (missed.length > 0) writeLine(io.stdout, `  missed: ${missed.slice(0, 8).map(([c, n]) => `${c} ${n}`).join(', ')}`);
    }
    if (minF1 !== undefined) writeLine(io.stdout, `Target (F1 ≥ ${minF1} for every file): ${pass ? 'met' : 'NOT met'}`);
    return pass ? 0 : 1;
  },
};
