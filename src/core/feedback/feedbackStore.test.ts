import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FakeClock } from '../../test/fakes/fakeClock';
import { MemoryLogger } from '../../test/fakes/memoryLogger';
import { sampleClassification } from '../../test/fakes/samplePlan';
import { feedbackFor, FeedbackStore, InvalidFeedbackError } from './feedbackStore';

describe('FeedbackStore', () => {
  let dir: string;
  let file: string;
  let clock: FakeClock;
  let logger: MemoryLogger;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ops-feedback-'));
    file = path.join(dir, 'feedback.json');
    clock = new FakeClock();
    logger = new MemoryLogger();
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  const open = () => FeedbackStore.open({ file, clock, logger });

  /** Adds without awaiting each one: the store's queue coalesces the writes (and that is part of what is tested). */
  async function addRun(store: FeedbackStore, count: number, wrong: number): Promise<void> {
    const adds: Promise<unknown>[] = [];
    for (let i = 0; i < count; i++) {
      clock.advance(1000);
      adds.push(store.add(
        feedbackFor({
          classification: sampleClassification(),
          input: { text: `pool exhausted #${i}` },
          verdict: i < wrong ? 'down' : 'up',
          ...(i < wrong ? { correctedCategory: 'Application' as const } : {}),
        }),
      ));
    }
    await Promise.all(adds);
  }

  it('stores a 👍/👎 with the classified text and keeps it across reopen', async () => {
    const store = await open();
    const item = await store.add(
      feedbackFor({
        classification: sampleClassification(),
        input: { text: 'HikariPool-1 - Connection is not available', logLines: ['ERROR a', 'ERROR b'] },
        verdict: 'down',
        correctedCategory: 'Application',
        note: '  the pool is fine, the app leaks  ',
        who: 'alice',
      }),
    );
    assert.equal(item.inputText, 'HikariPool-1 - Connection is not available\nERROR a\nERROR b');
    assert.equal(item.note, 'the pool is fine, the app leaks');
    assert.equal(item.at, clock.now());
    const reopened = await open();
    assert.deepEqual(reopened.items(), [item]);
    assert.equal(reopened.metrics().classification.rate, 0);
  });

  it('rejects feedback outside the contract with a clear error and stores nothing', async () => {
    const store = await open();
    const bad = { ...feedbackFor({ classification: sampleClassification(), input: { text: 'x' }, verdict: 'up' }), correctedCategory: 'Kitchen' };
    await assert.rejects(store.add(bad as never), (error: unknown) => error instanceof InvalidFeedbackError && /correctedCategory/.test(error.message));
    assert.equal(store.items().length, 0);
  });

  it('says drift once per episode, with the numbers, and remembers that across reopen', async () => {
    const store = await open();
    await addRun(store, 30, 3);
    await addRun(store, 50, 20);
    const notice = await store.shouldNotifyDrift();
    assert.ok(notice);
    assert.equal(notice.message, 'Classification feedback is drifting: people disagreed with 40% of the last 50 classifications, against 10% of the 30 before them.');
    assert.equal(await store.shouldNotifyDrift(), undefined);
    assert.equal(await (await open()).shouldNotifyDrift(), undefined);
    // Recovery re-arms it, so a later episode is told again.
    const reopened = await open();
    await addRun(reopened, 50, 0);
    assert.equal(await reopened.shouldNotifyDrift(), undefined);
    await addRun(reopened, 50, 50);
    assert.ok(await reopened.shouldNotifyDrift());
  });

  it('rebuilds the tuned classifier after new feedback', async () => {
    const store = await open();
    const text = 'nightly export job exited with code 137 on node 4';
    const before = store.tunedClassifier();
    assert.equal(before.exampleCount, 0);
    const predicted = before.classify({ text });
    const target = predicted.category === 'Application' ? 'Hardware' : 'Application';
    await store.add(feedbackFor({ classification: predicted, input: { text }, verdict: 'down', correctedCategory: target }));
    assert.equal(store.tunedClassifier().classify({ text: 'nightly export job exited with code 137 on node 7' }).category, target);
    assert.equal(store.fewShotExamples('export job exited with code 137')[0].reply.category, target);
    assert.equal(store.exportFineTuning().exported, 1);
  });

  it('keeps a corrupt feedback file aside and reports it', async () => {
    await fs.writeFile(file, 'not json');
    const store = await open();
    assert.equal(store.loadStatus.kind, 'recovered');
    assert.equal(logger.messages('warn').length, 1);
  });
});
