import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { configurationProperties } from '../core/settingsManifest';
import { settingsSchema } from '../core/settings';
import { chatIds, commandIds, taskIds, toolNames, viewContainerIds, viewIds } from '../vscode/contributionIds';

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
    const named = [
      ...Object.values(commandIds),
      ...[chatIds, taskIds].flatMap((ids) => Object.entries(ids).filter(([key]) => key.endsWith('Command')).map(([, id]) => id)),
    ];
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
    assert.ok(views.some((v) => v.id === taskIds.view), 'the Tasks view');
  });

  it('offers task step actions only on task items whose state allows them, and hides them from the palette', () => {
    const items = manifest.contributes.menus['view/item/context'] as Array<{ command: string; when: string }>;
    const whenFor = (command: string) => items.filter((m) => m.command === command && m.when.includes(`view == ${taskIds.view}`)).map((m) => m.when);
    const matches = (command: string, viewItem: string) =>
      whenFor(command).some((when) => {
        const pattern = /viewItem =~ \/(.+)\/$/.exec(when)?.[1];
        return pattern ? new RegExp(pattern).test(viewItem) : when.endsWith(`viewItem == ${viewItem}`);
      });
    assert.ok(matches(taskIds.runTaskStepCommand, 'opsCopilot.step.pending.command'));
    assert.ok(!matches(taskIds.runTaskStepCommand, 'opsCopilot.step.pending'), 'no Run on a step without a command');
    assert.ok(!matches(taskIds.runTaskStepCommand, 'opsCopilot.step.closed.command'), 'no Run on a closed task');
    assert.ok(!matches(taskIds.markStepDoneCommand, 'opsCopilot.step.done'));
    assert.ok(matches(taskIds.reopenTaskCommand, 'opsCopilot.task.resolved'));
    assert.ok(!matches(taskIds.reopenTaskCommand, 'opsCopilot.task.inProgress'));
    const hidden = (manifest.contributes.menus.commandPalette as Array<{ command: string; when: string }>).filter((m) => m.when === 'false').map((m) => m.command);
    assert.ok(hidden.includes(taskIds.runTaskStepCommand) && hidden.includes(taskIds.markStepDoneCommand));
    assert.ok(!hidden.includes(taskIds.showTaskHistoryCommand) && !hidden.includes(taskIds.startTaskCommand));
  });

  it('supports untrusted workspaces in limited mode and activates on startup', () => {
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.ok(manifest.activationEvents.includes('onStartupFinished'));
  });
});
