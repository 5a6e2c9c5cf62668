/**
 * The feedback loop in the real editor: @ops answers classified through the endpoint in the chat view, 👍/👎 through
 * the participant's feedback handler (what the chat view's vote buttons call), a corrected category through the
 * answer's "Correct the category…" button and its quick pick, the panel's verdicts through its backend; then drift is
 * announced once with its numbers and the export writes chat-format JSONL through the save dialog.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FeedbackItem } from '../../core/feedback/feedbackRecord';
import type { OpsCopilotApi } from '../../vscode/activation';
import type { ChatTranscript } from '../../vscode/chat/opsParticipant';
import { startFakeOpenAiServer, FakeOpenAiServer } from '../fakes/fakeOpenAiServer';
import { activeApi, opsLogText, waitFor, workspacePath } from './testSupport';

interface FeedbackFile {
  items: FeedbackItem[];
  driftNotifiedAt?: number;
}

describe('feedback loop in the editor', function () {
  this.timeout(90_000);
  const config = () => vscode.workspace.getConfiguration('opsCopilot');
  let api: OpsCopilotApi;
  let server: FakeOpenAiServer;
  let feedbackFile: string;
  const exported = () => workspacePath('ops-feedback.jsonl');

  const readFeedback = (): FeedbackFile => (fs.existsSync(feedbackFile) ? (JSON.parse(fs.readFileSync(feedbackFile, 'utf8')) as FeedbackFile) : { items: [] });
  const itemsAfter = (count: number) => waitFor(`${count + 1}+ feedback items on disk`, () => readFeedback().items.length > count && readFeedback().items, 10_000, 50);
  const logText = (): string => opsLogText(api);
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  async function ask(query: string): Promise<ChatTranscript> {
    const before = api.copilot.chatTranscripts.length;
    await vscode.commands.executeCommand('workbench.action.chat.open', { query, modelSelector: { vendor: 'ops-copilot' } });
    return waitFor(`an answer to "${query}"`, () => api.copilot.chatTranscripts.length > before && api.copilot.chatTranscripts.at(-1), 30_000, 50);
  }

  /** The quick pick (or simple file dialog) a command opened: move down `down` items, then accept. */
  async function answerQuickInput(down: number): Promise<void> {
    // No API says when a quick input is showing; it opens within a moment of the command on this machine.
    await pause(1500);
    for (let i = 0; i < down; i++) await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
  }

  before(async () => {
    api = await activeApi();
    server = await startFakeOpenAiServer({
      models: ['test-model'],
      reply: (request) => {
        const system = String(request.body?.messages?.[0]?.content ?? '');
        if (/incident triage/.test(system)) {
          return { json: { category: 'Database', subcategory: 'connection-pool', severity: 'high', priority: 'P2', confidence: 0.9, rationale: 'pool exhausted' } };
        }
        return { content: 'ok' };
      },
    });
    await config().update('llm.baseUrl', server.url, vscode.ConfigurationTarget.Workspace);
    await config().update('llm.model', 'test-model', vscode.ConfigurationTarget.Workspace);
    await config().update('llm.provider', 'auto', vscode.ConfigurationTarget.Workspace);
    await config().update('embeddings.provider', 'builtin', vscode.ConfigurationTarget.Workspace);
    await waitFor('our language model vendor', async () => (await vscode.lm.selectChatModels({ vendor: 'ops-copilot' })).length > 0, 15_000, 200);
    const context = api.services.context;
    feedbackFile = path.join((context.storageUri ?? context.globalStorageUri).fsPath, 'feedback.json');
  });

  after(async () => {
    for (const key of ['llm.baseUrl', 'llm.model', 'llm.provider', 'embeddings.provider']) await config().update(key, undefined, vscode.ConfigurationTarget.Workspace);
    fs.rmSync(exported(), { force: true });
    await server?.close();
  });

  it('records 👍 on an @ops classification', async () => {
    const transcript = await ask('@ops /classify FATAL: sorry, too many clients already');
    assert.equal(transcript.command, 'classify');
    assert.match(transcript.markdown, /\*\*Database\*\*/);
    const before = readFeedback().items.length;
    api.copilot.runtime('test').chat.onFeedback({ kind: vscode.ChatResultFeedbackKind.Helpful, result: transcript.result! });
    const items = await itemsAfter(before);
    const item = items.at(-1)!;
    assert.equal(item.verdict, 'up');
    assert.equal(item.target, 'classification');
    assert.equal(item.predicted.category, 'Database');
    assert.equal(item.predicted.source, 'llm');
    assert.match(item.inputText, /too many clients/);
  });

  it('records 👎 on an @ops plan as plan feedback', async () => {
    const transcript = await ask('@ops /remediate FATAL: sorry, too many clients already');
    assert.equal(transcript.command, 'remediate');
    const before = readFeedback().items.length;
    api.copilot.runtime('test').chat.onFeedback({ kind: vscode.ChatResultFeedbackKind.Unhelpful, result: transcript.result! });
    const item = (await itemsAfter(before)).at(-1)!;
    assert.equal(item.verdict, 'down');
    assert.equal(item.target, 'plan');
  });

  it('takes a corrected category from the button under an @ops classification', async () => {
    const transcript = await ask('@ops /classify FATAL: sorry, too many clients already');
    assert.ok(transcript.buttons.includes('Correct the category…'), `buttons: ${transcript.buttons.join(', ')}`);
    const metadata = transcript.result!.metadata as { classification: unknown; inputText: string };
    const before = readFeedback().items.length;
    // What the button passes; the quick pick lists "Database is right" first, then the other categories in order.
    const picked = vscode.commands.executeCommand('opsCopilot.correctClassification', { classification: metadata.classification, inputText: metadata.inputText });
    await answerQuickInput(1);
    assert.deepEqual(await picked, { verdict: 'down', correctedCategory: 'Network' });
    const item = (await itemsAfter(before)).at(-1)!;
    assert.equal(item.correctedCategory, 'Network');
    assert.equal(item.predicted.category, 'Database');
    assert.equal(item.verdict, 'down');
  });

  it('records the panel’s 👍 and corrected category on an incident card', async () => {
    const backend = api.copilot.runtime('test').panelBackend;
    const { incidents } = await backend.incidents();
    const incident = incidents.find((i) => i.classification);
    assert.ok(incident, 'the fixture logs make at least one incident');
    const before = readFeedback().items.length;
    await backend.feedback({ type: 'feedback', incidentId: incident.id, target: 'plan', verdict: { kind: 'up' } });
    await backend.feedback({ type: 'feedback', incidentId: incident.id, target: 'classification', verdict: { kind: 'recategorize', category: 'Security' } });
    const items = await waitFor('both panel items', () => readFeedback().items.length >= before + 2 && readFeedback().items, 10_000, 50);
    const [plan, correction] = items.slice(-2);
    assert.deepEqual([plan!.target, plan!.verdict, plan!.incidentId], ['plan', 'up', incident.id]);
    assert.deepEqual([correction!.target, correction!.verdict, correction!.correctedCategory], ['classification', 'down', 'Security']);
    assert.equal(correction!.predicted.category, incident.classification!.category);
  });

  it('announces drift once, with its numbers, when the last 50 verdicts turn against the classifier', async () => {
    const transcript = await ask('@ops /classify FATAL: sorry, too many clients already');
    const chat = api.copilot.runtime('test').chat;
    const announced = (): number => logText().match(/\[feedback\] drift announced/g)?.length ?? 0;
    assert.equal(announced(), 0);
    const start = readFeedback().items.length;
    // A baseline of agreement, then a window of disagreement: drift ≈ 1 over ≥ 50 items.
    for (let i = 0; i < 25; i++) chat.onFeedback({ kind: vscode.ChatResultFeedbackKind.Helpful, result: transcript.result! });
    for (let i = 0; i < 60; i++) chat.onFeedback({ kind: vscode.ChatResultFeedbackKind.Unhelpful, result: transcript.result! });
    await waitFor('85 more items on disk', () => readFeedback().items.length >= start + 85, 30_000, 100);
    const line = await waitFor('the drift line in the log', () => logText().match(/\[feedback\] drift announced: .*/)?.[0], 10_000, 100);
    assert.match(line, /disagreed with \d+% of the last 50 classifications, against \d+% of the \d+ before them/);
    assert.ok(readFeedback().driftNotifiedAt !== undefined, 'remembered on disk, so a reload does not announce it again');
    for (let i = 0; i < 5; i++) chat.onFeedback({ kind: vscode.ChatResultFeedbackKind.Unhelpful, result: transcript.result! });
    await waitFor('5 more items', () => readFeedback().items.length >= start + 90, 10_000, 100);
    await pause(500);
    assert.equal(announced(), 1, 'told once');
  });

  it('exports chat-format JSONL through the save dialog', async () => {
    const items = readFeedback().items;
    const exporting = vscode.commands.executeCommand('opsCopilot.exportFeedback');
    // The save dialog proposes <workspace>/ops-feedback.jsonl; accept it.
    await answerQuickInput(0);
    await exporting;
    const lines = fs.readFileSync(exported(), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { messages: { role: string; content: string }[] });
    // 👍 confirm, corrections teach; 👎 without a correction and plan verdicts cannot be examples.
    const labelled = items.filter((i) => i.target === 'classification' && (i.verdict === 'up' || i.correctedCategory));
    assert.equal(lines.length, labelled.length);
    for (const line of lines) assert.deepEqual(line.messages.map((m) => m.role), ['system', 'user', 'assistant']);
    const categories = lines.map((l) => (JSON.parse(l.messages[2]!.content) as { category: string }).category);
    assert.ok(categories.includes('Network') && categories.includes('Security'), 'the corrected categories are the answers');
    assert.ok(lines.some((l) => /too many clients/.test(l.messages[1]!.content)));
  });
});
