import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { configurationProperties } from '../core/settingsManifest';
import { settingsSchema } from '../core/settings';
import { chatIds, commandIds, toolNames, viewContainerIds, viewIds } from '../vscode/contributionIds';

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
    const named = [...Object.values(commandIds), ...Object.entries(chatIds).filter(([key]) => key.endsWith('Command')).map(([, id]) => id)];
    assert.deepEqual([...declared].sort(), [...new Set<string>(named)].sort());
  });

  it('contributes the @ops participant, its slash commands and our language model vendor', () => {
    const participants = manifest.contributes.chatParticipants as Array<{ id: string; name: string; commands: Array<{ name: string }> }>;
    assert.equal(participants.length, 1);
    assert.equal(participants[0].id, chatIds.participant);
    assert.equal(participants[0].name, chatIds.participantName);
    assert.deepEqual(participants[0].commands.map((c) => c.name).sort(), ['analyze', 'anomalies', 'classify', 'explain', 'remediate', 'runbook']);
    const vendors = (manifest.contributes.languageModelChatProviders as Array<{ vendor: string }>).map((v) => v.vendor);
    assert.deepEqual(vendors, [chatIds.modelVendor]);
    assert.ok((manifest.activationEvents as string[]).includes('onWebviewPanel:opsCopilot.panel'));
  });

  it('declares exactly the agent-mode tools the extension registers', () => {
    const tools = manifest.contributes.languageModelTools as Array<{ name: string; modelDescription: string; inputSchema: object }>;
    assert.deepEqual(tools.map((t) => t.name).sort(), Object.values(toolNames).sort());
    for (const t of tools) assert.ok(t.modelDescription.includes('Read-only'), `${t.name} says it is read-only`);
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
