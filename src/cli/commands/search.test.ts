import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import type { CliIo } from '../cliCommand';
import { indexCommand } from './index';
import { searchCommand } from './search';

function captureIo(cwd: string): { io: CliIo; out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  return { io: { stdout, stderr, isTty: false, env: { HOME: cwd }, cwd }, out: () => out, err: () => err };
}

describe('ops-copilot search and index', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-search-'));
    fs.mkdirSync(path.join(dir, 'team'));
    fs.writeFileSync(
      path.join(dir, 'team', 'cert-rotation.md'),
      '# Rotating the edge certificate\n\n## Diagnosis\n\nopenssl s_client -connect edge:443 shows notAfter; x509 expired errors mean rotate now.\n',
    );
    fs.writeFileSync(path.join(dir, 'team', 'queue.md'), '# Queue backlog\n\n## Symptoms\n\nRabbitMQ ready messages pile up and consumers are idle.\n');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const common = ['--no-shipped', '--runbooks', 'team', '--index', 'idx'];

  it('prints JSON hits with id, title, heading, score, relative file and line', async () => {
    const { io, out } = captureIo(dir);
    const code = await searchCommand.run(['x509: certificate has expired', '--format', 'json', '--k', '2', ...common], io);
    assert.equal(code, 0);
    const hits = JSON.parse(out()) as Record<string, unknown>[];
    assert.equal(hits[0]!.id, 'cert-rotation');
    assert.deepEqual(Object.keys(hits[0]!).sort(), ['file', 'heading', 'id', 'line', 'score', 'snippet', 'title']);
    assert.equal(hits[0]!.file, path.join('team', 'cert-rotation.md'));
    assert.equal(hits[0]!.line, 5);
    assert.ok(fs.existsSync(path.join(dir, 'idx', 'index.json')));
  });

  it('prints text with a file:line citation, and exits 1 when nothing matches', async () => {
    const text = captureIo(dir);
    assert.equal(await searchCommand.run(['rabbitmq', 'backlog', ...common], text.io), 0);
    assert.match(text.out(), /1\. queue {2}Queue backlog/);
    assert.match(text.out(), /team\/queue\.md:\d+/);
    const none = captureIo(dir);
    assert.equal(await searchCommand.run(['zzzqqq', ...common], none.io), 1);
  });

  it('rejects bad options with a usage error', async () => {
    const { io } = captureIo(dir);
    await assert.rejects(searchCommand.run(['q', '--k', 'many', ...common], io), /--k/);
    await assert.rejects(searchCommand.run([...common], io), /give a query/);
    await assert.rejects(searchCommand.run(['q', '--embedder', 'magic', ...common], io), /--embedder/);
    await assert.rejects(searchCommand.run(['q', '--runbooks', 'missing-dir'], io), /not found/);
  });

  it('index embeds everything once, then nothing', async () => {
    const first = captureIo(dir);
    assert.equal(await indexCommand.run([...common, '--format', 'json'], first.io), 0);
    const built = JSON.parse(first.out());
    assert.equal(built.runbooks, 2);
    assert.equal(built.embedded, built.chunks);
    const second = captureIo(dir);
    assert.equal(await indexCommand.run(common, second.io), 0);
    assert.match(second.out(), /embedded 0, removed 0, kept \d+/);
  });
});
