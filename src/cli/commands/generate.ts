/** `ops-copilot generate`: a synthetic service log with injected anomalies and its ground-truth labels. */
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { CliCommand, UsageError } from '../cliCommand';
import { LogGenerator, syntheticFormats, type SyntheticFormat } from '../../core/synthetic/logGenerator';

const usage = `Usage: ops-copilot generate --lines <n> --seed <s> --format json|logfmt|nginx|plain --out <file> [--labels <file>]

Writes a deterministic synthetic log (several services, daily load curve) with injected anomalies of every type the
format can show, and optionally the ground truth: per anomaly its type, first/last line and line ranges.
  --lines <n>       lines to write (required)
  --seed <s>        integer seed; the same seed gives the same file (default 1)
  --format <f>      json, logfmt, nginx (combined + rt=) or plain (default json)
  --out <file>      output file, or - for stdout (required)
  --labels <file>   write the ground-truth labels as JSON
  --healthy         inject nothing (healthy traffic only)
  --gap-seconds <n> mean healthy time between anomalies (default 900)
Exit codes: 0 ok, 2 usage or I/O error.`;

function integer(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min) throw new UsageError(`--${name} must be an integer ≥ ${min} (got '${value}')`);
  return n;
}

async function writeAll(stream: Writable, generator: LogGenerator): Promise<void> {
  for (const chunk of generator.chunks()) {
    if (!stream.write(chunk)) await new Promise<void>((done) => stream.once('drain', done));
  }
}

export const generateCommand: CliCommand = {
  name: 'generate',
  summary: 'Write a synthetic log with injected anomalies and ground-truth labels',
  usage,
  async run(args, io) {
    let parsed;
    try {
      parsed = parseArgs({
        args,
        options: {
          lines: { type: 'string', short: 'n' },
          seed: { type: 'string' },
          format: { type: 'string', short: 'f' },
          out: { type: 'string', short: 'o' },
          labels: { type: 'string' },
          healthy: { type: 'boolean' },
          'gap-seconds': { type: 'string' },
        },
      });
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const v = parsed.values;
    const lines = integer('lines', v.lines, 0);
    if (lines === undefined) throw new UsageError('--lines is required');
    if (v.out === undefined) throw new UsageError('--out is required (a file, or - for stdout)');
    const format = (v.format ?? 'json') as SyntheticFormat;
    if (!syntheticFormats.includes(format)) throw new UsageError(`--format must be one of ${syntheticFormats.join(', ')} (got '${v.format}')`);
    const generator = new LogGenerator({
      lines,
      seed: integer('seed', v.seed, 0) ?? 1,
      format,
      inject: !v.healthy,
      gapSeconds: integer('gap-seconds', v['gap-seconds'], 1),
    });
    if (v.out === '-') {
      await writeAll(io.stdout, generator);
    } else {
      const path = resolve(io.cwd, v.out);
      const stream = createWriteStream(path);
      const failed = new Promise<never>((_, reject) => stream.once('error', (e: NodeJS.ErrnoException) => reject(new Error(`cannot write ${v.out}: ${e.code ?? e.message}`))));
      await Promise.race([
        (async () => {
          await writeAll(stream, generator);
          await new Promise<void>((done) => stream.end(done));
        })(),
        failed,
      ]);
    }
    if (v.labels !== undefined) {
      try {
        await writeFile(resolve(io.cwd, v.labels), JSON.stringify(generator.labels()) + '\n');
      } catch (error) {
        throw new Error(`cannot write ${v.labels}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
    }
    return 0;
  },
};
