import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runbookCategories, runbookSectionNames, runbookSeverities } from './runbook';
import { parseMarkdownSections } from './runbookChunker';
import { parseRunbook } from './runbookParser';

const runbooksDir = path.resolve(__dirname, '../../../runbooks');

const requiredIds = [
  'db-connection-pool-exhausted', 'db-replication-lag', 'db-deadlocks-lock-timeouts', 'db-slow-queries', 'disk-full',
  'oom-killed', 'high-cpu-saturation', 'memory-leak', 'high-latency-upstream', 'http-5xx-spike-after-deploy',
  'dependency-outage', 'dns-resolution-failure', 'tls-certificate-expired', 'network-packet-loss-timeouts',
  'load-balancer-unhealthy-targets', 'brute-force-login', 'sql-injection-attempts', 'leaked-credentials',
  'disk-hardware-failure', 'node-not-ready', 'crashloop-backoff', 'message-queue-consumer-lag',
  'redis-memory-evictions', 'too-many-open-files', 'data-validation-errors', 'clock-skew', 'rate-limiting',
];

const files = fs.existsSync(runbooksDir) ? fs.readdirSync(runbooksDir).filter((f) => f.endsWith('.md') && f !== 'README.md') : [];

describe('shipped runbooks', () => {
  it('include every required incident type', () => {
    const ids = files.map((f) => f.replace(/\.md$/, ''));
    const missing = requiredIds.filter((id) => !ids.includes(id));
    assert.deepEqual(missing, [], `missing runbooks: ${missing.join(', ')}`);
  });

  for (const file of files) {
    describe(file, () => {
      const text = fs.readFileSync(path.join(runbooksDir, file), 'utf8');

      it('has valid front matter whose id matches the file name', () => {
        assert.ok(text.startsWith('---\n'), 'starts with YAML front matter');
        const { runbook, warnings } = parseRunbook(text, path.join(runbooksDir, file), 'shipped');
        assert.deepEqual(warnings, []);
        assert.ok(runbook.hasFrontMatter);
        assert.equal(runbook.id, file.replace(/\.md$/, ''));
        assert.ok(runbook.title.length >= 5, 'title');
        assert.ok(runbook.category && !runbook.categoryInferred, 'category set in front matter');
        assert.ok((runbookCategories as readonly string[]).includes(runbook.category!));
        assert.ok((runbookSeverities as readonly string[]).includes(runbook.severity ?? ''), `severity '${runbook.severity}'`);
        assert.ok(runbook.tags.length >= 2, 'at least two tags');
        assert.ok(runbook.signals.length >= 3, 'at least three signals');
        for (const signal of runbook.signals) assert.ok(signal.trim().length >= 3, `signal '${signal}'`);
      });

      it('has the eight sections in order, each with content', () => {
        const { runbook } = parseRunbook(text, file, 'shipped');
        const lines = runbook.body.split('\n');
        const sections = parseMarkdownSections(lines).filter((s) => s.level === 2);
        const names = sections.map((s) => s.heading);
        const positions = runbookSectionNames.map((name) => names.indexOf(name));
        for (const [i, name] of runbookSectionNames.entries()) assert.ok(positions[i]! >= 0, `section '${name}' present`);
        const sorted = [...positions].sort((a, b) => a - b);
        assert.deepEqual(positions, sorted, `sections in order ${runbookSectionNames.join(', ')}`);
        for (const name of runbookSectionNames) {
          const section = sections.find((s) => s.heading === name)!;
          const content = lines.slice(section.startIndex + 1, section.endIndex).join('\n').trim();
          assert.ok(content.length >= 40, `section '${name}' has content (${content.length} chars)`);
        }
      });
    });
  }
});
