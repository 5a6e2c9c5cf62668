/**
 * Where answers come from: an OpenAI-compatible endpoint, the editor's language model (the VS Code adapter implements
 * a provider over vscode.lm), or none. `auto` takes the endpoint if it answers, else the editor's model, else offline.
 */
import type { ChatModel } from '../llm/chatModel';

export type ProviderKind = 'openai-compatible' | 'vscode-lm';
export type ProviderMode = 'auto' | ProviderKind | 'none';

export interface ModelProvider {
  readonly kind: ProviderKind;
  /** True when requests stay on this machine (loopback endpoint): decides redaction under the "remote" policy. */
  readonly isLocal: boolean;
  /** The model, or undefined when this provider cannot answer now (endpoint down, no editor model). */
  resolve(signal?: AbortSignal): Promise<ChatModel | undefined>;
}

export interface EndpointProbeOptions {
  /** e.g. http://127.0.0.1:11434/v1 */
  baseUrl: string;
  apiKey?: string;
  timeoutMs?: number;
  /** Replaces fetch (custom CA, tests). */
  fetch?: typeof fetch;
}

/**
 * True when something answers HTTP at the endpoint's /models (any status: a 401 still means the endpoint is there and
 * the real request will report the problem). Fast by design: `auto` must not stall on a stopped local server.
 */
export async function probeEndpoint(options: EndpointProbeOptions, signal?: AbortSignal): Promise<boolean> {
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 1500);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  try {
    const response = await (options.fetch ?? fetch)(`${options.baseUrl.replace(/\/+$/, '')}/models`, {
      signal: combined,
      headers: options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {},
    });
    await response.body?.cancel().catch(() => undefined);
    return true;
  } catch {
    return false;
  }
}

/** An endpoint provider that probes before answering, remembering the verdict for `ttlMs`. */
export function endpointProvider(
  model: ChatModel,
  probe: (signal?: AbortSignal) => Promise<boolean>,
  isLocal: boolean,
  options: { ttlMs?: number; now?: () => number } = {},
): ModelProvider {
  const ttlMs = options.ttlMs ?? 30_000;
  const now = options.now ?? Date.now;
  let verdict: { ok: boolean; at: number } | undefined;
  return {
    kind: 'openai-compatible',
    isLocal,
    async resolve(signal) {
      if (!verdict || now() - verdict.at > ttlMs) verdict = { ok: await probe(signal), at: now() };
      return verdict.ok ? model : undefined;
    },
  };
}
