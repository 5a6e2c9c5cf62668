import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { FakeClock } from '../../test/fakes/fakeClock';
import { MemoryLogger } from '../../test/fakes/memoryLogger';
import { AtomicJsonFile } from './atomicJsonFile';

const schema = z.object({ counter: z.number(), payload: z.string() });
type Doc = z.infer<typeof schema>;

async function tempDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'ops-atomic-'));
}

function open(file: string, logger = new MemoryLogger(), clock = new FakeClock()): AtomicJsonFile<Doc> {
  return new AtomicJsonFile({ file, schema, empty: () => ({ counter: 0, payload: '' }), clock, logger, component: 'test' });
}

describe('AtomicJsonFile', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await tempDir();
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('starts empty when the file is missing and round-trips a save', async () => {
    const file = path.join(dir, 'nested', 'doc.json');
    const store = open(file);
    const first = await store.load();
    assert.deepEqual(first.status, { kind: 'missing' });
    await store.save({ counter: 3, payload: 'a' });
    const again = await open(file).load();
    assert.deepEqual(again.status, { kind: 'ok' });
    assert.deepEqual(again.value, { counter: 3, payload: 'a' });
  });

  it('coalesces concurrent saves so the last snapshot is what ends on disk', async () => {
    const file = path.join(dir, 'doc.json');
    const store = open(file);
    const saves = Array.from({ length: 50 }, (_, i) => store.save({ counter: i + 1, payload: 'p'.repeat(1000 * (i % 7)) }));
    await Promise.all(saves);
    const loaded = await open(file).load();
    assert.equal(loaded.value.counter, 50);
    const leftovers = (await fs.readdir(dir)).filter((n) => n.endsWith('.tmp'));
    assert.deepEqual(leftovers, []);
  });

  it('ignores and removes a half-written temp file left by a dead writer', async () => {
    const file = path.join(dir, 'doc.json');
    await open(file).save({ counter: 7, payload: 'old' });
    // pid 2^22+1 is above Linux's default pid_max, so no process owns it.
    const torn = `${file}.4194305.deadbeef.tmp`;
    await fs.writeFile(torn, '{"counter": 8, "payl');
    const logger = new MemoryLogger();
    const loaded = await open(file, logger).load();
    assert.deepEqual(loaded.value, { counter: 7, payload: 'old' });
    assert.equal(loaded.removedTempFiles, 1);
    await assert.rejects(fs.access(torn));
  });

  it('moves a corrupt file aside, reports it and starts empty', async () => {
    const file = path.join(dir, 'doc.json');
    await fs.writeFile(file, '{"counter": 1, "payload": "abc"');
    const logger = new MemoryLogger();
    const clock = new FakeClock(Date.UTC(2026, 2, 4, 5, 6, 7, 89));
    const loaded = await open(file, logger, clock).load();
    assert.equal(loaded.status.kind, 'recovered');
    assert.ok(loaded.status.kind === 'recovered');
    assert.equal(loaded.status.movedTo, `${file}.corrupt-2026-03-04T05-06-07-089Z`);
    assert.equal(await fs.readFile(loaded.status.movedTo, 'utf8'), '{"counter": 1, "payload": "abc"');
    assert.match(logger.messages('warn')[0], /not valid JSON.*kept it as doc\.json\.corrupt-/);
    assert.deepEqual(loaded.value, { counter: 0, payload: '' });
    await assert.rejects(fs.access(file));
  });

  it('treats valid JSON of the wrong shape as corrupt too', async () => {
    const file = path.join(dir, 'doc.json');
    await fs.writeFile(file, '{"counter": "three"}');
    const loaded = await open(file).load();
    assert.equal(loaded.status.kind, 'recovered');
    assert.ok(loaded.status.kind === 'recovered' && /counter/.test(loaded.status.reason));
  });

  it('keeps the last completed write when the writer is killed mid-loop', async function () {
    this.timeout(30000);
    const file = path.join(dir, 'doc.json');
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, '../../test/fakes/atomicWriterChild.ts'), file], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let lastAcked = 0;
    await new Promise<void>((resolve, reject) => {
      let buffered = '';
      child.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) lastAcked = Math.max(lastAcked, Number(line));
        if (lastAcked >= 30 && !child.killed) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', () => resolve());
      child.on('error', reject);
    });
    await new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(undefined) : child.on('exit', resolve)));
    assert.ok(lastAcked >= 30, `child acknowledged ${lastAcked} writes`);
    const loaded = await open(file).load();
    assert.equal(loaded.status.kind, 'ok');
    // Nothing acknowledged is lost (later writes may also have landed before the kill arrived).
    assert.ok(loaded.value.counter >= lastAcked, `${loaded.value.counter} < ${lastAcked}`);
    assert.equal(loaded.value.payload.endsWith(String(loaded.value.counter)), true);
  });
});
