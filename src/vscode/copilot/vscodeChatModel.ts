/**
 * Core's ChatModel port on the editor's language models (vscode.lm): the `vscode-lm` provider, and `request.model`
 * when @ops answers in the chat view. The editor API has no system role or JSON mode: system text goes first as a
 * user message, and JSON modes are declined so structured calls fall back to the plain-prompt mode.
 */
import * as vscode from 'vscode';
import type { ChatMessage, ChatModel, ChatOptions, CompleteOptions } from '../../core/llm/chatModel';
import { LlmAbortError, LlmError, LlmHttpError, ResponseFormatUnsupportedError } from '../../core/llm/llmError';
import type { ModelProvider } from '../../core/copilot/modelProvider';

export class VscodeChatModel implements ChatModel {
  readonly id: string;

  constructor(private readonly model: vscode.LanguageModelChat) {
    this.id = `vscode-lm:${model.vendor}/${model.id}`;
  }

  describe(): string {
    return `${this.model.name} (editor model, ${this.model.vendor})`;
  }

  async *chat(messages: readonly ChatMessage[], options: ChatOptions = {}): AsyncIterable<string> {
    const source = new vscode.CancellationTokenSource();
    const onAbort = (): void => source.cancel();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      if (options.signal?.aborted) throw new LlmAbortError();
      let response: vscode.LanguageModelChatResponse;
      try {
        response = await this.model.sendRequest(toEditorMessages(messages), { justification: 'Ops Copilot answers your ops question.' }, source.token);
      } catch (error) {
        throw toLlmError(error, options.signal);
      }
      try {
        for await (const fragment of response.text) {
          if (options.signal?.aborted) throw new LlmAbortError();
          yield fragment;
        }
      } catch (error) {
        throw toLlmError(error, options.signal);
      }
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
      source.dispose();
    }
  }

  async complete(messages: readonly ChatMessage[], options: CompleteOptions = {}): Promise<string> {
    if (options.responseFormat) {
      throw new ResponseFormatUnsupportedError('editor language models take no response_format; asking in the prompt');
    }
    let text = '';
    for await (const chunk of this.chat(messages, options)) text += chunk;
    return text;
  }
}

function toEditorMessages(messages: readonly ChatMessage[]): vscode.LanguageModelChatMessage[] {
  return messages.map((m) =>
    m.role === 'assistant'
      ? vscode.LanguageModelChatMessage.Assistant(m.content)
      : vscode.LanguageModelChatMessage.User(m.role === 'system' ? `[Instructions]\n${m.content}` : m.content),
  );
}

function toLlmError(error: unknown, signal: AbortSignal | undefined): LlmError {
  if (error instanceof LlmError) return error;
  if (signal?.aborted || (error instanceof vscode.CancellationError)) return new LlmAbortError();
  if (error instanceof vscode.LanguageModelError) {
    // The editor reports consent, quota and missing models through codes, not HTTP statuses.
    const status = error.code === vscode.LanguageModelError.NoPermissions.name ? 403 : error.code === vscode.LanguageModelError.NotFound.name ? 404 : 503;
    return new LlmHttpError(`editor language model: ${error.message} (${error.code})`, status, undefined, { cause: error });
  }
  return new LlmError(`editor language model failed: ${(error as Error)?.message ?? String(error)}`, { cause: error });
}

/** The editor's models as a ModelProvider: a fixed model (request.model) or the first one the editor offers. */
export function editorModelProvider(fixed?: vscode.LanguageModelChat, selector: vscode.LanguageModelChatSelector = {}, excludeVendor?: string): ModelProvider {
  return {
    kind: 'vscode-lm',
    isLocal: false,
    async resolve() {
      if (fixed) return new VscodeChatModel(fixed);
      try {
        const models = (await vscode.lm.selectChatModels(selector)).filter((m) => m.vendor !== excludeVendor);
        return models[0] ? new VscodeChatModel(models[0]) : undefined;
      } catch {
        return undefined;
      }
    },
  };
}
