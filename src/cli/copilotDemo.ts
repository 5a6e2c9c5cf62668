/** The demo's last section: the generated log's most serious anomaly, classified and given a runbook plan, offline. */
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CliIo, writeLine } from './cliCommand';
import { createCopilotRuntime } from './copilotRuntime';
import { classificationText, planMarkdown } from './formats/copilotMarkdown';
import { scanFile } from '../core/detection/scanFile';
import { mostSerious } from './commands/remediate';

export async function runCopilotDemo(io: CliIo, logPath = join(io.cwd, '.bench', 'demo', 'generated-app.log')): Promise<void> {
  if (!existsSync(logPath)) {
    writeLine(io.stdout, `\n(classification and remediation skipped: ${logPath} was not generated)`);
    return;
  }
  const top = mostSerious((await scanFile(logPath)).anomalies);
  if (!top) {
    writeLine(io.stdout, '\n(no anomaly to classify)');
    return;
  }
  const shown = relative(io.cwd, logPath);
  const runtime = createCopilotRuntime({ llm: 'none' }, io);
  const plan = await runtime.copilot.remediate({ anomaly: top });
  writeLine(io.stdout, `\nIncident from the most serious anomaly: ${top.title} (${shown}:${top.firstLine}–${top.lastLine})`);
  writeLine(io.stdout, classificationText(plan.classification).replace(/^/gm, '  '));
  writeLine(io.stdout);
  writeLine(io.stdout, planMarkdown(plan));
  writeLine(io.stdout, `\nTry: ops-copilot remediate --anomaly ${top.id} --log ${shown} --format json   (add --base-url/--model for an LLM-written plan)`);
}
