import * as assert from 'node:assert/strict';
import { FileTailer, type FileIdentity, type TailFileSystem, type TailSink } from './fileTailer';

/** An in-memory file system where a test controls content and inode, to rotate and truncate on demand. */
class MemoryFiles implements TailFileSystem {
  private readonly files = new Map<string, { content: Buffer; ino: number }>();
  private nextIno = 1;
  reads = 0;

  write(path: string, text: string): void {
    this.files.set(path, { content: Buffer.from(text), ino: this.nextIno++ });
  }
  append(path: string, text: string): void {
    const file = this.files.get(path)!;
    file.content = Buffer.concat([file.content, Buffer.from(text)]);
  }
  truncate(path: string, text = ''): void {
    this.files.get(path)!.content = Buffer.from(text);
  }
  delete(path: string): void {
    this.files.delete(path);
  }
  async stat(path: string): Promise<FileIdentity | undefined> {
    const file = this.files.get(path);
    return file && { size: file.content.length, ino: file.ino, dev: 1 };
  }
  async read(path: string, position: number, length: number): Promise<Uint8Array> {
    this.reads++;
    return this.files.get(path)!.content.subarray(position, position + length);
  }
}

class RecordingSink implements TailSink {
  events: string[] = [];
  text = '';
  reset(reason: string): void {
    this.events.push(`reset:${reason}`);
    this.text = '';
  }
  data(bytes: Uint8Array, offset: number): void {
    assert.equal(offset, Buffer.byteLength(this.text), 'data arrives in file order without gaps');
    this.text += Buffer.from(bytes).toString();
  }
  deleted(): void {
    this.events.push('deleted');
    this.text = '';
  }
}

function setup(sliceBytes = 4) {
  const files = new MemoryFiles();
  const sink = new RecordingSink();
  const tailer = new FileTailer('/a.log', files, sink, { sliceBytes, minSliceBytes: sliceBytes, maxSliceBytes: sliceBytes, yieldBetweenSlices: async () => undefined });
  return { files, sink, tailer };
}

describe('FileTailer', () => {
  it('reads existing content in slices, then only appended bytes', async () => {
    const { files, sink, tailer } = setup(4);
    files.write('/a.log', 'line one\n');
    assert.equal(await tailer.poll(), 'read');
    assert.equal(sink.text, 'line one\n');
    const readsBefore = files.reads;
    files.append('/a.log', 'two\n');
    assert.equal(await tailer.poll(), 'read');
    assert.equal(sink.text, 'line one\ntwo\n');
    assert.equal(files.reads - readsBefore, 1, 'only the 4 new bytes were read');
    assert.equal(await tailer.poll(), 'unchanged');
  });

  it('starts over when the file is truncated below the offset', async () => {
    const { files, sink, tailer } = setup();
    files.write('/a.log', 'aaaa\nbbbb\n');
    await tailer.poll();
    files.truncate('/a.log', 'c\n');
    assert.equal(await tailer.poll(), 'reset');
    assert.deepEqual(sink.events, ['reset:truncated']);
    assert.equal(sink.text, 'c\n');
  });

  it('starts over when the path is replaced by another file (rotation), even if it is larger', async () => {
    const { files, sink, tailer } = setup();
    files.write('/a.log', 'old\n');
    await tailer.poll();
    files.write('/a.log', 'a much longer new file\n');
    assert.equal(await tailer.poll(), 'reset');
    assert.deepEqual(sink.events, ['reset:rotated']);
    assert.equal(sink.text, 'a much longer new file\n');
  });

  it('reports deletion once and reads a recreated file from the start', async () => {
    const { files, sink, tailer } = setup();
    assert.equal(await tailer.poll(), 'missing');
    files.write('/a.log', 'x\n');
    await tailer.poll();
    files.delete('/a.log');
    assert.equal(await tailer.poll(), 'deleted');
    assert.equal(await tailer.poll(), 'missing');
    assert.deepEqual(sink.events, ['deleted']);
    files.write('/a.log', 'y\n');
    await tailer.poll();
    assert.equal(sink.text, 'y\n');
  });

  it('stops between slices when aborted and resumes at the same offset', async () => {
    const { files, sink, tailer } = setup(2);
    files.write('/a.log', '0123456789');
    const controller = new AbortController();
    const original = sink.data.bind(sink);
    sink.data = (bytes, offset) => {
      original(bytes, offset);
      if (offset === 2) controller.abort();
    };
    assert.equal(await tailer.poll(controller.signal), 'aborted');
    assert.equal(tailer.position, 4);
    await tailer.poll();
    assert.equal(sink.text, '0123456789');
  });

  it('sizes slices so the sink holds the event loop for about targetSliceMs', async () => {
    const files = new MemoryFiles();
    files.write('/a.log', 'x'.repeat(4 * 1024 * 1024));
    let clock = 0;
    const sizes: number[] = [];
    // A sink that costs 1 ms per KiB: 25 ms aims at 25 KiB slices.
    const sink: TailSink = { reset() {}, deleted() {}, data: (bytes) => { sizes.push(bytes.length); clock += bytes.length / 1024; } };
    const tailer = new FileTailer('/a.log', files, sink, { sliceBytes: 256 * 1024, targetSliceMs: 25, now: () => clock, yieldBetweenSlices: async () => undefined });
    await tailer.poll();
    assert.equal(sizes.reduce((a, b) => a + b, 0), 4 * 1024 * 1024, 'everything read');
    assert.equal(tailer.currentSliceBytes, 25 * 1024);
    assert.ok(sizes.slice(-10, -1).every((size) => size === 25 * 1024), 'steady at the target (the last read is the tail)');
  });
});
