import assert from 'node:assert/strict';
import { sampleAnomaly, sampleClassification, samplePlan } from '../../test/fakes/samplePlan';
import { renderPostmortemDraft } from './postmortemDraft';
import { confirmCommand, createTask, markCommandRan, moveStep, moveTask, recordCommandOutcome, requestCommand, setCheckStatus } from './taskTransitions';

const t0 = Date.UTC(2026, 0, 15, 10, 0, 0);
const at = (minutes: number, who = 'alice') => ({ who, at: t0 + minutes * 60000 });

describe('renderPostmortemDraft', () => {
  const task = createTask('t1', { plan: samplePlan(), classification: sampleClassification(), anomalies: [sampleAnomaly()] }, at(0));
  requestCommand(task, 's2', 'r1', at(2));
  confirmCommand(task, 'r1', at(3));
  markCommandRan(task, 'r1', at(3));
  recordCommandOutcome(task, 'r1', 'succeeded', at(7), { exitCode: 0 });
  moveStep(task, 's3', 'skipped', at(8), 'load was normal');
  setCheckStatus(task, 'c1', 'passing', at(12, 'detector'), 'error rate 0.8% vs baseline 1.2%');
  moveTask(task, 'resolved', at(15));
  const markdown = renderPostmortemDraft(task);

  it('has the sections a postmortem needs, with human parts clearly marked', () => {
    for (const heading of ['## Summary', '## Classification', '## Timeline (UTC)', '## Evidence', '## Actions and outcomes', '## Success criteria', '## Root cause', '## What went well', '## Next steps']) {
      assert.ok(markdown.includes(heading), heading);
    }
    assert.equal(markdown.match(/TO FILL IN \(human\)/g)?.length, 5);
    assert.match(markdown, /Time to resolve:\*\* 15 min/);
    assert.match(markdown, /Category:\*\* Database \/ connection-pool/);
  });

  it('lists the timeline in order and actions with their outcomes', () => {
    assert.match(markdown, /2026-01-15 10:00:00Z — task created \(alice\)/);
    assert.ok(markdown.indexOf('10:03:00Z — command for step') < markdown.indexOf('10:15:00Z — task inProgress → resolved'));
    assert.match(markdown, /Run r1: requested 2026-01-15 10:02:00Z by alice; confirmed by alice; ran 2026-01-15 10:03:00Z; outcome \*\*succeeded\*\* \(exit 0\)/);
    assert.match(markdown, /⏭️ \*\*Raise pool size if needed\*\* — skipped/);
    assert.match(markdown, /✅ Error rate back under baseline on app\.log — passing/);
  });

  it('keeps log lines inert: fenced evidence and escaped inline text', () => {
    assert.match(markdown, /```text\nlogs\/app\.log:120: ERROR HikariPool-1/);
    assert.ok(markdown.includes('logs/app.log:121: ERROR OrderService failed: `pool exhausted` <b>'));
    const withHostileTitle = renderPostmortemDraft({ ...task, title: '[click](http://evil) <img src=x> # heading' });
    assert.match(withHostileTitle, /^# Postmortem \(draft\): \\\[click\\\]\\\(http:\/\/evil\\\) \\<img src=x\\> \\# heading$/m);
  });

  it('redacts secrets in evidence and notes by default', () => {
    const token = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789';
    const leaky = { ...task, context: { ...task.context, evidence: [{ line: 3, text: `git push with ${token}` }] } };
    assert.ok(!renderPostmortemDraft(leaky).includes(token));
    assert.match(renderPostmortemDraft(leaky), /REDACTED/);
    assert.ok(renderPostmortemDraft(leaky, { redact: false }).includes(token));
  });

  it('fences evidence that itself contains a code fence', () => {
    const fenced = renderPostmortemDraft({ ...task, context: { ...task.context, evidence: [{ line: 1, text: '```\n# injected' }] } });
    assert.match(fenced, /````text\n1: ```\n# injected\n````/);
  });
});
