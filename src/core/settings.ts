/**
 * Every `opsCopilot.*` setting with its default. package.json `contributes.configuration` mirrors this schema and a
 * unit test keeps the two in sync (keys, defaults, enums).
 */
import { z } from 'zod';

const severity = z.enum(['error', 'warning', 'info']);

export const settingsSchema = z.object({
  'logs.include': z
    .array(z.string())
    .default(['**/*.log', '**/*.log.[0-9]', '**/logs/**/*.{log,txt,jsonl,ndjson}'])
    .describe('Glob patterns (relative to each workspace folder) of log files to watch.'),
  'logs.exclude': z
    .array(z.string())
    .default(['**/node_modules/**', '**/.git/**', '**/dist/**', '**/out/**', '**/build/**', '**/.vscode-test/**'])
    .describe('Glob patterns of files and folders never watched; excluded folders are not walked at all.'),
  'logs.extraPaths': z
    .array(z.string())
    .default([])
    .describe('Absolute paths or globs outside the workspace to watch too, e.g. /var/log/nginx/*.log.'),
  'logs.maxFiles': z.number().int().min(1).max(10000).default(200).describe('The most log files watched at once.'),
  'detection.windowSeconds': z
    .number()
    .int()
    .min(5)
    .max(86400)
    .default(60)
    .describe('Length of a detection window in seconds, for logs with timestamps.'),
  'detection.windowLines': z
    .number()
    .int()
    .min(50)
    .max(1000000)
    .default(500)
    .describe('Length of a detection window in lines, for logs without timestamps.'),
  'diagnostics.minSeverity': severity
    .default('info')
    .describe('The least severe anomaly shown in the Problems panel.'),
  'runbooks.paths': z
    .array(z.string())
    .default(['runbooks', 'docs/runbooks', '.ops/runbooks'])
    .describe("Folders (relative to each workspace folder) holding your team's markdown runbooks."),
  'embeddings.provider': z
    .enum(['auto', 'transformers', 'openai-compatible', 'builtin'])
    .default('auto')
    .describe(
      'How runbooks are embedded: transformers.js in process, an OpenAI-compatible /v1/embeddings endpoint, or the built-in offline embedder. auto: transformers.js when its model is available, else built-in.',
    ),
  'embeddings.model': z
    .string()
    .default('Xenova/all-MiniLM-L6-v2')
    .describe('The transformers.js model id (downloaded once into the extension storage), or the endpoint model.'),
  'embeddings.modelPath': z
    .string()
    .default('')
    .describe('A local folder holding a transformers.js model (config.json, tokenizer.json, onnx/); no network is used.'),
  'llm.provider': z
    .enum(['auto', 'openai-compatible', 'vscode-lm', 'none'])
    .default('auto')
    .describe(
      "Which model answers: an OpenAI-compatible endpoint, the editor's language model, or none (offline). auto: the endpoint if it answers, else the editor's model, else offline.",
    ),
  'llm.baseUrl': z
    .string()
    .default('http://127.0.0.1:11434/v1')
    .describe('Base URL of the OpenAI-compatible endpoint (Ollama, vLLM, LM Studio, llama.cpp, OpenAI, gateways).'),
  'llm.model': z.string().default('llama3.1').describe('Model name sent to the endpoint.'),
  'llm.timeoutSeconds': z.number().min(1).max(600).default(60).describe('Timeout of one LLM request, in seconds.'),
  'llm.maxRetries': z
    .number()
    .int()
    .min(0)
    .max(10)
    .default(2)
    .describe('Retries on 429, 5xx and connection errors, with exponential backoff honouring Retry-After.'),
  'llm.caFile': z
    .string()
    .default('')
    .describe('A PEM file of extra certificate authorities for a self-signed endpoint (NODE_EXTRA_CA_CERTS is honoured too).'),
  'llm.contextTokens': z
    .number()
    .int()
    .min(512)
    .max(1000000)
    .default(6000)
    .describe('Token budget for the context sent with a request (evidence, templates, runbook excerpts).'),
  'llm.redact': z
    .enum(['remote', 'always', 'never'])
    .default('remote')
    .describe('Redact secrets before sending: for remote endpoints only (default), always, or never.'),
  'alerts.enabled': z.boolean().default(false).describe('Post anomalies to a Slack-compatible incoming webhook.'),
  'alerts.minSeverity': severity.default('error').describe('The least severe anomaly posted to the webhook.'),
  'alerts.includeEvidence': z
    .boolean()
    .default(false)
    .describe('Also post up to three evidence lines per alert (redacted). Off by default: log lines are the most sensitive part.'),
});

export type Settings = z.infer<typeof settingsSchema>;
export type SettingKey = keyof Settings;

/** The defaults, as parsed from an empty object. */
export function defaultSettings(): Settings {
  return settingsSchema.parse({});
}
