/**
 * Offers the configured OpenAI-compatible endpoint (Ollama, vLLM, LM Studio, llama.cpp…) as language models in the
 * editor's model picker, so `@ops` and the rest of the chat view can run on the user's own model. Feature-detected:
 * editors without `vscode.lm.registerLanguageModelChatProvider` simply don't get it.
 */
import * as vscode from 'vscode';
import type { ChatMessage } from '../../core/llm/chatModel';
import { LlmAbortError } from '../../core/llm/llmError';
import type { Logger } from '../../core/logger';
import { estimateTokens } from '../../core/copilot/promptContext';
import type { CopilotHost } from '../copilot/copilotHost';
import type { SettingsReader } from '../settingsReader';
import { endpointModelInfo, isEndpointOffered } from './endpointModelInfo';

/** Everything of the model-picker provider but its change event, which activation owns (copilotSurfaces.ts). */
export type EndpointModelProvider = Omit<vscode.LanguageModelChatProvider, 'onDidChangeLanguageModelChatInformation'>;

export function createEndpointModelProvider(host: CopilotHost, settings: SettingsReader, log: Logger): EndpointModelProvider {
  return {
    async provideLanguageModelChatInformation(_options, token) {
      const s = settings.settings;
      if (!isEndpointOffered(vscode.workspace.isTrusted, s)) return [];
      let ids = [s['llm.model']];
      try {
        const model = await host.endpointModel();
        const controller = new AbortController();
        const cancel = token.onCancellationRequested(() => controller.abort());
        try {
          const listed = await model.listModels(AbortSignal.any([controller.signal, AbortSignal.timeout(3000)]));
          if (listed.length > 0) ids = [s['llm.model'], ...listed.filter((id) => id !== s['llm.model'])].slice(0, 20);
        } finally {
          cancel.dispose();
        }
      } catch (error) {
        log.debug(`[lm] could not list the endpoint's models: ${(error as Error).message}`);
      }
      return ids.map((id) => endpointModelInfo(id, s));
    },
    async provideLanguageModelChatResponse(info, messages, _options, progress, token) {
      const model = await host.endpointModel({ ...settings.settings, 'llm.model': info.id });
      const controller = new AbortController();
      const cancel = token.onCancellationRequested(() => controller.abort());
      try {
        for await (const text of model.chat(toCoreMessages(messages), { signal: controller.signal })) {
          progress.report(new vscode.LanguageModelTextPart(text));
        }
      } catch (error) {
        if (error instanceof LlmAbortError) return;
        throw error;
      } finally {
        cancel.dispose();
      }
    },
    async provideTokenCount(_info, text) {
      return estimateTokens(typeof text === 'string' ? text : partsText(text.content));
    },
  };
}

function toCoreMessages(messages: readonly vscode.LanguageModelChatRequestMessage[]): ChatMessage[] {
  return messages.map((m) => ({
    role: m.role === vscode.LanguageModelChatMessageRole.Assistant ? 'assistant' : 'user',
    content: partsText(m.content),
  }));
}

function partsText(parts: ReadonlyArray<unknown>): string {
  return parts.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join('');
}
