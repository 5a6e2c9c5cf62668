import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FakeEmbedder } from '../../test/fakes/fakeEmbedder';
import { MemoryLogger } from '../../test/fakes/memoryLogger';
import { BuiltinEmbedder } from './builtinEmbedder';
import type { Embedder } from './embedder';
import { RunbookLibrary } from './runbookLibrary';
import { VectraChunkIndex } from './vectraChunkIndex';

const diskRunbook = `---
id: disk-full
title: Disk full
category: Hardware
severity: high
tags: [disk, enospc]
signals:
  - "No space left on device"
---
# Disk full

## Symptoms

Writes fail with ENOSPC.

## Diagnosis

Run df -h and du -xh to find what grew; lsof +L1 shows deleted files still open.
`;

const teamRunbook = `# Payments worker stuck

The payments worker stops consuming from the Kafka topic; consumer lag grows.

## Diagnosis

kafka-consumer-groups --describe --group payments shows the lag per partition.
`;

describe('RunbookLibrary', () => {
  let root: string;
  let shipped: string;
  let workspace: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-library-'));
    shipped = path.join(root, 'shipped');
    workspace = path.join(root, 'workspace');
    fs.mkdirSync(shipped);
    fs.mkdirSync(workspace);
    fs.writeFileSync(path.join(shipped, 'disk-full.md'), diskRunbook);
    fs.writeFileSync(path.join(workspace, 'payments-worker.md'), teamRunbook);
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  function library(embedder: Embedder = new FakeEmbedder(), log = new MemoryLogger()) {
    return new RunbookLibrary({
      sources: [
        { dir: shipped, origin: 'shipped' },
        { dir: workspace, origin: 'workspace' },
      ],
      log,
      embedder,
      vectorIndex: new VectraChunkIndex(path.join(root, 'index'), log),
    });
  }

  it('loads shipped and workspace runbooks, the latter without front matter', async () => {
    const lib = library();
    const result = await lib.refresh();
    assert.equal(result.runbooks, 2);
    assert.ok(result.vectors);
    const team = lib.getRunbook('payments-worker')!;
    assert.equal(team.title, 'Payments worker stuck');
    assert.equal(team.origin, 'workspace');
    const groups = lib.listByCategory();
    assert.deepEqual(groups.get('Hardware')!.map((r) => r.id), ['disk-full']);
    assert.ok(groups.get(team.category ?? 'Uncategorized')!.includes(team));
  });

  it('re-indexes an unchanged library with zero embeddings, and only the edited chunk after an edit', async () => {
    await library().refresh();
    const counting = new FakeEmbedder();
    const lib = library(counting);
    const unchanged = await lib.refresh();
    assert.equal(counting.calls, 0);
    assert.equal(unchanged.embedded, 0);
    assert.equal(unchanged.kept, unchanged.chunks);

    fs.writeFileSync(path.join(workspace, 'payments-worker.md'), teamRunbook.replace('grows', 'grows quickly'));
    lib.invalidate();
    await lib.search('consumer lag');
    assert.equal(counting.texts.length, 1 + 1, 'one changed chunk plus the query');
    assert.match(counting.texts[0]!, /grows quickly/);
  });

  it('searches with the built-in embedder and cites file and line', async () => {
    const lib = library(new BuiltinEmbedder());
    const [top] = await lib.search('Mar 14 03:10:22 web-3 rsyslogd: write error: No space left on device');
    assert.equal(top!.id, 'disk-full');
    assert.equal(top!.file, path.join(shipped, 'disk-full.md'));
    const [team] = await lib.search('kafka consumer group lag on the payments topic');
    assert.equal(team!.id, 'payments-worker');
    assert.ok(team!.line >= 1);
  });

  it('lets a workspace runbook replace a shipped one with the same id, and says so', async () => {
    fs.writeFileSync(path.join(workspace, 'disk-full.md'), '# Our disk procedure\n\nCall the storage team.\n');
    const log = new MemoryLogger();
    const lib = library(new FakeEmbedder(), log);
    const result = await lib.refresh();
    assert.equal(lib.getRunbook('disk-full')!.title, 'Our disk procedure');
    assert.ok(result.problems.some((p) => /also in/.test(p)));
  });

  it('reports a broken runbook and keeps the others', async () => {
    fs.writeFileSync(path.join(workspace, 'broken.md'), '---\ntitle: [oops\n---\n# Broken\n');
    const result = await library().refresh();
    assert.equal(result.runbooks, 2);
    assert.ok(result.problems.some((p) => p.includes('broken.md') && /YAML/.test(p)));
  });

  it('falls back to keyword search when the embedder fails', async () => {
    const log = new MemoryLogger();
    const lib = library(new FakeEmbedder({ failOnCall: 1 }), log);
    const result = await lib.refresh();
    assert.equal(result.vectors, false);
    assert.ok(log.messages('warn').some((m) => /keywords only/.test(m)));
    const [top] = await lib.search('no space left on device');
    assert.equal(top!.id, 'disk-full');
  });

  it('works without an embedder at all', async () => {
    const lib = new RunbookLibrary({ sources: [{ dir: shipped, origin: 'shipped' }], log: new MemoryLogger() });
    const [top] = await lib.search('ENOSPC');
    assert.equal(top!.id, 'disk-full');
  });
});
