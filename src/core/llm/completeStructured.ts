/**
 * Zod-checked JSON replies: ask in the strongest JSON mode the endpoint honours (json_schema, then json_object, then
 * plain instructions), parse leniently, validate, one repair round, else an `ok: false` result so the caller can fall
 * back to its offline answer and say so.
 */
import { z } from 'zod';
import type { ChatMessage, ChatModel, JsonSchema, ResponseFormat } from './chatModel';
import { LlmAbortError, ResponseFormatUnsupportedError } from './llmError';

export type StructuredMode = 'json_schema' | 'json_object' | 'prompt';

export type StructuredResult<T> =
  | { ok: true; value: T; repaired: boolean; mode: StructuredMode }
  | { ok: false; reason: string; raw?: string; mode?: StructuredMode };

/** Remembers, per model id, the strongest JSON mode that worked, so later calls skip modes the server rejects. */
export class JsonModeMemory {
  private readonly modes = new Map<string, StructuredMode>();
  get(modelId: string): StructuredMode | undefined {
    return this.modes.get(modelId);
  }
  set(modelId: string, mode: StructuredMode): void {
    this.modes.set(modelId, mode);
  }
}

/** Shared by callers that do not bring their own (the process talks to few endpoints). */
export const defaultJsonModeMemory = new JsonModeMemory();

export interface StructuredOptions {
  signal?: AbortSignal;
  /** Schema name sent with json_schema: letters, digits, _ and -. */
  name: string;
  memory?: JsonModeMemory;
  temperature?: number;
  maxTokens?: number;
}

const modeOrder: StructuredMode[] = ['json_schema', 'json_object', 'prompt'];

/**
 * Asks `model` for a reply matching `schema`. Transport errors (timeouts, HTTP errors) propagate as `LlmError`s except
 * a rejected response_format, which steps down a mode; cancellation always throws `LlmAbortError`.
 */
export async function completeStructured<S extends z.ZodType>(
  model: ChatModel,
  messages: readonly ChatMessage[],
  schema: S,
  options: StructuredOptions,
): Promise<StructuredResult<z.infer<S>>> {
  const memory = options.memory ?? defaultJsonModeMemory;
  const jsonSchema = toJsonSchema(schema);
  const instructed = withJsonInstructions(messages, jsonSchema);
  const startMode = memory.get(model.id) ?? 'json_schema';
  for (const mode of modeOrder.slice(modeOrder.indexOf(startMode))) {
    const responseFormat = toResponseFormat(mode, options.name, jsonSchema);
    let raw: string;
    try {
      raw = await model.complete(instructed, { signal: options.signal, responseFormat, temperature: options.temperature ?? 0, maxTokens: options.maxTokens });
    } catch (error) {
      if (error instanceof ResponseFormatUnsupportedError) continue;
      throw error;
    }
    memory.set(model.id, mode);
    const first = parseAndValidate(raw, schema);
    if (first.ok) return { ok: true, value: first.value, repaired: false, mode };
    if (options.signal?.aborted) throw new LlmAbortError();
    const repairMessages: ChatMessage[] = [
      ...instructed,
      { role: 'assistant', content: raw.slice(0, 8000) },
      {
        role: 'user',
        content:
          `Your reply was not valid: ${first.reason}\n` +
          'Reply again with only the corrected JSON object that matches the schema. No prose, no code fences.',
      },
    ];
    const repairedRaw = await model.complete(repairMessages, { signal: options.signal, responseFormat, temperature: 0, maxTokens: options.maxTokens });
    const second = parseAndValidate(repairedRaw, schema);
    if (second.ok) return { ok: true, value: second.value, repaired: true, mode };
    return { ok: false, reason: `invalid reply after one repair round: ${second.reason}`, raw: repairedRaw, mode };
  }
  return { ok: false, reason: 'the endpoint rejected every JSON mode' };
}

export function toJsonSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { target: 'draft-7', unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

function toResponseFormat(mode: StructuredMode, name: string, schema: JsonSchema): ResponseFormat | undefined {
  if (mode === 'json_schema') return { type: 'json_schema', name: name.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64) || 'reply', schema };
  if (mode === 'json_object') return { type: 'json_object' };
  return undefined;
}

/** Every mode also states the schema in the system prompt: json_object and plain prompts rely on it entirely. */
function withJsonInstructions(messages: readonly ChatMessage[], schema: JsonSchema): ChatMessage[] {
  const instruction =
    'Reply with a single JSON object that conforms to this JSON Schema, and nothing else (no prose, no code fences):\n' +
    JSON.stringify(schema);
  const [first, ...rest] = messages;
  if (first?.role === 'system') return [{ role: 'system', content: `${first.content}\n\n${instruction}` }, ...rest];
  return [{ role: 'system', content: instruction }, ...messages];
}

type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

export function parseAndValidate<S extends z.ZodType>(raw: string, schema: S): Parsed<z.infer<S>> {
  const json = extractJsonObject(raw);
  if (json === undefined) return { ok: false, reason: 'no JSON object found in the reply' };
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    return { ok: false, reason: `JSON does not parse: ${(error as Error).message}` };
  }
  const result = schema.safeParse(data);
  if (result.success) return { ok: true, value: result.data };
  const issues = result.error.issues
    .slice(0, 8)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
  return { ok: false, reason: `schema mismatch: ${issues}` };
}

/**
 * The JSON object in a model reply: strips ```json fences and surrounding prose, and returns the first balanced
 * {...} (string-aware, so braces inside strings do not count). Undefined when there is none.
 */
export function extractJsonObject(raw: string): string | undefined {
  const fenced = /```(?:json|JSON)?\s*\n?([\s\S]*?)```/.exec(raw);
  const text = fenced && fenced[1]!.includes('{') ? fenced[1]! : raw;
  let start = text.indexOf('{');
  while (start !== -1) {
    const end = balancedEnd(text, start);
    if (end !== -1) return text.slice(start, end + 1);
    start = text.indexOf('{', start + 1);
  }
  return undefined;
}

function balancedEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) return i;
  }
  return -1;
}
