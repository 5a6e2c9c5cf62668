/**
 * The LLM flags and environment shared by CLI commands: --llm, --base-url, --model, --api-key, --timeout-seconds,
 * --ca-file, or OPS_LLM_PROVIDER, OPS_LLM_BASE_URL, OPS_LLM_MODEL, OPS_LLM_API_KEY, OPS_LLM_CA_FILE. Flags win.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { OpenAiCompatibleChatModel } from '../core/llm/openAiCompatibleChatModel';
import type { Logger } from '../core/logger';
import { defaultSettings } from '../core/settings';
import { UsageError } from './cliCommand';

/** Spread into a parseArgs `options` object. */
export const llmCliOptions = {
  llm: { type: 'string' },
  'base-url': { type: 'string' },
  model: { type: 'string' },
  'api-key': { type: 'string' },
  'timeout-seconds': { type: 'string' },
  'ca-file': { type: 'string' },
} as const;

export const llmCliUsage = `LLM options (environment: OPS_LLM_PROVIDER, OPS_LLM_BASE_URL, OPS_LLM_MODEL, OPS_LLM_API_KEY, OPS_LLM_CA_FILE):
  --llm auto|openai|none   openai (= openai-compatible) uses the endpoint; none is offline
  --base-url URL           default http://127.0.0.1:11434/v1 (a local Ollama)
  --model NAME             default llama3.1
  --api-key KEY            prefer OPS_LLM_API_KEY (flags show up in process lists)
  --timeout-seconds N      per request, default 60
  --ca-file PEM            extra CAs for a self-signed endpoint (NODE_EXTRA_CA_CERTS is honoured too)`;

export interface LlmCliValues {
  llm?: string;
  'base-url'?: string;
  model?: string;
  'api-key'?: string;
  'timeout-seconds'?: string;
  'ca-file'?: string;
}

export interface LlmCliSettings {
  provider: 'auto' | 'openai-compatible' | 'none';
  baseUrl: string;
  model: string;
  apiKey?: string;
  timeoutMs: number;
  maxRetries: number;
  caFile?: string;
}

export function readLlmOptions(values: LlmCliValues, env: NodeJS.ProcessEnv): LlmCliSettings {
  const defaults = defaultSettings();
  const raw = (values.llm ?? env.OPS_LLM_PROVIDER ?? 'auto').toLowerCase();
  const provider = raw === 'openai' ? 'openai-compatible' : raw;
  if (provider !== 'auto' && provider !== 'openai-compatible' && provider !== 'none') {
    throw new UsageError(`--llm must be auto, openai or none (got '${raw}')`);
  }
  const timeoutRaw = values['timeout-seconds'] ?? env.OPS_LLM_TIMEOUT_SECONDS;
  const timeoutSeconds = timeoutRaw === undefined ? defaults['llm.timeoutSeconds'] : Number(timeoutRaw);
  if (!(timeoutSeconds > 0)) throw new UsageError(`--timeout-seconds must be a positive number (got '${timeoutRaw}')`);
  return {
    provider,
    baseUrl: values['base-url'] ?? env.OPS_LLM_BASE_URL ?? defaults['llm.baseUrl'],
    model: values.model ?? env.OPS_LLM_MODEL ?? defaults['llm.model'],
    apiKey: values['api-key'] ?? env.OPS_LLM_API_KEY,
    timeoutMs: timeoutSeconds * 1000,
    maxRetries: defaults['llm.maxRetries'],
    caFile: values['ca-file'] ?? env.OPS_LLM_CA_FILE ?? undefined,
  };
}

/**
 * The endpoint model, or undefined for `--llm none`. A CA file replaces Node's default trust for this client, so
 * NODE_EXTRA_CA_CERTS (which Node otherwise adds by itself) is appended to keep both working.
 */
export function createCliChatModel(settings: LlmCliSettings, env: NodeJS.ProcessEnv, cwd: string, logger?: Logger): OpenAiCompatibleChatModel | undefined {
  if (settings.provider === 'none') return undefined;
  let caPem: string | undefined;
  if (settings.caFile) {
    const files = [path.resolve(cwd, settings.caFile), ...(env.NODE_EXTRA_CA_CERTS ? [env.NODE_EXTRA_CA_CERTS] : [])];
    caPem = files
      .map((file) => {
        try {
          return readFileSync(file, 'utf8');
        } catch (error) {
          throw new UsageError(`cannot read CA file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
        }
      })
      .join('\n');
  }
  try {
    return new OpenAiCompatibleChatModel({
      baseUrl: settings.baseUrl,
      model: settings.model,
      apiKey: settings.apiKey,
      timeoutMs: settings.timeoutMs,
      maxRetries: settings.maxRetries,
      caPem,
      logger,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
