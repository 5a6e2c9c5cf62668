/**
 * Builds the Copilot for CLI commands: runbooks (shipped + the working directory's), the LLM from flags or OPS_LLM_*
 * environment variables, the safety checker and the redactor. `--llm none` is offline; `auto` (default) uses the
 * endpoint if it answers, else runs offline and says so on stderr.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { Copilot } from '../core/copilot/copilot';
import { endpointProvider, probeEndpoint, ProviderMode } from '../core/copilot/modelProvider';
import { isLoopbackUrl, RedactPolicy } from '../core/copilot/redactingChatModel';
import { retrievalFromLibrary, RunbookRetrieval } from '../core/copilot/runbookRetrieval';
import { OpenAiCompatibleChatModel } from '../core/llm/openAiCompatibleChatModel';
import type { Logger } from '../core/logger';
import { RunbookLibrary } from '../core/runbooks/runbookLibrary';
import { checkCommand } from '../core/safety/commandSafety';
import { redact } from '../core/safety/redactor';
import { defaultSettings } from '../core/settings';
import { CliIo, UsageError, writeLine } from './cliCommand';

/** parseArgs option specs every copilot command accepts. */
export const llmArgOptions = {
  llm: { type: 'string' },
  'base-url': { type: 'string' },
  model: { type: 'string' },
  'api-key': { type: 'string' },
  'timeout-seconds': { type: 'string' },
  redact: { type: 'string' },
  runbooks: { type: 'string', multiple: true },
} as const;

export const llmUsage = `LLM options (all optional; environment: OPS_LLM_PROVIDER, OPS_LLM_BASE_URL, OPS_LLM_MODEL, OPS_LLM_API_KEY):
  --llm auto|openai-compatible|none   auto (default): the endpoint if it answers, else offline
  --base-url URL      OpenAI-compatible endpoint (default http://127.0.0.1:11434/v1, a local Ollama)
  --model NAME        model name (default llama3.1)      --api-key KEY   (prefer OPS_LLM_API_KEY)
  --timeout-seconds N per request (default 60)         --redact remote|always|never (default remote)
  --runbooks DIR      extra runbook folder (repeatable); ./runbooks, ./docs/runbooks, ./.ops/runbooks are read when present`;

export interface LlmCliValues {
  llm?: string;
  'base-url'?: string;
  model?: string;
  'api-key'?: string;
  'timeout-seconds'?: string;
  redact?: string;
  runbooks?: string[];
}

export interface CopilotRuntime {
  copilot: Copilot;
  retrieval: RunbookRetrieval;
  library: RunbookLibrary;
}

const modes = ['auto', 'openai-compatible', 'none'] as const;
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

export function createCopilotRuntime(values: LlmCliValues, io: CliIo): CopilotRuntime {
  const defaults = defaultSettings();
  const mode = (values.llm ?? io.env.OPS_LLM_PROVIDER ?? 'auto') as ProviderMode;
  if (!(modes as readonly string[]).includes(mode)) throw new UsageError(`--llm must be one of ${modes.join(', ')} (got '${mode}')`);
  const redactPolicy = (values.redact ?? 'remote') as RedactPolicy;
  if (!(redactPolicies as readonly string[]).includes(redactPolicy)) {
    throw new UsageError(`--redact must be one of ${redactPolicies.join(', ')} (got '${redactPolicy}')`);
  }
  const timeoutSeconds = Number(values['timeout-seconds'] ?? defaults['llm.timeoutSeconds']);
  if (!(timeoutSeconds > 0)) throw new UsageError(`--timeout-seconds must be a positive number (got '${values['timeout-seconds']}')`);
  const baseUrl = values['base-url'] ?? io.env.OPS_LLM_BASE_URL ?? defaults['llm.baseUrl'];
  const modelName = values.model ?? io.env.OPS_LLM_MODEL ?? defaults['llm.model'];
  const apiKey = values['api-key'] ?? io.env.OPS_LLM_API_KEY;
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

  let endpoint;
  if (mode !== 'none') {
    const caFile = io.env.OPS_LLM_CA_FILE;
    const model = new OpenAiCompatibleChatModel({
      baseUrl,
      model: modelName,
      apiKey,
      timeoutMs: timeoutSeconds * 1000,
      maxRetries: defaults['llm.maxRetries'],
      caPem: caFile ? readFileSync(caFile, 'utf8') : undefined,
      logger,
    });
    const probe = mode === 'auto' ? (signal?: AbortSignal) => probeEndpoint({ baseUrl, apiKey }, signal) : async () => true;
    endpoint = endpointProvider(model, probe, isLoopbackUrl(baseUrl));
  }
  const copilot = new Copilot({
    mode,
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
