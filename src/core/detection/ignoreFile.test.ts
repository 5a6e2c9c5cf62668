import * as assert from 'node:assert/strict';
import { addIgnorePattern, parseIgnoreFile, serializeIgnoreFile, trustedIgnoreEntries } from './ignoreFile';

describe('ignoreFile', () => {
  it('round-trips and adds a pattern once', () => {
    const first = addIgnorePattern(undefined, 'cache miss for key <*>');
    const again = addIgnorePattern(first, 'cache miss for key <*>');
    assert.deepEqual(again.patterns, ['cache miss for key <*>']);
    const parsed = parseIgnoreFile(serializeIgnoreFile(addIgnorePattern(again, '/health ?check/i')));
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.file.patterns, ['cache miss for key <*>', '/health ?check/i']);
  });

  it('explains what is wrong with a bad file instead of throwing', () => {
    const notJson = parseIgnoreFile('{ patterns: [');
    assert.equal(notJson.ok, false);
    const wrongShape = parseIgnoreFile('{"patterns": [1]}');
    assert.equal(wrongShape.ok, false);
    assert.match(wrongShape.ok ? '' : wrongShape.error, /patterns\.0/);
  });

  it('drops regular expressions from untrusted workspaces', () => {
    assert.deepEqual(trustedIgnoreEntries(['a <*>', 're:(a+)+$', '/x/i'], false), ['a <*>']);
    assert.deepEqual(trustedIgnoreEntries(['a <*>', 're:(a+)+$'], true), ['a <*>', 're:(a+)+$']);
  });
});
