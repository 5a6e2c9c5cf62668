import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { OpenAiCompatibleChatModel, OpenAiCompatibleOptions } from './openAiCompatibleChatModel';
import { FakeOpenAiServer, startFakeOpenAiServer } from '../../test/fakes/fakeOpenAiServer';
import {
  LlmAbortError,
  LlmConnectionError,
  LlmHttpError,
  LlmStreamError,
  LlmTimeoutError,
  ResponseFormatUnsupportedError,
} from './llmError';

const tlsDir = path.join(__dirname, '../../test/fixtures/tls');
const user = [{ role: 'user' as const, content: 'hello' }];

async function collect(stream: AsyncIterable<string>, into: string[] = []): Promise<string> {
  for await (const piece of stream) into.push(piece);
  return into.join('');
}

describe('OpenAiCompatibleChatModel', () => {
  let server: FakeOpenAiServer;
  let waits: number[];

  const model = (overrides: Partial<OpenAiCompatibleOptions> = {}): OpenAiCompatibleChatModel =>
    new OpenAiCompatibleChatModel({
      baseUrl: server.url,
      model: 'fake-model',
      timeoutMs: 2000,
      maxRetries: 2,
      sleep: async (ms) => void waits.push(ms),
      random: () => 0.5,
      ...overrides,
    });

  beforeEach(async () => {
    waits = [];
    server = await startFakeOpenAiServer({ reply: { content: 'pong' } });
  });
  afterEach(async () => server.close());

  it('completes a chat and sends the model, the messages and a placeholder key', async () => {
    const reply = await model().complete([{ role: 'system', content: 'be brief' }, ...user], { temperature: 0, maxTokens: 5 });
    assert.equal(reply, 'pong');
    const [request] = server.chatRequests();
    assert.equal(request!.body.model, 'fake-model');
    assert.deepEqual(request!.body.messages, [
      { role: 'system', content: 'be brief' },
      { role: 'user', content: 'hello' },
    ]);
    assert.equal(request!.body.temperature, 0);
    assert.equal(request!.body.max_tokens, 5);
    assert.match(String(request!.headers.authorization), /^Bearer \S+/);
  });

  it('honours Retry-After in seconds on 429', async () => {
    server.enqueue({ status: 429, headers: { 'retry-after': '3' } });
    assert.equal(await model().complete(user), 'pong');
    assert.deepEqual(waits, [3000]);
    assert.equal(server.chatRequests().length, 2);
  });

  it('honours retry-after-ms and an HTTP-date Retry-After', async () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    server.enqueue(
      { status: 429, headers: { 'retry-after-ms': '250' } },
      { status: 503, headers: { 'retry-after': 'Thu, 01 Jan 2026 00:00:07 GMT' } },
    );
    assert.equal(await model({ now: () => now }).complete(user), 'pong');
    assert.deepEqual(waits, [250, 7000]);
  });

  it('backs off exponentially with jitter on 5xx, then gives up with the status', async () => {
    server.setReply({ status: 500, errorMessage: 'boom' });
    const error = await model({ maxRetries: 3, retryBaseDelayMs: 100 }).complete(user).catch((e: unknown) => e);
    assert.ok(error instanceof LlmHttpError);
    assert.equal(error.status, 500);
    assert.match(error.message, /boom/);
    assert.equal(server.chatRequests().length, 4);
    // random() = 0.5 puts each wait at 3/4 of its ceiling: 100, 200, 400 ms.
    assert.deepEqual(waits, [75, 150, 300]);
  });

  it('does not retry a 401 and says to check the key', async () => {
    await server.close();
    server = await startFakeOpenAiServer({ apiKey: 'right' });
    const error = await model({ apiKey: 'wrong' }).complete(user).catch((e: unknown) => e);
    assert.ok(error instanceof LlmHttpError);
    assert.equal(error.status, 401);
    assert.match(error.message, /API key/);
    assert.equal(server.requests.length, 1);
    assert.equal(await model({ apiKey: 'right' }).complete(user), 'ok');
  });

  it('retries refused connections and reports them as connection errors', async () => {
    const closedUrl = server.url;
    await server.close();
    const error = await new OpenAiCompatibleChatModel({
      baseUrl: closedUrl,
      model: 'm',
      maxRetries: 2,
      sleep: async (ms) => void waits.push(ms),
    })
      .complete(user)
      .catch((e: unknown) => e);
    assert.ok(error instanceof LlmConnectionError, String(error));
    assert.match(error.message, /ECONNREFUSED/);
    assert.equal(waits.length, 2);
    server = await startFakeOpenAiServer();
  });

  it('times out a slow reply', async () => {
    server.setReply({ content: 'late', delayMs: 3000 });
    const error = await model({ timeoutMs: 100, maxRetries: 0 }).complete(user).catch((e: unknown) => e);
    assert.ok(error instanceof LlmTimeoutError, String(error));
  });

  it('retries after a timeout and succeeds', async () => {
    server.enqueue({ content: 'late', delayMs: 3000 });
    assert.equal(await model({ timeoutMs: 150, maxRetries: 1 }).complete(user), 'pong');
    assert.equal(waits.length, 1);
  });

  it('cancels a pending request through the AbortSignal', async () => {
    server.setReply({ content: 'late', delayMs: 3000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await model().complete(user, { signal: controller.signal }).catch((e: unknown) => e);
    assert.ok(error instanceof LlmAbortError, String(error));
    assert.equal(server.chatRequests().length, 1);
  });

  it('cancels during the backoff wait', async () => {
    server.setReply({ status: 429, headers: { 'retry-after': '30' } });
    const controller = new AbortController();
    const slowModel = new OpenAiCompatibleChatModel({ baseUrl: server.url, model: 'm', maxRetries: 3 });
    setTimeout(() => controller.abort(), 100);
    const error = await slowModel.complete(user, { signal: controller.signal }).catch((e: unknown) => e);
    assert.ok(error instanceof LlmAbortError, String(error));
    assert.equal(server.chatRequests().length, 1);
  });

  it('streams a reply in chunks', async () => {
    server.setReply({ content: 'The disk is full on db-1.', chunkChars: 5 });
    const pieces: string[] = [];
    assert.equal(await collect(model().chat(user), pieces), 'The disk is full on db-1.');
    assert.ok(pieces.length >= 5);
    assert.equal(server.chatRequests()[0]!.body.stream, true);
  });

  it('retries a stream that fails before it starts', async () => {
    server.enqueue({ status: 502 });
    server.setReply({ content: 'streamed' });
    assert.equal(await collect(model().chat(user)), 'streamed');
    assert.equal(waits.length, 1);
  });

  it('reports a stream cut mid-way as a stream error after the partial text', async () => {
    server.setReply({ content: 'abcdefghijklmnop', chunkChars: 4, cutAfterChunks: 2, chunkDelayMs: 5 });
    const pieces: string[] = [];
    const error = await collect(model().chat(user), pieces).catch((e: unknown) => e);
    assert.ok(error instanceof LlmStreamError, String(error));
    assert.match(error.message, /broke|ended/);
    assert.equal(pieces.join(''), 'abcdefgh');
  });

  it('reports a stream that ends without finishing', async () => {
    server.setReply({ content: 'abcdefghijkl', chunkChars: 4, endAfterChunks: 1 });
    const error = await collect(model().chat(user)).catch((e: unknown) => e);
    assert.ok(error instanceof LlmStreamError, String(error));
    assert.match(error.message, /before the model finished/);
  });

  it('times out a stream that stalls between chunks', async () => {
    server.setReply({ content: 'abcdefgh', chunkChars: 4, chunkDelayMs: 1500 });
    const error = await collect(model({ timeoutMs: 200, maxRetries: 0 }).chat(user)).catch((e: unknown) => e);
    assert.ok(error instanceof LlmTimeoutError, String(error));
  });

  it('cancels a stream mid-way', async () => {
    server.setReply({ content: 'abcdefghijklmnop', chunkChars: 2, chunkDelayMs: 40 });
    const controller = new AbortController();
    const pieces: string[] = [];
    const iteration = collect(model().chat(user, { signal: controller.signal }), pieces);
    setTimeout(() => controller.abort(), 100);
    const error = await iteration.catch((e: unknown) => e);
    assert.ok(error instanceof LlmAbortError, String(error));
    assert.ok(pieces.join('').length < 16);
  });

  it('turns a rejected response_format into ResponseFormatUnsupportedError without retrying', async () => {
    await server.close();
    server = await startFakeOpenAiServer({ responseFormats: ['json_object'] });
    const error = await model()
      .complete(user, { responseFormat: { type: 'json_schema', name: 'x', schema: { type: 'object' } } })
      .catch((e: unknown) => e);
    assert.ok(error instanceof ResponseFormatUnsupportedError, String(error));
    assert.equal(server.chatRequests().length, 1);
    assert.deepEqual(server.chatRequests()[0]!.body.response_format.type, 'json_schema');
  });

  it('lists models', async () => {
    assert.deepEqual(await model().listModels(), ['fake-model', 'fake-embedder']);
  });

  it('checks the connection: models, latency and the JSON mode that works', async () => {
    await server.close();
    server = await startFakeOpenAiServer({
      responseFormats: ['json_object'],
      reply: (request) => ({ content: request.body.response_format ? '{"ok": true}' : 'pong' }),
    });
    const report = await model().checkConnection();
    assert.equal(report.ok, true);
    assert.equal(report.modelListed, true);
    assert.equal(report.jsonMode, 'json_object');
    assert.equal(report.sample, 'pong');
    assert.ok(typeof report.latencyMs === 'number' && report.latencyMs >= 0);
  });

  it('checks a dead endpoint without throwing', async () => {
    const closedUrl = server.url;
    await server.close();
    const report = await new OpenAiCompatibleChatModel({ baseUrl: closedUrl, model: 'm', maxRetries: 0 }).checkConnection();
    assert.equal(report.ok, false);
    assert.equal(report.problems.length, 2);
    server = await startFakeOpenAiServer();
  });

  it('trusts a self-signed endpoint only with its CA', async () => {
    await server.close();
    const cert = readFileSync(path.join(tlsDir, 'selfSigned.cert.pem'), 'utf8');
    const key = readFileSync(path.join(tlsDir, 'selfSigned.key.pem'), 'utf8');
    server = await startFakeOpenAiServer({ tls: { cert, key }, reply: { content: 'secure' } });
    const untrusted = await model({ maxRetries: 0 }).complete(user).catch((e: unknown) => e);
    assert.ok(untrusted instanceof LlmConnectionError, String(untrusted));
    assert.equal(await model({ caPem: cert }).complete(user), 'secure');
    assert.equal(await collect(model({ caPem: cert }).chat(user)), 'secure');
  });

  it('describes the endpoint without credentials', () => {
    const ollama = new OpenAiCompatibleChatModel({ baseUrl: 'http://127.0.0.1:11434/v1', model: 'llama3.1' });
    assert.equal(ollama.describe(), 'Ollama llama3.1 at http://127.0.0.1:11434/v1');
    const gateway = new OpenAiCompatibleChatModel({ baseUrl: 'https://bob:hunter2@gw.example.com/v1?key=abc', model: 'gpt' });
    assert.equal(gateway.describe(), 'OpenAI-compatible endpoint gpt at https://gw.example.com/v1');
    assert.throws(() => new OpenAiCompatibleChatModel({ baseUrl: 'not a url', model: 'm' }), /Invalid LLM base URL/);
  });
});
