/** `ops-copilot remediate`: a runbook-grounded remediation plan with rated commands; it never runs anything. */
import { CliCommand, CliIo, UsageError, writeLine } from '../cliCommand';
import { chooseFormat, parseCliArgs } from '../parseCliArgs';
import { announceProvider, createCopilotRuntime, llmArgOptions, llmUsage } from '../copilotRuntime';
import { asLogLines, readIncidentText } from '../incidentInput';
import { planMarkdown } from '../formats/copilotMarkdown';
import { scanFile } from '../../core/detection/scanFile';
import type { Anomaly } from '../../core/detection/anomaly';
import { checkLogFile, describeReadError } from './templates';

const usage = `Usage: ops-copilot remediate [--text "…" | --file PATH|- | --anomaly ID|top --log FILE] [--format markdown|json]

Proposes a remediation plan: read-only diagnosis first, then mitigation, verification, rollback, success criteria and
the runbook sections it follows (file:line). Every command is rated safe, caution or dangerous by the safety checker;
nothing is executed.
  --anomaly ID --log FILE   scan FILE and plan for that anomaly (ids as printed by 'ops-copilot scan'; 'top' = the most serious)
  --format json             the plan as JSON (steps[{title, detail, command?, risk, riskReasons, verify}], sources[{runbookId, file, line}], …)

${llmUsage}`;

export const remediateCommand: CliCommand = {
  name: 'remediate',
  summary: 'Propose a runbook-grounded remediation plan (commands rated, never run)',
  usage,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values } = parseCliArgs(args, {
      options: {
        text: { type: 'string', short: 't' },
        file: { type: 'string', short: 'f' },
        anomaly: { type: 'string' },
        log: { type: 'string' },
        format: { type: 'string' },
        ...llmArgOptions,
      },
    });
    const format = chooseFormat(values.format, ['markdown', 'json']);
    if ((values.anomaly === undefined) !== (values.log === undefined)) throw new UsageError('--anomaly and --log go together');
    let facts;
    if (values.anomaly !== undefined) {
      if (values.text !== undefined || values.file !== undefined) throw new UsageError('give --anomaly/--log or --text/--file, not both');
      const anomaly = await findAnomaly(values.log!, values.anomaly, io);
      facts = { anomaly };
    } else {
      const text = await readIncidentText(values, io.cwd);
      const logLines = asLogLines(text);
      facts = logLines ? { logLines } : { text };
    }
    const runtime = createCopilotRuntime(values, io);
    await announceProvider(runtime, io);
    const plan = await runtime.copilot.remediate(facts);
    if (format === 'json') writeLine(io.stdout, JSON.stringify(plan, null, 2));
    else writeLine(io.stdout, planMarkdown(plan, plan.classification));
    return 0;
  },
};

export async function findAnomaly(shown: string, id: string, io: CliIo): Promise<Anomaly> {
  const file = await checkLogFile(shown, io);
  let anomalies: Anomaly[];
  try {
    anomalies = (await scanFile(file)).anomalies;
  } catch (error) {
    throw describeReadError(shown, error);
  }
  if (anomalies.length === 0) throw new UsageError(`no anomalies detected in ${shown}`);
  if (id === 'top') return mostSerious(anomalies)!;
  const found = anomalies.find((a) => a.id === id);
  if (!found) {
    const known = anomalies.slice(0, 8).map((a) => a.id).join(', ');
    throw new UsageError(`no anomaly '${id}' in ${shown}; detected: ${known}${anomalies.length > 8 ? ', …' : ''}`);
  }
  return found;
}

export function mostSerious(anomalies: readonly Anomaly[]): Anomaly | undefined {
  const rank = (a: Anomaly): number => (a.severity === 'error' ? 2 : a.severity === 'warning' ? 1 : 0);
  return [...anomalies].sort((a, b) => rank(b) - rank(a) || b.score - a.score)[0];
}
