import * as assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { currentSettingsTable, renderSettingsTable } from '../core/settingsTable';

const root = path.join(__dirname, '..', '..');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

describe('README', () => {
  it('has the settings table of the schema (run `npm run docs:settings` after changing src/core/settings.ts)', () => {
    const restricted: string[] = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations;
    const documented = currentSettingsTable(readme);
    assert.ok(documented !== undefined, 'README.md has a <!-- settings:start --> … <!-- settings:end --> block');
    assert.equal(documented, renderSettingsTable({ restricted }));
  });

  it('names only commands the extension contributes, by their palette titles', () => {
    const titles = new Set(
      (manifest.contributes.commands as Array<{ title: string; category?: string }>).map((c) => (c.category ? `${c.category}: ${c.title}` : c.title)),
    );
    const named = [...readme.matchAll(/\*\*(Ops: [^*]+)\*\*/g)].map((m) => m[1]!);
    assert.ok(named.length > 5, 'README names the commands it documents as **Ops: …**');
    assert.deepEqual(named.filter((title) => !titles.has(title)), []);
  });

  it('mentions every setting outside the table only by a key that exists', () => {
    const keys = new Set(Object.keys(manifest.contributes.configuration.properties));
    const outsideTable = readme.replace(/<!-- settings:start -->[\s\S]*<!-- settings:end -->/, '');
    const mentioned = [...outsideTable.matchAll(/`(opsCopilot\.[\w.]+)`/g)].map((m) => m[1]!);
    assert.ok(mentioned.length > 0);
    assert.deepEqual([...new Set(mentioned.filter((key) => !keys.has(key)))], []);
  });

  it('shows pictures that exist in the repository, by relative path (vsce rewrites them to the repository URL), and small', () => {
    const images = [...readme.matchAll(/!\[([^\]]*)\]\(([^)]+)\)/g)].map((m) => ({ alt: m[1]!, src: m[2]! }));
    assert.ok(images.length >= 4, 'a screenshot of each main surface');
    for (const { alt, src } of images) {
      assert.ok(alt.length > 10, `${src} has a description`);
      assert.match(src, /^media\/screenshots\/[\w-]+\.png$/);
      assert.ok(statSync(path.join(root, src)).size < 200 * 1024, `${src} is under 200 KiB`);
    }
  });
});
