import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BinaryFileError, LineSplitter, PhysicalLine, readLineBatches, readLines } from './lineReader';

async function collect(path: string, options: Parameters<typeof readLines>[1] = {}): Promise<PhysicalLine[]> {
  const out: PhysicalLine[] = [];
  for await (const line of readLines(path, options)) out.push(line);
  return out;
}

describe('readLines', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ops-lines-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function file(name: string, content: string | Buffer): string {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  }

  it('yields lines with 1-based numbers and byte offsets, LF and CRLF alike', async () => {
    const path = file('crlf.log', 'alpha\r\nbeta\n\r\ngamma');
    const lines = await collect(path);
    assert.deepEqual(
      lines.map((l) => [l.line, l.byteOffset, l.text]),
      [[1, 0, 'alpha'], [2, 7, 'beta'], [3, 12, ''], [4, 14, 'gamma']],
    );
  });

  it('batches hold the same lines as one-by-one reading, never an empty batch', async () => {
    const path = file('batches.log', Array.from({ length: 300 }, (_, i) => `line ${i} ${'v'.repeat(i % 17)}`).join('\n'));
    const single = await collect(path, { highWaterMark: 97 });
    const batched: PhysicalLine[] = [];
    let batches = 0;
    for await (const batch of readLineBatches(path, { highWaterMark: 97 })) {
      assert.ok(batch.length > 0);
      batches++;
      batched.push(...batch);
    }
    assert.ok(batches > 1);
    assert.deepEqual(batched, single);
  });

  it('reads a byte range [startOffset, endOffset) numbered from startLine; ranges on line starts tile the file', async () => {
    const path = file('range.log', 'a1\nbb2\nccc3\ndddd4\n');
    const all = await collect(path);
    const middle = await collect(path, { startOffset: 3, endOffset: 12, startLine: 2 });
    assert.deepEqual(middle.map((l) => [l.line, l.byteOffset, l.text]), [[2, 3, 'bb2'], [3, 7, 'ccc3']]);
    const tiled = [
      ...(await collect(path, { endOffset: 7 })),
      ...(await collect(path, { startOffset: 7, endOffset: 7, startLine: 3 })),
      ...(await collect(path, { startOffset: 7, startLine: 3 })),
    ];
    assert.deepEqual(tiled, all);
  });

  it('gives the same lines whatever the chunk size (multi-byte characters split across chunks)', async () => {
    const content = 'héllo wörld ✓\n' + '日本語のログ行\r\n' + 'x'.repeat(100) + '\n€ end';
    const path = file('chunks.log', content);
    const expected = await collect(path);
    for (const highWaterMark of [1, 2, 3, 5, 7, 64]) {
      const got = await collect(path, { highWaterMark });
      assert.deepEqual(got, expected, `highWaterMark ${highWaterMark}`);
      const blocking = await collect(path, { highWaterMark, blocking: true });
      assert.deepEqual(blocking, expected, `blocking, highWaterMark ${highWaterMark}`);
    }
    assert.equal(expected[0].text, 'héllo wörld ✓');
    assert.equal(expected[1].byteOffset, Buffer.byteLength('héllo wörld ✓\n'));
    assert.equal(expected[3].text, '€ end');
  });

  it('replaces invalid UTF-8 instead of failing', async () => {
    const path = file('bad-utf8.log', Buffer.from([0x61, 0xff, 0xfe, 0x62, 0x0a, 0xc3, 0x0a, 0x63]));
    const lines = await collect(path, { highWaterMark: 2 });
    assert.deepEqual(lines.map((l) => l.text), ['a\ufffd\ufffdb', '\ufffd', 'c']);
  });

  it('cuts a line longer than maxLineBytes with a marker and keeps counting bytes', async () => {
    const long = 'é'.repeat(100); // 200 bytes
    const path = file('long.log', `${long}\nnext\n`);
    const lines = await collect(path, { maxLineBytes: 51, highWaterMark: 16 });
    assert.equal(lines.length, 2);
    assert.equal(lines[0].truncated, true);
    assert.ok(lines[0].text.startsWith('é'.repeat(25)));
    assert.ok(!lines[0].text.includes('\ufffd'), 'cut on a character boundary');
    assert.match(lines[0].text, /…\[truncated 150 bytes\]$/);
    assert.deepEqual([lines[1].text, lines[1].byteOffset, lines[1].truncated], ['next', 201, false]);
  });

  it('refuses a binary file with a clear error', async () => {
    const path = file('binary.bin', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01, 0x02]));
    await assert.rejects(collect(path), (error: unknown) => error instanceof BinaryFileError && /binary/.test((error as Error).message));
  });

  it('reads an empty file as no lines and strips a UTF-8 BOM', async () => {
    assert.deepEqual(await collect(file('empty.log', '')), []);
    const lines = await collect(file('bom.log', '\ufefffirst\nsecond\n'));
    assert.deepEqual(lines.map((l) => l.text), ['first', 'second']);
  });

  it('resumes from a byte offset with the given line number', async () => {
    const path = file('resume.log', 'one\ntwo\nthree\n');
    const lines = await collect(path, { startOffset: 4, startLine: 2 });
    assert.deepEqual(lines.map((l) => [l.line, l.byteOffset, l.text]), [[2, 4, 'two'], [3, 8, 'three']]);
  });

  it('stops when the signal aborts', async () => {
    const path = file('abort.log', 'a\n'.repeat(1000));
    const controller = new AbortController();
    let count = 0;
    await assert.rejects(async () => {
      for await (const _ of readLines(path, { signal: controller.signal, highWaterMark: 16 })) {
        if (++count === 10) controller.abort();
      }
    });
    assert.ok(count >= 10 && count < 1000);
  });

  it('lets a caller stop early while the next chunk is being read, and the file can be removed afterwards', async () => {
    const path = file('early.log', 'line\n'.repeat(5000));
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      for (let round = 0; round < 20; round++) {
        for await (const batch of readLineBatches(path, { highWaterMark: 64 })) {
          assert.ok(batch.length > 0);
          break;
        }
      }
      await new Promise((done) => setTimeout(done, 20));
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    assert.deepEqual(unhandled, []);
    rmSync(path);
  });

  it('reads what was appended while it was reading (a growing log) up to the end it finds', async () => {
    const path = file('growing.log', 'first\n');
    const seen: string[] = [];
    for await (const batch of readLineBatches(path, { highWaterMark: 4 })) {
      for (const line of batch) {
        seen.push(line.text);
        if (line.text === 'first') writeFileSync(path, 'second\n', { flag: 'a' });
      }
    }
    assert.deepEqual(seen, ['first', 'second']);
  });

  it('reads the same with blocking reads: a byte range, a growing log, an unreadable path', async () => {
    const path = file('blocking.log', 'one\ntwo\nthree\nfour\n');
    const range = await collect(path, { startOffset: 4, endOffset: 14, startLine: 2, blocking: true });
    assert.deepEqual(range.map((l) => [l.line, l.text]), [[2, 'two'], [3, 'three']]);
    const seen: string[] = [];
    for await (const batch of readLineBatches(path, { highWaterMark: 3, blocking: true })) {
      for (const line of batch) {
        seen.push(line.text);
        if (line.text === 'four') writeFileSync(path, 'five\n', { flag: 'a' });
      }
    }
    assert.deepEqual(seen, ['one', 'two', 'three', 'four', 'five']);
    await assert.rejects(collect(join(dir, 'missing.log'), { blocking: true }), /ENOENT/);
  });
});

describe('LineSplitter', () => {
  it('holds a partial line until its newline arrives and reports the resume offset', () => {
    const splitter = new LineSplitter(100, 7);
    assert.deepEqual(splitter.push(Buffer.from('abc')), []);
    assert.equal(splitter.consumedOffset, 100);
    const lines = splitter.push(Buffer.from('def\nxy'));
    assert.deepEqual(lines, [{ line: 7, byteOffset: 100, text: 'abcdef', truncated: false }]);
    assert.equal(splitter.consumedOffset, 107);
    assert.deepEqual(splitter.flush(), [{ line: 8, byteOffset: 107, text: 'xy', truncated: false }]);
    assert.equal(splitter.consumedOffset, 109);
    assert.deepEqual(splitter.flush(), []);
  });

  it('does not keep a reference to a caller buffer that is reused', () => {
    const splitter = new LineSplitter();
    const chunk = Buffer.from('keep');
    splitter.push(chunk);
    chunk.fill(0x7a);
    assert.equal(splitter.push(Buffer.from('\n'))[0].text, 'keep');
  });
});
