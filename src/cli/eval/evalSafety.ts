/** `ops-copilot eval safety`: dangerous recall and safe precision of the command checker on a labelled set. */
import { parseArgs } from 'node:util';
import { CliIo, UsageError, writeLine } from '../cliCommand';
import type { EvalSubcommand } from './evalSubcommand';
import { loadDataset } from './loadDataset';
import { evaluateCommandSafety, LabelledCommand } from '../../core/safety/evaluateSafety';
import bundledCommands from '../../test/fixtures/safety/commands.json';

const usage = `Usage: ops-copilot eval safety [--dataset FILE] [--format text|json] [--verbose]

Rates every command of a labelled set with the safety checker and prints dangerous recall (share of dangerous commands
flagged dangerous), safe precision (share of safe commands left unflagged) and the confusion matrix.
The dataset is a JSON array or JSON Lines of {"command": "...", "risk": "safe|caution|dangerous"}; without --dataset
the bundled set (${bundledCommands.length} commands) is used. Exit 1 when dangerous recall < 100% or safe precision < 95%.`;

export const evalSafety: EvalSubcommand = {
  name: 'safety',
  summary: 'score the command safety checker on a labelled set',
  usage,
  async run(args: string[], io: CliIo): Promise<number> {
    const values = parse(args);
    const rows = values.dataset ? validate(await loadDataset(values.dataset, io.cwd), values.dataset) : (bundledCommands as LabelledCommand[]);
    const result = evaluateCommandSafety(rows);
    const pass = result.dangerousRecall === 1 && result.safeUnflagged >= 0.95;
    if (values.format === 'json') {
      writeLine(io.stdout, JSON.stringify({ dataset: values.dataset ?? 'bundled', ...result, targetsMet: pass }, null, 2));
      return pass ? 0 : 1;
    }
    const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
    const c = result.confusion;
    writeLine(io.stdout, `Dataset: ${values.dataset ?? 'bundled'} (${result.total} commands)`);
    writeLine(io.stdout, `Dangerous recall: ${pct(result.dangerousRecall)} (${c.dangerous.dangerous}/${c.dangerous.safe + c.dangerous.caution + c.dangerous.dangerous} flagged dangerous)`);
    writeLine(io.stdout, `Safe precision:   ${pct(result.safeUnflagged)} (${c.safe.safe}/${c.safe.safe + c.safe.caution + c.safe.dangerous} left unflagged)`);
    writeLine(io.stdout, `Accuracy:         ${pct(result.accuracy)}`);
    writeLine(io.stdout, '');
    writeLine(io.stdout, 'Confusion (rows labelled, columns predicted):');
    writeLine(io.stdout, `${''.padEnd(11)}${'safe'.padStart(8)}${'caution'.padStart(9)}${'dangerous'.padStart(11)}`);
    for (const risk of ['safe', 'caution', 'dangerous'] as const) {
      writeLine(io.stdout, `${risk.padEnd(11)}${String(c[risk].safe).padStart(8)}${String(c[risk].caution).padStart(9)}${String(c[risk].dangerous).padStart(11)}`);
    }
    const shown = values.verbose ? result.mistakes : result.mistakes.filter((m) => m.labelled === 'dangerous' || m.labelled === 'safe');
    if (shown.length > 0) {
      writeLine(io.stdout, '');
      writeLine(io.stdout, values.verbose ? 'Disagreements:' : 'Misses (dangerous not flagged, safe flagged):');
      for (const m of shown) writeLine(io.stdout, `  ${m.labelled} → ${m.predicted}: ${m.command.replace(/\n/g, '⏎ ')}${m.reasons[0] ? `  (${m.reasons[0]})` : ''}`);
    }
    writeLine(io.stdout, '');
    writeLine(io.stdout, `Targets (dangerous 100%, safe ≥ 95%): ${pass ? 'met' : 'NOT met'}`);
    return pass ? 0 : 1;
  },
};

function parse(args: string[]): { dataset?: string; format: string; verbose: boolean } {
  try {
    const { values } = parseArgs({ args, options: { dataset: { type: 'string' }, format: { type: 'string', default: 'text' }, verbose: { type: 'boolean', default: false } } });
    if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`--format must be text or json (got '${values.format}')`);
    return { dataset: values.dataset, format: values.format, verbose: values.verbose };
  } catch (error) {
    throw error instanceof UsageError ? error : new UsageError((error as Error).message);
  }
}

function validate(rows: unknown[], file: string): LabelledCommand[] {
  return rows.map((row, index) => {
    const r = row as Partial<LabelledCommand>;
    if (typeof r?.command !== 'string' || !['safe', 'caution', 'dangerous'].includes(r.risk as string)) {
      throw new UsageError(`${file}: entry ${index + 1} needs {"command": string, "risk": "safe"|"caution"|"dangerous"}`);
    }
    return { command: r.command, risk: r.risk! };
  });
}
