import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { configurationProperties } from '../core/settingsManifest';
import { settingsSchema } from '../core/settings';
import { commandIds, viewContainerIds, viewIds } from '../vscode/contributionIds';

const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));

describe('package.json manifest', () => {
  it('declares every setting of the schema with its default, enum, bounds and description (npx tsx scripts/syncManifest.ts)', () => {
    const declared = manifest.contributes.configuration.properties as Record<string, Record<string, unknown>>;
    assert.deepEqual(Object.keys(declared).sort(), Object.keys(settingsSchema.shape).map((k) => `opsCopilot.${k}`).sort());
    assert.deepEqual(declared, configurationProperties());
    for (const [key, property] of Object.entries(declared)) {
      assert.ok(typeof property.description === 'string' && property.description.length > 10, `${key} has a description`);
      const parsed = settingsSchema.shape[key.slice('opsCopilot.'.length) as keyof typeof settingsSchema.shape].safeParse(property.default);
      assert.ok(parsed.success, `${key}: the manifest default is valid for the schema`);
    }
  });

  it('contributes exactly the commands contributionIds.ts names', () => {
    const declared = (manifest.contributes.commands as Array<{ command: string }>).map((c) => c.command);
    const ours = declared.filter((id) => (Object.values(commandIds) as string[]).includes(id));
    assert.deepEqual(ours.sort(), Object.values(commandIds).sort());
  });

  it('declares the Ops view container and the Anomalies view', () => {
    const containers = manifest.contributes.viewsContainers.activitybar as Array<{ id: string }>;
    assert.ok(containers.some((c) => c.id === viewContainerIds.ops));
    const views = manifest.contributes.views[viewContainerIds.ops] as Array<{ id: string }>;
    assert.ok(views.some((v) => v.id === viewIds.anomalies));
  });

  it('supports untrusted workspaces in limited mode and activates on startup', () => {
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.ok(manifest.activationEvents.includes('onStartupFinished'));
  });
});
