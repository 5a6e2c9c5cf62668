import assert from 'node:assert/strict';
import type { Runbook } from '../runbooks/runbook';
import { checkCommand } from '../safety/commandSafety';
import { firstSentence, looksLikeCommand, readRunbookActions } from './runbookSteps';
import { planFromRunbook } from './offlinePlanner';
import { checkCommandText } from './commandChecker';

/** A team runbook in its own words: no front matter, synonyms for the section names, nested code blocks. */
const body = `# Payments API returns 503

Some intro text.

## Investigation

1. Look at the pods:
   \`\`\`bash
   kubectl get pods -n payments -l app=<app>
   \`\`\`
   Pods in CrashLoopBackOff point to the app, not the network.
2. Check the gateway (e.g. \`kubectl logs deploy/gateway\`): errors there mean the edge.

## Immediate actions

- Restart the payments pods one at a time.
- Wipe the cache volume if it is corrupt:

  \`\`\`sh
  rm -rf /var/lib/payments/cache/*
  \`\`\`

## How to verify

\`\`\`sh
curl -s https://payments.internal/health
\`\`\`

Health returns 200; error rate under 1%, p99 below 300 ms.

## Revert

Scale back to the previous replica count.
`;

const runbook: Runbook = {
  id: 'payments-503',
  title: 'Payments API returns 503',
  tags: [],
  signals: [],
  file: '/team/runbooks/payments-503.md',
  body,
  bodyStartLine: 1,
  hasFrontMatter: false,
  origin: 'workspace',
};

describe('readRunbookActions', () => {
  it('reads sections by synonym into items with commands, reading guides and file lines', () => {
    const { items, sectionText } = readRunbookActions(runbook);
    const diagnosis = items.filter((i) => i.section === 'diagnosis');
    assert.equal(diagnosis.length, 2);
    assert.equal(diagnosis[0]!.title, 'Look at the pods');
    assert.deepEqual(diagnosis[0]!.commands, ['kubectl get pods -n payments -l app=<app>']);
    assert.match(diagnosis[0]!.afterText, /^Pods in CrashLoopBackOff/);
    assert.equal(diagnosis[0]!.line, 7);
    assert.equal(body.split('\n')[6], '1. Look at the pods:');
    assert.deepEqual(diagnosis[1]!.inlineCommands, ['kubectl logs deploy/gateway']);
    const mitigation = items.filter((i) => i.section === 'mitigation');
    assert.deepEqual(mitigation.map((m) => m.commands.length), [0, 1]);
    assert.equal(sectionText.verification?.commands[0], 'curl -s https://payments.internal/health');
    assert.match(sectionText.rollback?.text ?? '', /previous replica count/);
  });

  it('turns them into a plan whose risky steps are rated, including prose-only changes', () => {
    const plan = planFromRunbook(runbook, { text: 'payments 503' }, checkCommand);
    const wipe = plan.steps.find((s) => s.command?.startsWith('rm -rf'));
    assert.equal(wipe?.risk, 'dangerous');
    const restart = plan.steps.find((s) => /^Restart the payments pods/.test(s.title));
    assert.equal(restart?.risk, 'caution', 'a restart told in prose is not safe');
    assert.equal(plan.steps[0]!.risk, 'safe');
    assert.match(plan.steps[0]!.detail, /Fill in <app> first/);
    assert.equal(plan.steps.at(-1)!.command, 'curl -s https://payments.internal/health');
    assert.ok(plan.successCriteria.includes('error rate under 1%'));
    assert.ok(plan.sources.every((s, i, all) => i === 0 || all[i - 1]!.line <= s.line));
  });
});

describe('runbook text helpers', () => {
  it('keeps parentheses, abbreviations and code spans inside the first sentence', () => {
    assert.equal(firstSentence('Restart (or signal, e.g. `nginx -s reopen`) the process. Then wait.'), 'Restart (or signal, e.g. `nginx -s reopen`) the process');
    assert.equal(firstSentence('Is it down? Test it.'), 'Is it down?');
    assert.equal(firstSentence('Third-party: check the vendor page. More.'), 'Third-party: check the vendor page');
  });

  it('tells inline commands from inline error strings', () => {
    assert.equal(looksLikeCommand('kubectl rollout undo deploy/app'), true);
    assert.equal(looksLikeCommand('nginx -s reopen'), true);
    assert.equal(looksLikeCommand('No space left on device'), false);
    assert.equal(looksLikeCommand('ENOSPC'), false);
  });

  it('does not read runbook placeholders as redirections, but keeps a real redirect visible', () => {
    assert.equal(checkCommandText('kubectl describe pod <pod>', checkCommand).risk, 'safe');
    assert.notEqual(checkCommandText('cat <x>/etc/passwd', checkCommand).risk, 'safe');
  });
});
