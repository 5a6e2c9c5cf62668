import * as assert from 'node:assert/strict';
import { defaultSettings } from '../settings';
import { LogPathMatcher } from './logPathMatcher';

const defaults = defaultSettings();

function matcher(extraPaths: string[] = [], folders = ['/ws']): LogPathMatcher {
  return new LogPathMatcher({ folders, include: defaults['logs.include'], exclude: defaults['logs.exclude'], extraPaths });
}

describe('LogPathMatcher', () => {
  it('follows the default log globs inside a workspace folder', () => {
    const m = matcher();
    assert.equal(m.matchesFile('/ws/app.log'), true);
    assert.equal(m.matchesFile('/ws/deep/a/b/service.log.1'), true);
    assert.equal(m.matchesFile('/ws/logs/events.jsonl'), true);
    assert.equal(m.matchesFile('/ws/logs/nested/trace.txt'), true);
    assert.equal(m.matchesFile('/ws/notes.txt'), false);
    assert.equal(m.matchesFile('/ws/src/index.ts'), false);
    assert.equal(m.matchesFile('/elsewhere/app.log'), false);
  });

  it('prunes excluded folders so they are never walked', () => {
    const m = matcher();
    assert.equal(m.walksDirectory('/ws/node_modules'), false);
    assert.equal(m.walksDirectory('/ws/packages/a/node_modules'), false);
    assert.equal(m.walksDirectory('/ws/.git'), false);
    assert.equal(m.walksDirectory('/ws/src'), true);
    assert.equal(m.ignores('/ws/node_modules', { isFile: () => false, isDirectory: () => true }), true);
    assert.equal(m.matchesFile('/ws/node_modules/pkg/debug.log'), false);
    assert.equal(m.walksDirectory('/'), true, 'ancestors of a root are walked to reach it');
  });

  it('expands absolute extra globs from their base folder and watches plain extra files', () => {
    const m = matcher(['/var/log/nginx/*.log', '/srv/app/current.out', 'relative/*.log']);
    assert.deepEqual(m.rejected, ['relative/*.log']);
    assert.deepEqual(m.watchRoots(), ['/srv/app', '/var/log/nginx', '/ws']);
    assert.equal(m.matchesFile('/var/log/nginx/access.log'), true);
    assert.equal(m.matchesFile('/var/log/nginx/old/access.log'), false);
    assert.equal(m.walksDirectory('/var/log/nginx/old'), false, 'a single-level glob does not descend');
    assert.equal(m.matchesFile('/srv/app/current.out'), true);
    assert.equal(m.matchesFile('/srv/app/other.out'), false);
  });

  it('watches a nested root once', () => {
    const m = matcher([], ['/ws', '/ws/sub']);
    assert.deepEqual(m.watchRoots(), ['/ws']);
  });

  it('ignores nothing it may need when chokidar has no stats yet', () => {
    const m = matcher();
    assert.equal(m.ignores('/ws/src'), false);
    assert.equal(m.ignores('/ws/app.log'), false);
    assert.equal(m.ignores('/ws/node_modules'), true);
  });
});
