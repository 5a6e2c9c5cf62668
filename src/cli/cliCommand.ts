/** The shape of one `ops-copilot` subcommand and the I/O it is given (so tests can run commands in-process). */
import { Writable } from 'node:stream';

export interface CliIo {
  stdout: Writable;
  stderr: Writable;
  /** True when stdout is a terminal (colour allowed). */
  isTty: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export interface CliCommand {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Full `--help` text. */
  usage: string;
  /** Returns the exit code: 0 ok, 1 findings at or above a threshold, 2 usage or I/O error. */
  run(args: string[], io: CliIo): Promise<number>;
}

/** Thrown for bad arguments; main prints the message and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function writeLine(stream: Writable, text = ''): void {
  stream.write(text + '\n');
}
