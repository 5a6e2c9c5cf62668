/**
 * The endpoint's entries in the editor's model picker. Activation answers a silent model lookup with the configured
 * model from here, without loading the copilot bundle; the provider (endpointLanguageModels.ts) lists the rest.
 */
import type * as vscode from 'vscode';
import type { Settings } from '../../core/settings';

/** Ollama's default context for most models; endpoints don't report it over the OpenAI API. */
const assumedContextTokens = 8192;

/** Never in an untrusted workspace, and not when the LLM is switched off. */
export function isEndpointOffered(trusted: boolean, s: Settings): boolean {
  return trusted && s['llm.provider'] !== 'none';
}

export function endpointModelInfo(id: string, s: Settings): vscode.LanguageModelChatInformation {
  return {
    id,
    name: id,
    family: id.split(':')[0],
    version: '1',
    detail: s['llm.baseUrl'],
    tooltip: `${id} at ${s['llm.baseUrl']} (Ops Copilot endpoint)`,
    maxInputTokens: assumedContextTokens,
    maxOutputTokens: 4096,
    capabilities: {},
  };
}
