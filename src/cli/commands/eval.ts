/**
 * `ops-copilot eval <what>`: evaluation sets for the copilot's parts. To add one, write an EvalSubcommand in
 * src/cli/eval/ and list it in `evalSubcommands`.
 */
import type { CliCommand, CliIo } from '../cliCommand';
import { UsageError, writeLine } from '../cliCommand';
import type { EvalSubcommand } from '../eval/evalSubcommand';
import { evalSafety } from '../eval/evalSafety';
import { evalRedaction } from '../eval/evalRedaction';
import { evalClassify } from '../eval/evalClassify';
import { evalFeedback } from '../eval/evalFeedback';
import { evalTemplates } from '../eval/evalTemplates';
import { evalAlerts } from '../eval/evalAlerts';

export const evalSubcommands: EvalSubcommand[] = [evalSafety, evalRedaction, evalClassify, evalFeedback, evalTemplates, evalAlerts];

function usage(): string {
  const width = Math.max(...evalSubcommands.map((s) => s.name.length));
  return [
    'Usage: ops-copilot eval <set> [options]',
    '',
    'Sets:',
    ...evalSubcommands.map((s) => `  ${s.name.padEnd(width)}  ${s.summary}`),
    '',
    ...evalSubcommands.map((s) => s.usage + '\n'),
  ].join('\n');
}

export const evalCommand: CliCommand = {
  name: 'eval',
  summary: 'evaluate the checker, the redactor, the classifier or the template miner on labelled sets',
  get usage() {
    return usage();
  },
  async run(args: string[], io: CliIo): Promise<number> {
    const [name, ...rest] = args;
    if (!name) {
      writeLine(io.stderr, usage());
      return 2;
    }
    const sub = evalSubcommands.find((s) => s.name === name);
    if (!sub) throw new UsageError(`unknown evaluation '${name}' (choose ${evalSubcommands.map((s) => s.name).join(', ')})`);
    return sub.run(rest, io);
  },
};
