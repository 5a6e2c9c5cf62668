import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { currentSettingsTable, renderSettingsTable } from '../core/settingsTable';

const root = path.join(__dirname, '..', '..');

describe('README settings table', () => {
  it('matches the settings schema (run `npm run docs:settings` after changing src/core/settings.ts)', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    const restricted: string[] = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations;
    const documented = currentSettingsTable(readme);
    assert.ok(documented !== undefined, 'README.md has a <!-- settings:start --> … <!-- settings:end --> block');
    assert.equal(documented, renderSettingsTable({ restricted }));
  });
});
