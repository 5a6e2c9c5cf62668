/** `ops-copilot llm-check`: is the configured endpoint usable? Models listed, a tiny request's latency, JSON mode. */
import { parseArgs } from 'node:util';
import { CliCommand, CliIo, UsageError, writeLine } from '../cliCommand';
import { createCliChatModel, llmCliOptions, llmCliUsage, readLlmOptions } from '../llmOptions';

const usage = `Usage: ops-copilot llm-check [LLM options] [--format text|json]

Checks the OpenAI-compatible endpoint the other commands would use: lists its models (/v1/models), sends a tiny
request and reports its latency, and probes which JSON mode works (json_schema, json_object or none).
Exit 0 when the endpoint answered, 1 when it did not.

${llmCliUsage}`;

export const llmCheckCommand: CliCommand = {
  name: 'llm-check',
  summary: 'check the LLM endpoint: models, latency, JSON mode',
  usage,
  async run(args: string[], io: CliIo): Promise<number> {
    let values;
    try {
      ({ values } = parseArgs({ args, options: { ...llmCliOptions, format: { type: 'string', default: 'text' } } }));
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`--format must be text or json (got '${values.format}')`);
    const settings = readLlmOptions(values, io.env);
    if (settings.provider === 'none') throw new UsageError('--llm none: there is no endpoint to check');
    const model = createCliChatModel(settings, io.env, io.cwd)!;
    const report = await model.checkConnection();
    if (values.format === 'json') {
      writeLine(io.stdout, JSON.stringify(report, null, 2));
      return report.ok ? 0 : 1;
    }
    writeLine(io.stdout, `Endpoint: ${report.endpoint}`);
    if (report.models) {
      const shown = report.models.slice(0, 10).join(', ') + (report.models.length > 10 ? `, … (${report.models.length})` : '');
      writeLine(io.stdout, `Models:   ${shown || '(none listed)'}`);
    }
    if (report.ok) {
      writeLine(io.stdout, `Request:  answered in ${report.latencyMs} ms ("${report.sample}")`);
      writeLine(io.stdout, `JSON:     ${report.jsonMode === 'none' ? 'no JSON mode works; structured replies fall back to plain prompting' : `${report.jsonMode} works`}`);
    }
    for (const problem of report.problems) writeLine(io.stdout, `Problem:  ${problem}`);
    writeLine(io.stdout, report.ok ? 'OK' : 'NOT usable: commands will work offline');
    return report.ok ? 0 : 1;
  },
};
