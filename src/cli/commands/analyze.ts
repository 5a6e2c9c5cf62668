/** `ops-copilot analyze <file>`: summary, anomalies, notable patterns, severity and suggested actions for a log file. */
import { parseArgs } from 'node:util';
import { CliCommand, CliIo, UsageError, writeLine } from '../cliCommand';
import { announceProvider, createCopilotRuntime, llmArgOptions, llmUsage } from '../copilotRuntime';
import { analysisMarkdown } from '../formats/copilotMarkdown';
import { scanFile } from '../../core/detection/scanFile';
import type { LogDigest } from '../../core/analysis/analyzeLogs';
import { checkLogFile, describeReadError } from './templates';

const usage = `Usage: ops-copilot analyze <file> [--format markdown|json]

Scans the file (templates + anomaly detection), then summarises it: what is happening, the detected anomalies, the
notable message templates with counts, a severity and suggested actions with matching runbooks. Only the digest
(anomaly evidence, templates with counts, runbook excerpts) is sent to a model, never the whole file.

${llmUsage}`;

export const analyzeCommand: CliCommand = {
  name: 'analyze',
  summary: 'Summarise a log file: anomalies, patterns, severity, suggested actions',
  usage,
  async run(args: string[], io: CliIo): Promise<number> {
    let parsed;
    try {
      parsed = parseArgs({ args, allowPositionals: true, options: { format: { type: 'string' }, ...llmArgOptions } });
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const { values, positionals } = parsed;
    const format = values.format ?? 'markdown';
    if (format !== 'markdown' && format !== 'json') throw new UsageError(`--format must be markdown or json (got '${format}')`);
    if (positionals.length !== 1) throw new UsageError('give exactly one log file');
    const shown = positionals[0]!;
    const file = await checkLogFile(shown, io);
    let digest: LogDigest;
    try {
      const scan = await scanFile(file);
      digest = { source: shown, lineCount: scan.lines, templates: scan.templates, anomalies: scan.anomalies };
    } catch (error) {
      throw describeReadError(shown, error);
    }
    const runtime = createCopilotRuntime(values, io);
    await announceProvider(runtime, io);
    const analysis = await runtime.copilot.analyze(digest);
    writeLine(io.stdout, format === 'json' ? JSON.stringify(analysis, null, 2) : analysisMarkdown(analysis));
    return 0;
  },
};
