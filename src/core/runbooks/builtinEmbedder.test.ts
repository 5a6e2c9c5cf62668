import assert from 'node:assert/strict';
import { BuiltinEmbedder } from './builtinEmbedder';
import { embedInBatches } from './embedder';

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return dot;
}

describe('BuiltinEmbedder', () => {
  const embedder = new BuiltinEmbedder();

  it('returns unit vectors of a fixed length, deterministically', async () => {
    const [a, b] = await embedder.embed(['No space left on device', 'No space left on device']);
    assert.equal(a!.length, await embedder.dimensions());
    assert.ok(Math.abs(Math.hypot(...a!) - 1) < 1e-5);
    assert.deepEqual(a, b);
    assert.equal(embedder.id, 'builtin-v1');
    assert.equal(new BuiltinEmbedder({ dimensions: 256 }).id, 'builtin-v1-d256');
  });

  it('places related texts closer than unrelated ones', () => {
    const disk = embedder.embedOne('write failed: no space left on device (ENOSPC)');
    const diskDoc = embedder.embedOne('Disk full: the filesystem has no space left; free space by removing old logs');
    const tls = embedder.embedOne('x509: certificate has expired; TLS handshake failed');
    assert.ok(cosine(disk, diskDoc) > cosine(disk, tls) + 0.05);
  });

  it('ignores variable parts of log lines (times, addresses, ids)', () => {
    const a = embedder.embedOne('2025-03-14T09:12:44Z conn from 10.0.0.5 id=3f2a9c1b7e refused after 30000ms');
    const b = embedder.embedOne('2024-01-02T23:01:02Z conn from 192.168.7.20 id=99ffe01aa2 refused after 15000ms');
    assert.ok(cosine(a, b) > 0.99, `similarity ${cosine(a, b)}`);
  });

  it('matches word variants through character n-grams', () => {
    const query = embedder.embedOne('keys evicted');
    const variant = embedder.embedOne('eviction of keys');
    const other = embedder.embedOne('certificate rotation');
    assert.ok(cosine(query, variant) > cosine(query, other));
  });

  it('embeds an empty or symbol-only text as a zero vector instead of failing', () => {
    const zero = embedder.embedOne('--- ### ***');
    assert.equal(zero.every((v) => v === 0), true);
  });

  it('batches through embedInBatches with progress and honours an abort signal', async () => {
    const texts = Array.from({ length: 100 }, (_, i) => `line ${i} about disks`);
    const progress: number[] = [];
    const vectors = await embedInBatches(embedder, texts, { batchSize: 30, onProgress: (done) => progress.push(done) });
    assert.equal(vectors.length, 100);
    assert.deepEqual(progress, [30, 60, 90, 100]);
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(embedInBatches(embedder, texts, { signal: controller.signal }), /Abort/);
  });
});
