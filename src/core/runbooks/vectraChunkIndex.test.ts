import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FakeEmbedder } from '../../test/fakes/fakeEmbedder';
import { MemoryLogger } from '../../test/fakes/memoryLogger';
import { contentHash, VectorEntry, VectraChunkIndex } from './vectraChunkIndex';

function entries(embedderId: string, texts: string[]): VectorEntry[] {
  return texts.map((text) => ({ key: contentHash(embedderId, text), text }));
}

describe('VectraChunkIndex', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vectra-chunk-index-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('embeds every text once, then nothing when nothing changed, even from a fresh instance', async () => {
    const embedder = new FakeEmbedder();
    const texts = ['alpha', 'beta', 'gamma'];
    const first = await new VectraChunkIndex(dir, new MemoryLogger()).sync(entries(embedder.id, texts), embedder);
    assert.deepEqual([first.embedded, first.deleted, first.kept], [3, 0, 0]);
    assert.equal(first.rebuiltBecause, 'new index');

    const counting = new FakeEmbedder();
    const reopened = new VectraChunkIndex(dir, new MemoryLogger());
    const second = await reopened.sync(entries(counting.id, texts), counting);
    assert.deepEqual([second.embedded, second.deleted, second.kept], [0, 0, 3]);
    assert.equal(second.rebuiltBecause, undefined);
    assert.equal(counting.calls, 0);
    assert.equal(reopened.size, 3);
  });

  it('embeds only new or changed texts and deletes removed ones', async () => {
    const embedder = new FakeEmbedder();
    const index = new VectraChunkIndex(dir, new MemoryLogger());
    await index.sync(entries(embedder.id, ['alpha', 'beta', 'gamma']), embedder);
    embedder.texts.length = 0;
    const result = await index.sync(entries(embedder.id, ['alpha', 'beta changed', 'delta']), embedder);
    assert.deepEqual([result.embedded, result.deleted, result.kept], [2, 2, 1]);
    assert.deepEqual(embedder.texts.sort(), ['beta changed', 'delta']);
    const onDisk = JSON.parse(fs.readFileSync(path.join(dir, 'index.json'), 'utf8')) as { items: { id: string }[] };
    assert.deepEqual(
      onDisk.items.map((i) => i.id).sort(),
      entries(embedder.id, ['alpha', 'beta changed', 'delta']).map((e) => e.key).sort(),
    );
  });

  it('finds the stored vector closest to a query by cosine similarity', async () => {
    const embedder = new FakeEmbedder({ dimensions: 16 });
    const index = new VectraChunkIndex(dir, new MemoryLogger());
    const list = entries(embedder.id, ['one', 'two', 'three']);
    await index.sync(list, embedder);
    const [query] = await embedder.embed(['two']);
    const hits = await index.query(query!, 2);
    assert.equal(hits.length, 2);
    assert.equal(hits[0]!.key, list[1]!.key);
    assert.ok(Math.abs(hits[0]!.score - 1) < 1e-5);
    assert.ok(hits[1]!.score < hits[0]!.score);
  });

  it('rebuilds when the embedder changes', async () => {
    const index = new VectraChunkIndex(dir, new MemoryLogger());
    const a = new FakeEmbedder({ id: 'fake-a' });
    await index.sync(entries(a.id, ['x', 'y']), a);
    const b = new FakeEmbedder({ id: 'fake-b', dimensions: 4 });
    const log = new MemoryLogger();
    const result = await new VectraChunkIndex(dir, log).sync(entries(b.id, ['x', 'y']), b);
    assert.equal(result.embedded, 2);
    assert.match(result.rebuiltBecause ?? '', /fake-a.*fake-b/);
    assert.ok(log.messages('warn').some((m) => /rebuilding/.test(m)));
    const meta = JSON.parse(fs.readFileSync(path.join(dir, 'ops-copilot-index.json'), 'utf8'));
    assert.deepEqual([meta.embedderId, meta.dimensions], ['fake-b', 4]);
  });

  it('detects a truncated index.json, logs it and rebuilds', async () => {
    const embedder = new FakeEmbedder();
    await new VectraChunkIndex(dir, new MemoryLogger()).sync(entries(embedder.id, ['a', 'b', 'c']), embedder);
    const file = path.join(dir, 'index.json');
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, text.slice(0, Math.floor(text.length / 2)));

    const log = new MemoryLogger();
    const counting = new FakeEmbedder();
    const index = new VectraChunkIndex(dir, log);
    const result = await index.sync(entries(counting.id, ['a', 'b', 'c']), counting);
    assert.match(result.rebuiltBecause ?? '', /corrupt index\.json/);
    assert.equal(result.embedded, 3);
    assert.ok(log.messages('warn').some((m) => /corrupt index\.json.*rebuilding/.test(m)));
    assert.doesNotThrow(() => JSON.parse(fs.readFileSync(file, 'utf8')));
    assert.equal((await index.query((await counting.embed(['a']))[0]!, 1)).length, 1);
  });

  it('rebuilds when the embedder record is unreadable', async () => {
    const embedder = new FakeEmbedder();
    await new VectraChunkIndex(dir, new MemoryLogger()).sync(entries(embedder.id, ['a']), embedder);
    fs.writeFileSync(path.join(dir, 'ops-copilot-index.json'), '{"schemaVer');
    const result = await new VectraChunkIndex(dir, new MemoryLogger()).sync(entries(embedder.id, ['a']), embedder);
    assert.match(result.rebuiltBecause ?? '', /unreadable/);
    assert.equal(result.embedded, 1);
  });

  it('keeps the previous index when embedding fails, and recovers on the next sync', async () => {
    const good = new FakeEmbedder();
    const index = new VectraChunkIndex(dir, new MemoryLogger());
    await index.sync(entries(good.id, ['a', 'b']), good);
    const before = fs.readFileSync(path.join(dir, 'index.json'), 'utf8');

    const failing = new FakeEmbedder({ failOnCall: 1 });
    await assert.rejects(index.sync(entries(failing.id, ['a', 'b', 'c']), failing), /fake embedder failure/);
    assert.equal(fs.readFileSync(path.join(dir, 'index.json'), 'utf8'), before);

    const retry = await index.sync(entries(failing.id, ['a', 'b', 'c']), failing);
    assert.deepEqual([retry.embedded, retry.kept], [1, 2]);
  });

  it('cancels a failed vectra update so later updates still work', async () => {
    const embedder = new FakeEmbedder();
    const index = new VectraChunkIndex(dir, new MemoryLogger());
    await index.sync(entries(embedder.id, ['a']), embedder);
    const before = fs.readFileSync(path.join(dir, 'index.json'), 'utf8');
    // Fail one insert inside the open vectra update (as a disk error or a bad item would).
    const vectra = (index as unknown as { index: { upsertItem: (...args: unknown[]) => Promise<unknown> } }).index;
    const original = vectra.upsertItem.bind(vectra);
    let failures = 1;
    vectra.upsertItem = (...args: unknown[]) => (failures-- > 0 ? Promise.reject(new Error('insert failed')) : original(...args));
    await assert.rejects(index.sync(entries(embedder.id, ['a', 'b']), embedder), /insert failed/);
    assert.equal(fs.readFileSync(path.join(dir, 'index.json'), 'utf8'), before);
    // Without cancelUpdate vectra would now throw "Update already in progress".
    const result = await index.sync(entries(embedder.id, ['a', 'b', 'c']), embedder);
    assert.deepEqual([result.embedded, result.kept], [2, 1]);
    assert.equal(index.size, 3);
  });

  it('rejects an embedder whose vectors change length within one run', async () => {
    const embedder = new FakeEmbedder();
    const odd = {
      id: embedder.id,
      dimensions: () => Promise.resolve(8),
      embed: (texts: string[]) => Promise.resolve(texts.map((_, i) => new Float32Array(i === 0 ? 8 : 9).fill(0.1))),
    };
    await assert.rejects(new VectraChunkIndex(dir, new MemoryLogger()).sync(entries(odd.id, ['a', 'b']), odd), /varying length/);
  });

  it('serialises concurrent syncs', async () => {
    const embedder = new FakeEmbedder();
    const index = new VectraChunkIndex(dir, new MemoryLogger());
    const [a, b] = await Promise.all([
      index.sync(entries(embedder.id, ['a', 'b']), embedder),
      index.sync(entries(embedder.id, ['a', 'b', 'c']), embedder),
    ]);
    assert.equal(a.embedded, 2);
    assert.deepEqual([b.embedded, b.kept], [1, 2]);
  });
});
