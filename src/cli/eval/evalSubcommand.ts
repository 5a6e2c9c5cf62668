/** One `ops-copilot eval <name>` subcommand; eval.ts lists them. */
import type { CliIo } from '../cliCommand';

export interface EvalSubcommand {
  name: string;
  summary: string;
  usage: string;
  /** Exit code: 0 targets met (or none given), 1 below target, 2 usage or I/O error. */
  run(args: string[], io: CliIo): Promise<number>;
}
