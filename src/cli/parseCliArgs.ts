/**
 * node:util parseArgs for subcommands: a parse error (unknown option, missing value) becomes a UsageError, which main
 * prints with exit code 2; and the one `--format` check every command repeats.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './cliCommand';

/** parseArgs with `args` given; strict, so an unknown option is a usage error rather than silently ignored. */
export function parseCliArgs<T extends Omit<ParseArgsConfig, 'args'>>(args: string[], config: T): ReturnType<typeof parseArgs<T & { args: string[] }>> {
  try {
    return parseArgs({ ...config, args });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** `--format`: `value` if it is one of `allowed`, `allowed[0]` when absent; anything else is a usage error. */
export function chooseFormat<F extends string>(value: string | undefined, allowed: readonly [F, ...F[]]): F {
  const format = value ?? allowed[0];
  if (!(allowed as readonly string[]).includes(format)) throw new UsageError(`--format must be ${allowed.join(' or ')} (got '${format}')`);
  return format as F;
}
