import assert from 'node:assert/strict';
import { parseRunbook, RunbookParseError } from './runbookParser';

describe('parseRunbook', () => {
  it('reads front matter fields and records where the body starts', () => {
    const text = [
      '---',
      'id: disk-full',
      'title: Disk full',
      'category: hardware',
      'severity: High',
      'tags: [disk, enospc]',
      'signals:',
      '  - "No space left on device"',
      '---',
      '# Disk full',
      '',
      '## Symptoms',
    ].join('\n');
    const { runbook, warnings } = parseRunbook(text, '/rb/disk-full.md', 'shipped');
    assert.equal(runbook.id, 'disk-full');
    assert.equal(runbook.title, 'Disk full');
    assert.equal(runbook.category, 'Hardware');
    assert.equal(runbook.severity, 'high');
    assert.deepEqual(runbook.tags, ['disk', 'enospc']);
    assert.deepEqual(runbook.signals, ['No space left on device']);
    assert.equal(runbook.bodyStartLine, 10);
    assert.ok(runbook.body.startsWith('# Disk full'));
    assert.equal(runbook.origin, 'shipped');
    assert.deepEqual(warnings, []);
  });

  it('takes the title from the first heading and the id from the file name without front matter', () => {
    const text = '```sh\n# not a heading\n```\n\n# Restarting the payments worker\n\nThe postgres database replica lag and deadlock query.\n';
    const { runbook } = parseRunbook(text, '/ws/docs/runbooks/payments-worker.md');
    assert.equal(runbook.id, 'payments-worker');
    assert.equal(runbook.title, 'Restarting the payments worker');
    assert.equal(runbook.hasFrontMatter, false);
    assert.equal(runbook.bodyStartLine, 1);
    assert.deepEqual(runbook.signals, []);
  });

  it('infers a category from the content only when one clearly wins', () => {
    const db = parseRunbook('# Replica\n\npostgres replication lag on the replica; check the database with psql query.', '/a.md').runbook;
    assert.equal(db.category, 'Database');
    assert.equal(db.categoryInferred, true);
    const vague = parseRunbook('# Notes\n\nCall Bob.', '/b.md').runbook;
    assert.equal(vague.category, undefined);
  });

  it('keeps the file-name id and warns when the id or category is unusable', () => {
    const { runbook, warnings } = parseRunbook('---\nid: "../../etc"\ncategory: Weather\n---\n# T\n', '/x/safe.md');
    assert.equal(runbook.id, 'safe');
    assert.equal(warnings.length, 2);
    assert.match(warnings.join('\n'), /Weather/);
  });

  it('throws a RunbookParseError with the file and line for invalid YAML', () => {
    assert.throws(
      () => parseRunbook('---\nid: a\ntags: [unclosed\n---\n# T\n', '/x/bad.md'),
      (error: unknown) => error instanceof RunbookParseError && /bad\.md:\d+: invalid YAML/.test(error.message),
    );
    assert.throws(() => parseRunbook('---\nid: a\n# never closed\n', '/x/open.md'), RunbookParseError);
  });

  it('accepts CRLF line endings and a BOM', () => {
    const { runbook } = parseRunbook('\uFEFF---\r\nid: crlf\r\ntitle: CRLF\r\n---\r\n# CRLF\r\n', '/x/c.md');
    assert.equal(runbook.id, 'crlf');
    assert.equal(runbook.title, 'CRLF');
  });
});
