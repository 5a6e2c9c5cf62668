/**
 * The one place text leaves the machine: a ChatModel wrapper that redacts every message before the inner model sends
 * it. Whether to redact follows `llm.redact`: "remote" redacts unless the endpoint is on this machine (loopback).
 */
import type { ChatMessage, ChatModel, ChatOptions, CompleteOptions } from '../llm/chatModel';

/** Replaces secrets in text; the safety module's `redact` is the real one. */
export type Redactor = (text: string) => string;

export type RedactPolicy = 'remote' | 'always' | 'never';

/** True for localhost, 127.0.0.0/8, ::1 and 0.0.0.0 (which connects locally); anything unparseable is remote. */
export function isLoopbackUrl(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  host = host.replace(/^\[|\]$/g, '');
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) ||
    host === '::1' ||
    host === '0.0.0.0' ||
    host === '::ffff:127.0.0.1'
  );
}

/** `endpointIsLocal` is false for the editor's models: they are hosted services. */
export function shouldRedact(policy: RedactPolicy, endpointIsLocal: boolean): boolean {
  return policy === 'always' || (policy === 'remote' && !endpointIsLocal);
}

export class RedactingChatModel implements ChatModel {
  readonly id: string;
  constructor(
    private readonly inner: ChatModel,
    private readonly redact: Redactor,
  ) {
    this.id = inner.id;
  }

  describe(): string {
    return this.inner.describe();
  }

  chat(messages: readonly ChatMessage[], options?: ChatOptions): AsyncIterable<string> {
    return this.inner.chat(this.redactAll(messages), options);
  }

  complete(messages: readonly ChatMessage[], options?: CompleteOptions): Promise<string> {
    return this.inner.complete(this.redactAll(messages), options);
  }

  /** Exactly what would be sent: for "Ops: Preview What Will Be Sent". */
  preview(messages: readonly ChatMessage[]): ChatMessage[] {
    return this.redactAll(messages);
  }

  private redactAll(messages: readonly ChatMessage[]): ChatMessage[] {
    return messages.map((m) => ({ role: m.role, content: this.redact(m.content) }));
  }
}
