import assert from 'node:assert/strict';
import { diversify, HybridRetriever, makeSnippet, reciprocalRankFusion } from './hybridRetriever';
import { chunkRunbook } from './runbookChunker';
import { parseRunbook } from './runbookParser';

function runbook(id: string, title: string, signals: string[], sections: Record<string, string>) {
  const front = `---\nid: ${id}\ntitle: ${title}\ncategory: Database\ntags: [${id}]\nsignals:\n${signals.map((s) => `  - "${s}"`).join('\n')}\n---\n`;
  const body = `# ${title}\n\n` + Object.entries(sections).map(([h, t]) => `## ${h}\n\n${t}\n`).join('\n');
  return parseRunbook(front + body, `/rb/${id}.md`, 'shipped').runbook;
}

const runbooks = [
  runbook('pool', 'Connection pool exhausted', ['Connection is not available, request timed out'], {
    Symptoms: 'Threads wait for a pooled database connection. The pool is at its maximum size.',
    Diagnosis: 'Count active connections with pg_stat_activity and compare with max_connections.',
  }),
  runbook('deadlock', 'Deadlocks and lock waits', ['deadlock detected', 'Lock wait timeout exceeded'], {
    Symptoms: 'Transactions abort with deadlock errors; lock waits pile up behind a long transaction.',
    Diagnosis: 'Look at pg_locks and the blocking process; find the statement holding the lock.',
  }),
  runbook('disk', 'Disk full', ['No space left on device'], {
    Symptoms: 'Writes fail because the filesystem has no free space.',
    Diagnosis: 'Run df -h and du to find what grew. Check deleted files still held open with lsof.',
    Mitigation: 'Remove rotated logs and old core dumps first.',
  }),
];
const chunks = runbooks.flatMap((r) => chunkRunbook(r, { targetChars: 120, overlapChars: 20 }));

describe('reciprocalRankFusion', () => {
  it('sums weight / (k0 + rank) over lists', () => {
    const fused = reciprocalRankFusion(
      [
        { keys: ['a', 'b'], weight: 1 },
        { keys: ['b', 'c'], weight: 2 },
      ],
      60,
    );
    assert.equal(fused.get('a'), 1 / 61);
    assert.equal(fused.get('b'), 1 / 62 + 2 / 61);
    assert.equal(fused.get('c'), 2 / 62);
  });

  it('ranks an item found by both lists above items found by one', () => {
    const fused = reciprocalRankFusion([
      { keys: ['x', 'both', 'y'], weight: 1 },
      { keys: ['z', 'both'], weight: 1 },
    ]);
    const order = [...fused].sort((a, b) => b[1] - a[1]).map(([k]) => k);
    assert.equal(order[0], 'both');
  });
});

describe('diversify', () => {
  it('interleaves runbooks instead of letting one fill every slot', () => {
    const picked = diversify(
      [
        { group: 'a', score: 1.0, value: 'a1' },
        { group: 'a', score: 0.95, value: 'a2' },
        { group: 'a', score: 0.9, value: 'a3' },
        { group: 'b', score: 0.6, value: 'b1' },
        { group: 'c', score: 0.55, value: 'c1' },
      ],
      3,
    );
    assert.deepEqual(
      picked.map((p) => p.value),
      ['a1', 'b1', 'c1'],
    );
  });

  it('still gives one runbook several slots when nothing else comes close', () => {
    const picked = diversify(
      [
        { group: 'a', score: 1.0, value: 'a1' },
        { group: 'a', score: 0.9, value: 'a2' },
        { group: 'b', score: 0.1, value: 'b1' },
      ],
      3,
    );
    assert.deepEqual(
      picked.map((p) => p.value),
      ['a1', 'a2', 'b1'],
    );
  });
});

describe('HybridRetriever', () => {
  const retriever = new HybridRetriever(runbooks, chunks);

  it('finds the runbook for a raw log line through its signal, despite timestamps and numbers', () => {
    const hits = retriever.rank('2025-03-14 09:12:44.118 WARN HikariPool-1 - Connection is not available, request timed out after 30004ms.');
    assert.equal(hits[0]!.id, 'pool');
  });

  it('answers a question by content and returns citation fields', () => {
    const [top] = retriever.rank('how do I find deleted files still held open?', { k: 3 });
    assert.equal(top!.id, 'disk');
    assert.equal(top!.file, '/rb/disk.md');
    assert.ok(top!.line >= top!.startLine && top!.line <= top!.endLine);
    assert.match(top!.snippet, /lsof/);
    assert.ok(top!.score > 0 && top!.score <= 1);
    assert.equal(top!.title, 'Disk full');
  });

  it('uses the vector ranking when the words do not match', () => {
    const diskChunk = chunks.findIndex((c) => c.runbookId === 'disk');
    const hits = retriever.rank('storage trouble', { vectorRanking: [{ chunk: diskChunk, score: 0.62 }] });
    assert.equal(hits[0]!.id, 'disk');
    assert.deepEqual(retriever.rank('storage trouble', { vectorRanking: [{ chunk: diskChunk, score: 0.05 }] }), []);
  });

  it('returns distinct runbooks first when several match', () => {
    // Both chunks of 'deadlock' match better than 'pool' does, yet 'pool' gets the second slot.
    const hits = retriever.rank('lock waits on a transaction, blocking process holding the lock, pooled connection', { k: 2 });
    assert.deepEqual(hits.map((h) => h.id).sort(), ['deadlock', 'pool']);
  });

  it('filters by category and returns nothing for a query without terms', () => {
    assert.deepEqual(retriever.rank('no space left on device', { category: 'Security' }), []);
    assert.deepEqual(retriever.rank('12345 2025-01-01T00:00:00Z'), []);
  });
});

describe('makeSnippet', () => {
  it('starts at the line with most query terms and reports its offset', () => {
    const snippet = makeSnippet('## Diagnosis\n\nRun df -h first.\nThen lsof +L1 for deleted files.\n', new Set(['lsof', 'delet']));
    assert.equal(snippet.offset, 3);
    assert.match(snippet.text, /^Then lsof/);
  });
});
