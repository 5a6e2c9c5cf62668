import * as assert from 'node:assert/strict';
import { settingsSchema } from './settings';
import type { ConfigurationProperty } from './settingsManifest';
import { currentSettingsTable, renderSettingsTable, replaceSettingsTable, settingsTableEnd, settingsTableStart } from './settingsTable';

describe('settingsTable', () => {
  it('has one row per schema setting, in schema order, with its default', () => {
    const rows = renderSettingsTable().split('\n').slice(2);
    const keys = Object.keys(settingsSchema.shape);
    assert.equal(rows.length, keys.length);
    rows.forEach((row, i) => assert.ok(row.startsWith(`| \`opsCopilot.${keys[i]}\` |`), `row ${i} is ${keys[i]}: ${row}`));
    const timeout = rows.find((r) => r.includes('llm.timeoutSeconds'))!;
    assert.match(timeout, /\| `60` \|/);
    assert.match(timeout, /A number from 1 to 600\./);
    const retries = rows.find((r) => r.includes('llm.maxRetries'))!;
    assert.match(retries, /A whole number from 0 to 10\./);
  });

  it('lists enum values, marks settings ignored in untrusted workspaces and renders empty and list defaults', () => {
    const properties: Record<string, ConfigurationProperty> = {
      'x.mode': { type: 'string', default: 'a', enum: ['a', 'b'], description: 'Which mode' },
      'x.path': { type: 'string', default: '', description: 'A folder.' },
      'x.globs': { type: 'array', default: ['**/*.log', 'a|b'], description: 'Globs (relative)' },
      'x.none': { type: 'array', default: [], description: 'Nothing by default' },
    };
    const table = renderSettingsTable({ properties, restricted: ['x.path'] });
    assert.equal(
      table,
      [
        '| Setting | Default | Description |',
        '| --- | --- | --- |',
        '| `x.mode` | `a` | Which mode. One of `a`, `b`. |',
        '| `x.path` | _(empty)_ | A folder. Workspace value not applied in untrusted workspaces. |',
        '| `x.globs` | `**/*.log`, `a\\|b` | Globs (relative) |',
        '| `x.none` | `[]` | Nothing by default. |',
      ].join('\n'),
    );
  });

  it('keeps a description with a pipe or a newline inside its cell', () => {
    const table = renderSettingsTable({ properties: { k: { type: 'string', default: 'x', description: 'one | two\nthree' } } });
    assert.equal(table.split('\n')[2], '| `k` | `x` | one \\| two three. |');
  });

  it('replaces only the text between the markers, and reads it back', () => {
    const readme = `# Title\n\n${settingsTableStart}\nold table\n${settingsTableEnd}\n\nAfter.\n`;
    const updated = replaceSettingsTable(readme, '| new |');
    assert.equal(updated, `# Title\n\n${settingsTableStart}\n| new |\n${settingsTableEnd}\n\nAfter.\n`);
    assert.equal(currentSettingsTable(updated), '| new |');
    assert.equal(replaceSettingsTable(updated, '| new |'), updated);
  });

  it('refuses a README with missing, doubled or swapped markers', () => {
    assert.throws(() => replaceSettingsTable('# no markers', 't'), /no <!-- settings:start -->/);
    assert.throws(() => replaceSettingsTable(`${settingsTableStart}\n${settingsTableEnd}\n${settingsTableStart}\n${settingsTableEnd}`, 't'), /more than one/);
    assert.throws(() => replaceSettingsTable(`${settingsTableEnd}\n${settingsTableStart}`, 't'), /comes before/);
    assert.equal(currentSettingsTable('# none'), undefined);
  });
});
