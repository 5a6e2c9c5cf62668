import assert from 'node:assert/strict';
import { z } from 'zod';
import { completeStructured, extractJsonObject, JsonModeMemory } from './completeStructured';
import { OpenAiCompatibleChatModel } from './openAiCompatibleChatModel';
import { FakeOpenAiServer, startFakeOpenAiServer } from '../../test/fakes/fakeOpenAiServer';
import { LlmHttpError } from './llmError';

const verdictSchema = z.object({
  category: z.enum(['Network', 'Database']),
  confidence: z.number().min(0).max(1),
});
const messages = [
  { role: 'system' as const, content: 'You classify incidents.' },
  { role: 'user' as const, content: 'connection refused to db:5432' },
];
const good = { category: 'Database', confidence: 0.9 };

describe('completeStructured', () => {
  let server: FakeOpenAiServer;
  let memory: JsonModeMemory;
  const start = async (options: Parameters<typeof startFakeOpenAiServer>[0]): Promise<OpenAiCompatibleChatModel> => {
    server = await startFakeOpenAiServer(options);
    return new OpenAiCompatibleChatModel({ baseUrl: server.url, model: 'fake-model', maxRetries: 0 });
  };
  beforeEach(() => {
    memory = new JsonModeMemory();
  });
  afterEach(async () => server.close());

  it('asks with response_format json_schema when the server supports it', async () => {
    const model = await start({ reply: { json: good } });
    const result = await completeStructured(model, messages, verdictSchema, { name: 'verdict', memory });
    assert.deepEqual(result, { ok: true, value: good, repaired: false, mode: 'json_schema' });
    const body = server.chatRequests()[0]!.body;
    assert.equal(body.response_format.type, 'json_schema');
    assert.equal(body.response_format.json_schema.name, 'verdict');
    assert.deepEqual(body.response_format.json_schema.schema.required, ['category', 'confidence']);
    assert.match(body.messages[0].content, /^You classify incidents\.[\s\S]*JSON Schema/);
  });

  it('falls back to json_object on a 400 about response_format and remembers it per endpoint', async () => {
    const model = await start({ reply: { json: good }, responseFormats: ['json_object'] });
    const first = await completeStructured(model, messages, verdictSchema, { name: 'verdict', memory });
    assert.equal(first.ok && first.mode, 'json_object');
    assert.deepEqual(
      server.chatRequests().map((r) => r.body.response_format.type),
      ['json_schema', 'json_object'],
    );
    await completeStructured(model, messages, verdictSchema, { name: 'verdict', memory });
    assert.equal(server.chatRequests().length, 3, 'the second call skips json_schema');
    assert.equal(memory.get(model.id), 'json_object');
  });

  it('falls back to plain prompting when no JSON mode is accepted', async () => {
    const model = await start({ reply: { content: 'Here you go:\n```json\n{"category": "Network", "confidence": 0.5}\n```' }, responseFormats: [] });
    const result = await completeStructured(model, messages, verdictSchema, { name: 'verdict', memory });
    assert.deepEqual(result, { ok: true, value: { category: 'Network', confidence: 0.5 }, repaired: false, mode: 'prompt' });
    assert.equal(server.chatRequests()[2]!.body.response_format, undefined);
  });

  it('repairs invalid JSON once, sending the error back', async () => {
    const model = await start({ reply: { json: good } });
    server.enqueue({ content: '{"category": "Database", "confidence": 0.9' });
    const result = await completeStructured(model, messages, verdictSchema, { name: 'verdict', memory });
    assert.deepEqual(result, { ok: true, value: good, repaired: true, mode: 'json_schema' });
    const repair = server.chatRequests()[1]!.body.messages;
    assert.equal(repair.at(-2).role, 'assistant');
    assert.match(repair.at(-1).content, /no JSON object found|does not parse/);
  });

  it('names schema violations in the repair request', async () => {
    const model = await start({ reply: { json: good } });
    server.enqueue({ json: { category: 'Weather', confidence: 2 } });
    const result = await completeStructured(model, messages, verdictSchema, { name: 'verdict', memory });
    assert.equal(result.ok && result.repaired, true);
    const repairText = server.chatRequests()[1]!.body.messages.at(-1).content as string;
    assert.match(repairText, /category/);
    assert.match(repairText, /confidence/);
  });

  it('gives up after one repair round with the raw reply, so the caller can fall back', async () => {
    const model = await start({ reply: { content: 'I think it is the database.' } });
    const result = await completeStructured(model, messages, verdictSchema, { name: 'verdict', memory });
    assert.equal(result.ok, false);
    assert.ok(!result.ok && /after one repair round/.test(result.reason));
    assert.ok(!result.ok && result.raw === 'I think it is the database.');
    assert.equal(server.chatRequests().length, 2);
  });

  it('lets transport errors through as LlmErrors', async () => {
    const model = await start({ reply: { status: 500 } });
    await assert.rejects(completeStructured(model, messages, verdictSchema, { name: 'verdict', memory }), LlmHttpError);
  });
});

describe('extractJsonObject', () => {
  it('takes the first balanced object, ignoring braces inside strings and trailing prose', () => {
    assert.equal(extractJsonObject('Sure! {"a": "}{", "b": {"c": 1}} and {"d": 2}'), '{"a": "}{", "b": {"c": 1}}');
    assert.equal(extractJsonObject('```json\n{"x": "\\"}"}\n```'), '{"x": "\\"}"}');
    assert.equal(extractJsonObject('no json here'), undefined);
    assert.equal(extractJsonObject('{"open": true'), undefined);
  });
});
