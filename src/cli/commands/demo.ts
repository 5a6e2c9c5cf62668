/**
 * `ops-copilot demo`: the offline tour a fresh clone runs (`npm run demo`). It is a list of sections; each prints one
 * part of what the engine finds. Later stages append a section (generate a log with injected anomalies and scan it,
 * classify, remediate) to `demoSections` without touching the others.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CliCommand, CliIo, UsageError, writeLine } from '../cliCommand';
import { mineFile } from '../../core/logs/logPipeline';
import { runScanDemo } from './scan';
import { runCopilotDemo } from '../copilotDemo';

const usage = `Usage: ops-copilot demo [--sample <file>] [--top <n>]

Reads a sample log shipped in the repository and prints what the engine finds in it: its format and its templates.
  --sample <file>  use another log instead of the bundled sample
  --top <n>        templates to print (default 15)
Exit codes: 0 ok, 2 usage or I/O error.`;

export interface DemoContext {
  io: CliIo;
  /** The sample log the sections read (bundled, or --sample). */
  samplePath: string;
  top: number;
}

export type DemoSection = (context: DemoContext) => Promise<void>;

/** The bundled sample's path inside the repository. */
export const demoSampleRelativePath = join('src', 'test', 'fixtures', 'logs', 'demo', 'checkout-service.log');

/** Finds the bundled sample from dist/ (built CLI), src/cli/commands/ (tests) or the working directory. */
export function findDemoSample(cwd: string): string | undefined {
  const roots = [resolve(__dirname, '..'), resolve(__dirname, '..', '..', '..'), cwd];
  for (const root of roots) {
    const candidate = join(root, demoSampleRelativePath);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

const templatesSection: DemoSection = async ({ io, samplePath, top }) => {
  const mined = await mineFile(samplePath);
  writeLine(io.stdout, `Sample log: ${samplePath}`);
  writeLine(io.stdout, `Format: ${mined.format} · ${mined.lineCount} lines · ${mined.recordCount} records (multi-line records joined) · ${mined.templates.length} templates`);
  writeLine(io.stdout);
  writeLine(io.stdout, `Top ${Math.min(top, mined.templates.length)} templates by count:`);
  const shown = mined.templates.slice(0, top);
  const width = String(shown[0]?.count ?? 0).length;
  for (const t of shown) writeLine(io.stdout, `  ${String(t.count).padStart(width)}  ${t.text}`);
  const rare = mined.templates.filter((t) => t.count === 1);
  if (rare.length > 0) {
    writeLine(io.stdout);
    writeLine(io.stdout, `Seen once (${rare.length}), often the interesting ones:`);
    for (const t of rare.slice(0, 5)) writeLine(io.stdout, `  line ${t.firstLine}: ${t.text}`);
  }
};

/** Sections run in order; append new ones here. */
export const demoSections: DemoSection[] = [templatesSection, ({ io }) => runScanDemo(io), ({ io }) => runCopilotDemo(io)];

export const demoCommand: CliCommand = {
  name: 'demo',
  summary: 'Offline tour: read a bundled sample log and print what the engine finds',
  usage,
  async run(args, io) {
    let parsed;
    try {
      parsed = parseArgs({ args, options: { sample: { type: 'string' }, top: { type: 'string' } } });
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const top = parsed.values.top === undefined ? 15 : Number(parsed.values.top);
    if (!Number.isInteger(top) || top < 1) throw new UsageError(`--top must be a positive integer (got '${parsed.values.top}')`);
    const samplePath = parsed.values.sample !== undefined ? resolve(io.cwd, parsed.values.sample) : findDemoSample(io.cwd);
    if (samplePath === undefined || !existsSync(samplePath)) {
      throw new Error(`sample log not found (${parsed.values.sample ?? demoSampleRelativePath}); run from the repository`);
    }
    for (const section of demoSections) await section({ io, samplePath, top });
    return 0;
  },
};
