/**
 * Builds the Copilot for CLI commands: runbooks (shipped + the working directory's), the LLM from the shared flags or
 * OPS_LLM_* environment variables (llmOptions.ts), the safety checker and the redactor. `--llm none` is offline; `auto` (default) uses the
 * endpoint if it answers, else runs offline and says so on stderr.
 */
import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { Copilot } from '../core/copilot/copilot';
import { endpointProvider, probeEndpoint } from '../core/copilot/modelProvider';
import { isLoopbackUrl, RedactPolicy } from '../core/copilot/redactingChatModel';
import { retrievalFromLibrary, RunbookRetrieval } from '../core/copilot/runbookRetrieval';
import type { Logger } from '../core/logger';
import { RunbookLibrary } from '../core/runbooks/runbookLibrary';
import { checkCommand } from '../core/safety/commandSafety';
import { redact } from '../core/safety/redactor';
import { defaultSettings } from '../core/settings';
import { CliIo, UsageError, writeLine } from './cliCommand';
import { createCliChatModel, llmCliOptions, llmCliUsage, LlmCliValues, readLlmOptions } from './llmOptions';

/** parseArgs option specs every copilot command accepts: the shared LLM flags plus redaction and runbook folders. */
export const llmArgOptions = {
  ...llmCliOptions,
  redact: { type: 'string' },
  runbooks: { type: 'string', multiple: true },
} as const;

export const llmUsage = `${llmCliUsage}
  --redact remote|always|never  redact secrets before sending: unless the endpoint is loopback (default), always, never
  --runbooks DIR           extra runbook folder (repeatable); ./runbooks, ./docs/runbooks, ./.ops/runbooks are read when present`;

export interface CopilotCliValues extends LlmCliValues {
  redact?: string;
  runbooks?: string[];
}

export interface CopilotRuntime {
  copilot: Copilot;
  retrieval: RunbookRetrieval;
  library: RunbookLibrary;
}

const redactPolicies = ['remote', 'always', 'never'] as const;

export function stderrLogger(io: CliIo): Logger {
  const debug = Boolean(io.env.OPS_DEBUG);
  return {
    trace: () => undefined,
    debug: (m) => debug && writeLine(io.stderr, m),
    info: (m) => debug && writeLine(io.stderr, m),
    warn: (m) => writeLine(io.stderr, `warning: ${m}`),
    error: (m) => writeLine(io.stderr, `error: ${m instanceof Error ? m.message : m}`),
  };
}

/** The runbooks shipped with the package: next to dist/, or at the repository root when run from source. */
export function shippedRunbookDir(): string | undefined {
  let dir = __dirname;
  for (let i = 0; i < 4; i++) {
    const candidate = path.join(dir, 'runbooks');
    if (existsSync(candidate) && statSync(candidate).isDirectory()) return candidate;
    dir = path.dirname(dir);
  }
  return undefined;
}

export function createCopilotRuntime(values: CopilotCliValues, io: CliIo): CopilotRuntime {
  const defaults = defaultSettings();
  const llm = readLlmOptions(values, io.env);
  const redactPolicy = (values.redact ?? defaults['llm.redact']) as RedactPolicy;
  if (!(redactPolicies as readonly string[]).includes(redactPolicy)) {
    throw new UsageError(`--redact must be one of ${redactPolicies.join(', ')} (got '${redactPolicy}')`);
  }
  const logger = stderrLogger(io);

  const sources = [
    ...(shippedRunbookDir() ? [{ dir: shippedRunbookDir()!, origin: 'shipped' }] : []),
    ...defaults['runbooks.paths'].map((p) => path.resolve(io.cwd, p)).filter((dir) => existsSync(dir)).map((dir) => ({ dir, origin: 'workspace' })),
    ...(values.runbooks ?? []).map((dir) => ({ dir: path.resolve(io.cwd, dir), origin: 'cli' })),
  ];
  // The same folder found twice (running inside this repository) would load every runbook twice.
  const unique = sources.filter((s, i) => sources.findIndex((t) => path.resolve(t.dir) === path.resolve(s.dir)) === i);
  const library = new RunbookLibrary({ sources: unique, log: logger });
  const retrieval = retrievalFromLibrary(library);

  const model = createCliChatModel(llm, io.env, io.cwd, logger);
  const baseUrl = llm.baseUrl;
  // With a CA file only the model's own transport trusts the endpoint, so the probe goes through it (time-boxed).
  const probe =
    llm.provider !== 'auto' || !model
      ? async () => true
      : llm.caFile
        ? (signal?: AbortSignal) => model.listModels(AbortSignal.any([AbortSignal.timeout(3000), ...(signal ? [signal] : [])])).then(() => true, () => false)
        : (signal?: AbortSignal) => probeEndpoint({ baseUrl, apiKey: llm.apiKey }, signal);
  const endpoint = model ? endpointProvider(model, probe, isLoopbackUrl(baseUrl)) : undefined;
  const copilot = new Copilot({
    mode: llm.provider,
    endpoint,
    retrieval,
    checkCommand,
    redact: (text) => redact(text).text,
    redactPolicy,
    contextTokens: defaults['llm.contextTokens'],
    logger,
  });
  return { copilot, retrieval, library };
}

/** One line on stderr saying who answers, so `--format json` on stdout stays clean. */
export async function announceProvider(runtime: CopilotRuntime, io: CliIo): Promise<void> {
  const choice = await runtime.copilot.selectModel();
  writeLine(io.stderr, `ops-copilot: answering with ${choice.description}`);
}
