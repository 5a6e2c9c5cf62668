/** `ops-copilot check-command "<cmd>"`: the safety checker's verdict on a command or script, with reasons. */
import { readFile } from 'node:fs/promises';
import { CliCommand, CliIo, UsageError, writeLine } from '../cliCommand';
import { checkCommand, Risk } from '../../core/safety/commandSafety';

const usage = `Usage: ops-copilot check-command "<command>" [--format text|json] [--fail-on dangerous|caution|never]
       ops-copilot check-command --file SCRIPT | -          (a whole script, or stdin)

Rates a shell command (pipes, &&, ;, $( ), sudo, ssh/kubectl exec, here-documents and multi-line scripts included) as
safe (read-only diagnostics), caution (restarts, rollbacks, writes, anything unknown) or dangerous (data loss,
outages, lock-outs), with the reasons. --format json prints {"risk": "...", "reasons": [...]}.
Exit code: 1 when the risk is at or above --fail-on (default dangerous), else 0.`;

const order: Record<Risk, number> = { safe: 0, caution: 1, dangerous: 2 };

export const checkCommandCommand: CliCommand = {
  name: 'check-command',
  summary: 'rate a shell command: safe, caution or dangerous, with reasons',
  usage,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values, words } = splitOptions(args);
    if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`--format must be text or json (got '${values.format}')`);
    const failOn = values['fail-on'];
    if (failOn !== 'dangerous' && failOn !== 'caution' && failOn !== 'never') throw new UsageError(`--fail-on must be dangerous, caution or never (got '${failOn}')`);
    let command: string;
    if (values.file) {
      command = await readInput(values.file);
    } else if (words.length === 1 && words[0] === '-') {
      command = await readInput('-');
    } else if (words.length > 0) {
      // Unquoted words (`check-command rm -rf /`) arrive split; rejoin them.
      command = words.join(' ');
    } else {
      throw new UsageError('give a command to check, --file SCRIPT, or - for stdin');
    }
    const verdict = checkCommand(command);
    if (values.format === 'json') {
      writeLine(io.stdout, JSON.stringify({ risk: verdict.risk, reasons: verdict.reasons }));
    } else {
      writeLine(io.stdout, verdict.risk);
      for (const reason of verdict.reasons) writeLine(io.stdout, `  - ${reason}`);
    }
    return failOn !== 'never' && order[verdict.risk] >= order[failOn] ? 1 : 0;
  },
};

/**
 * Our options come first; everything from the first other word on is the command, so its own flags (`df -h`) are
 * not mistaken for ours. `--` ends our options explicitly.
 */
function splitOptions(args: string[]): { values: { format: string; 'fail-on': string; file?: string }; words: string[] } {
  const values: { format: string; 'fail-on': string; file?: string } = { format: 'text', 'fail-on': 'dangerous' };
  let i = 0;
  for (; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      i++;
      break;
    }
    const match = /^--(format|fail-on|file)(?:=(.*))?$/.exec(arg);
    if (!match) break;
    const value = match[2] ?? args[++i];
    if (value === undefined) throw new UsageError(`--${match[1]} needs a value`);
    values[match[1] as 'format' | 'fail-on' | 'file'] = value;
  }
  return { values, words: args.slice(i) };
}

async function readInput(file: string): Promise<string> {
  try {
    return file === '-' ? await readStdin() : await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file === '-' ? 'stdin' : file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
