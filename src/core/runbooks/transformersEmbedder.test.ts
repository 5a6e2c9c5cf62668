import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MemoryLogger } from '../../test/fakes/memoryLogger';
import { EmbedderUnavailableError } from './embedder';
import { ModelProgress, TransformersEmbedder } from './transformersEmbedder';
import { contentHash, VectraChunkIndex } from './vectraChunkIndex';

// The repository sits beside ../shared in CI and here; the model has random weights (tests loading, not quality).
const repoRoot = path.resolve(__dirname, '../../..');
const tinyModel = path.resolve(repoRoot, '../shared/models/tiny-random-bert-onnx');

describe('TransformersEmbedder', function () {
  this.timeout(60_000);

  it('loads a local model folder without network, mean-pools and normalises', async () => {
    const progress: ModelProgress[] = [];
    const originalFetch = globalThis.fetch;
    let fetches = 0;
    globalThis.fetch = ((...args: Parameters<typeof fetch>) => {
      fetches++;
      return originalFetch(...args);
    }) as typeof fetch;
    try {
      const embedder = new TransformersEmbedder({ localModelPath: tinyModel, onProgress: (p) => progress.push(p) });
      const vectors = await embedder.embed(['disk full on /var', 'certificate expired', 'disk full on /var']);
      assert.equal(vectors.length, 3);
      // The dimension comes from the model output (32 for this model), never a constant.
      assert.equal(await embedder.dimensions(), 32);
      assert.equal(vectors[0]!.length, 32);
      for (const v of vectors) assert.ok(Math.abs(Math.hypot(...v) - 1) < 1e-4);
      assert.deepEqual(Array.from(vectors[0]!), Array.from(vectors[2]!));
      assert.notDeepEqual(Array.from(vectors[0]!), Array.from(vectors[1]!));
      assert.equal(embedder.id, `transformers:file:${tinyModel}`);
      assert.ok(progress.some((p) => p.status === 'ready' || p.status === 'done'));
      assert.equal(fetches, 0);
    } finally {
      globalThis.fetch = originalFetch;
    }
  });

  it('truncates texts longer than the model input instead of failing', async () => {
    const embedder = new TransformersEmbedder({ localModelPath: tinyModel });
    const [vector] = await embedder.embed(['disk '.repeat(2000)]);
    assert.equal(vector!.length, 32);
  });

  it('indexes chunks into the vector index with the model dimension', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'transformers-index-'));
    try {
      const embedder = new TransformersEmbedder({ localModelPath: tinyModel });
      const texts = ['no space left on device', 'OOMKilled exit code 137', 'x509 certificate has expired'];
      const index = new VectraChunkIndex(dir, new MemoryLogger());
      const result = await index.sync(texts.map((text) => ({ key: contentHash(embedder.id, text), text })), embedder);
      assert.equal(result.embedded, 3);
      const meta = JSON.parse(fs.readFileSync(path.join(dir, 'ops-copilot-index.json'), 'utf8'));
      assert.equal(meta.dimensions, 32);
      const [query] = await embedder.embed(['OOMKilled exit code 137']);
      const [top] = await index.query(query!, 1);
      assert.equal(top!.key, contentHash(embedder.id, texts[1]!));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a missing local model as EmbedderUnavailableError, without touching the network', async () => {
    const embedder = new TransformersEmbedder({ localModelPath: path.join(os.tmpdir(), 'no-such-model-folder') });
    await assert.rejects(embedder.embed(['x']), (error: unknown) => {
      return error instanceof EmbedderUnavailableError && /no-such-model-folder/.test(error.message);
    });
  });
});
