/**
 * Which model answers, from `opsCopilot.llm.provider`: `auto` takes the configured endpoint if it answers, else the
 * editor's model if one is available, else none (offline). The result says why, so users can see who answered.
 */

export type ProviderSetting = 'auto' | 'openai-compatible' | 'vscode-lm' | 'none';
export type ResolvedProvider = 'openai-compatible' | 'vscode-lm' | 'none';

export interface ProviderResolution {
  provider: ResolvedProvider;
  /** One sentence for the status bar / CLI stderr, e.g. "auto: the endpoint did not answer; using the editor's model". */
  reason: string;
}

export interface ProviderProbes {
  /** True when the configured endpoint answers (e.g. GET /models within a short timeout). */
  endpointAnswers: () => Promise<boolean>;
  /** True when the editor offers a language model (the CLI passes `async () => false`). */
  editorModelAvailable: () => Promise<boolean>;
}

/** Probes are only called when needed, in order; a probe that throws counts as "not available". */
export async function resolveProvider(settings: { 'llm.provider': ProviderSetting }, probes: ProviderProbes): Promise<ProviderResolution> {
  const setting = settings['llm.provider'];
  const ask = async (probe: () => Promise<boolean>): Promise<boolean> => {
    try {
      return await probe();
    } catch {
      return false;
    }
  };
  switch (setting) {
    case 'none':
      return { provider: 'none', reason: 'offline: the LLM is turned off (llm.provider = none)' };
    case 'openai-compatible':
      return (await ask(probes.endpointAnswers))
        ? { provider: 'openai-compatible', reason: 'the configured endpoint' }
        : { provider: 'none', reason: 'offline: the configured endpoint did not answer' };
    case 'vscode-lm':
      return (await ask(probes.editorModelAvailable))
        ? { provider: 'vscode-lm', reason: "the editor's language model" }
        : { provider: 'none', reason: "offline: the editor offers no language model" };
    case 'auto': {
      if (await ask(probes.endpointAnswers)) return { provider: 'openai-compatible', reason: 'auto: the configured endpoint answered' };
      if (await ask(probes.editorModelAvailable)) return { provider: 'vscode-lm', reason: "auto: the endpoint did not answer; using the editor's language model" };
      return { provider: 'none', reason: 'auto: no endpoint answered and the editor offers no model; working offline' };
    }
  }
}
