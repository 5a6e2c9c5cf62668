/** `ops-copilot ask "<question>"`: a streamed answer grounded in runbooks (and a log's anomalies), with citations. */
import { parseArgs } from 'node:util';
import * as path from 'node:path';
import { CliCommand, CliIo, UsageError, writeLine } from '../cliCommand';
import { announceProvider, createCopilotRuntime, llmArgOptions, llmUsage } from '../copilotRuntime';
import { scanFile } from '../../core/detection/scanFile';
import type { AskContext } from '../../core/copilot/copilot';
import { checkLogFile, describeReadError } from './templates';
import { mostSerious } from './remediate';

const usage = `Usage: ops-copilot ask "<question>" [--log FILE] [--format text|json]

Answers a question about an incident from the runbooks, streaming as it is written, and lists the runbook sections it
used (file:line). With --log, the file's detected anomalies (evidence lines, templates with counts) are the context.
Offline, the answer is the best-matching runbook sections.

${llmUsage}`;

export const askCommand: CliCommand = {
  name: 'ask',
  summary: 'Ask a question about an incident; answers cite runbooks',
  usage,
  async run(args: string[], io: CliIo): Promise<number> {
    let parsed;
    try {
      parsed = parseArgs({ args, allowPositionals: true, options: { log: { type: 'string' }, format: { type: 'string' }, ...llmArgOptions } });
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const { values, positionals } = parsed;
    const format = values.format ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json (got '${format}')`);
    const question = positionals.join(' ').trim();
    if (!question) throw new UsageError('give a question, e.g. ops-copilot ask "why are checkout requests timing out?"');
    const context: AskContext = {};
    if (values.log !== undefined) {
      const file = await checkLogFile(values.log, io);
      try {
        const scan = await scanFile(file);
        const top = mostSerious(scan.anomalies);
        context.anomalies = top ? [top, ...scan.anomalies.filter((a) => a !== top).slice(0, 2)] : [];
        context.templates = scan.templates.map((t) => ({ text: t.text, count: t.count }));
      } catch (error) {
        throw describeReadError(values.log, error);
      }
    }
    const runtime = createCopilotRuntime(values, io);
    await announceProvider(runtime, io);
    const controller = new AbortController();
    const onSigint = (): void => controller.abort();
    process.once('SIGINT', onSigint);
    try {
      const result = await runtime.copilot.ask(question, context, {
        signal: controller.signal,
        onChunk: format === 'text' ? (chunk) => io.stdout.write(chunk) : undefined,
      });
      if (format === 'json') {
        writeLine(io.stdout, JSON.stringify(result, null, 2));
        return 0;
      }
      writeLine(io.stdout);
      if (result.citations.length > 0) {
        writeLine(io.stdout, '\nSources:');
        for (const c of result.citations) {
          writeLine(io.stdout, `  ${c.cited ? '*' : ' '} ${c.title} › ${c.heading} — ${path.relative(io.cwd, c.file) || c.file}:${c.line}`);
        }
      }
      writeLine(io.stderr, `(answered by ${result.answeredBy}${result.fallbackReason ? `; ${result.fallbackReason}` : ''})`);
      return 0;
    } finally {
      process.off('SIGINT', onSigint);
    }
  },
};
