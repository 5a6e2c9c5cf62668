import assert from 'node:assert/strict';
import { FakeOpenAiServer, startFakeOpenAiServer } from '../../test/fakes/fakeOpenAiServer';
import { EmbedderUnavailableError } from './embedder';
import { OpenAiEmbedder } from './openAiEmbedder';

describe('OpenAiEmbedder', () => {
  let server: FakeOpenAiServer;
  afterEach(async () => server?.close());

  it('posts to /v1/embeddings with encoding_format float and returns vectors in input order', async () => {
    server = await startFakeOpenAiServer({ embeddingDimensions: 24, apiKey: 'sk-test' });
    const embedder = new OpenAiEmbedder({ baseUrl: server.url, model: 'nomic-embed-text', apiKey: 'sk-test' });
    const vectors = await embedder.embed(['first text', 'second text']);
    assert.equal(vectors.length, 2);
    assert.equal(vectors[0]!.length, 24);
    assert.equal(await embedder.dimensions(), 24);
    const request = server.requests.find((r) => r.path === '/v1/embeddings')!;
    assert.equal(request.method, 'POST');
    assert.equal(request.body.encoding_format, 'float');
    assert.equal(request.body.model, 'nomic-embed-text');
    assert.deepEqual(request.body.input, ['first text', 'second text']);
    assert.equal(request.headers.authorization, 'Bearer sk-test');
    const [again] = await embedder.embed(['second text']);
    assert.deepEqual(again, vectors[1]);
    assert.match(embedder.id, /^openai-compatible:nomic-embed-text@127\.0\.0\.1:\d+$/);
  });

  it('asks a key function before each request and prepares every text before it leaves', async () => {
    server = await startFakeOpenAiServer({ embeddingDimensions: 8, apiKey: 'sk-from-store' });
    let asked = 0;
    const embedder = new OpenAiEmbedder({
      baseUrl: server.url,
      model: 'nomic-embed-text',
      apiKey: async () => {
        asked++;
        return 'sk-from-store';
      },
      prepare: (text) => text.replace(/password=\S+/g, 'password=[REDACTED]'),
    });
    await embedder.embed(['login failed password=hunter2 for bob']);
    const request = server.requests.find((r) => r.path === '/v1/embeddings')!;
    assert.deepEqual(request.body.input, ['login failed password=[REDACTED] for bob']);
    assert.equal(request.headers.authorization, 'Bearer sk-from-store');
    assert.ok(asked >= 1);
  });

  it('turns an endpoint error into EmbedderUnavailableError naming the endpoint', async () => {
    server = await startFakeOpenAiServer({ apiKey: 'right' });
    const embedder = new OpenAiEmbedder({ baseUrl: server.url, model: 'm', apiKey: 'wrong', maxRetries: 0 });
    await assert.rejects(embedder.embed(['x']), (error: unknown) => {
      return error instanceof EmbedderUnavailableError && error.message.includes(server.url);
    });
  });

  it('fails clearly when nothing listens', async () => {
    server = await startFakeOpenAiServer();
    const url = server.url;
    await server.close();
    const embedder = new OpenAiEmbedder({ baseUrl: url, model: 'm', maxRetries: 0, timeoutMs: 2000 });
    await assert.rejects(embedder.embed(['x']), EmbedderUnavailableError);
  });
});
