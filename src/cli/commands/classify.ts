/** `ops-copilot classify`: category, severity, priority and rationale for an incident description or log excerpt. */
import { CliCommand, CliIo, writeLine } from '../cliCommand';
import { chooseFormat, parseCliArgs } from '../parseCliArgs';
import { announceProvider, createCopilotRuntime, llmArgOptions, llmUsage } from '../copilotRuntime';
import { asLogLines, readIncidentText } from '../incidentInput';
import { classificationText } from '../formats/copilotMarkdown';

const usage = `Usage: ops-copilot classify [--text "…" | --file PATH|-] [--format text|json]

Classifies an incident (free text, an alert, a postmortem paragraph or a log excerpt) into Network, Database,
Application, Security, Hardware or Performance, with subcategory, severity (critical|high|medium|low), priority P1–P4,
confidence and rationale. Uses the configured model with the offline classifier as its prior, or the offline
classifier alone (--llm none, or when no endpoint answers).
  --format json   {"category","subcategory","severity","priority","confidence","rationale","source",…}

${llmUsage}`;

export const classifyCommand: CliCommand = {
  name: 'classify',
  summary: 'Classify an incident: category, severity, priority, rationale',
  usage,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values } = parseCliArgs(args, {
      options: { text: { type: 'string', short: 't' }, file: { type: 'string', short: 'f' }, format: { type: 'string' }, ...llmArgOptions },
    });
    const format = chooseFormat(values.format, ['text', 'json']);
    const text = await readIncidentText(values, io.cwd);
    const runtime = createCopilotRuntime(values, io);
    await announceProvider(runtime, io);
    const logLines = asLogLines(text);
    const result = await runtime.copilot.classify(logLines ? { logLines } : { text });
    if (format === 'json') {
      const { scores, ...rest } = result;
      writeLine(io.stdout, JSON.stringify({ ...rest, ...(scores ? { scores } : {}) }, null, 2));
    } else writeLine(io.stdout, classificationText(result));
    return 0;
  },
};
