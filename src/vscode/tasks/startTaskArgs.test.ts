import assert from 'node:assert/strict';
import { sampleAnomaly, sampleClassification, samplePlan } from '../../test/fakes/samplePlan';
import { parseStartTaskArgs } from './startTaskArgs';

const known = sampleAnomaly();
const find = (id: string) => (id === known.id ? known : undefined);

describe('parseStartTaskArgs', () => {
  it('turns a plan from a chat button (JSON round trip) into a task input with the anomalies the detector still shows', () => {
    const raw = JSON.parse(JSON.stringify({ plan: samplePlan(), classification: sampleClassification(), anomalyIds: ['an-1', 'gone'] }));
    const parsed = parseStartTaskArgs(raw, find);
    assert.ok(parsed.ok);
    assert.equal(parsed.input.plan.steps.length, 3);
    assert.deepEqual(parsed.input.anomalies, [known]);
    assert.equal(parsed.input.classification?.category, 'Database');
  });

  it('re-checks every command: a plan cannot call a destructive command safe', () => {
    const plan = samplePlan();
    plan.steps[0] = { ...plan.steps[0]!, command: 'rm -rf /var/lib/postgresql', risk: 'safe', riskReasons: [] };
    const parsed = parseStartTaskArgs({ plan }, find);
    assert.ok(parsed.ok);
    assert.equal(parsed.input.plan.steps[0]!.risk, 'dangerous');
    assert.ok(parsed.input.plan.steps[0]!.riskReasons.length > 0);
    // A stricter risk claimed by the plan stands.
    plan.steps[0] = { ...plan.steps[0]!, command: 'df -h', risk: 'dangerous' };
    const stricter = parseStartTaskArgs({ plan }, find);
    assert.ok(stricter.ok);
    assert.equal(stricter.input.plan.steps[0]!.risk, 'dangerous');
  });

  it('rejects arguments that are not a usable plan, saying where', () => {
    const noSteps = parseStartTaskArgs({ plan: { ...samplePlan(), steps: [] } }, find);
    assert.equal(noSteps.ok, false);
    if (!noSteps.ok) assert.match(noSteps.reason, /^plan\.steps/);
    const duplicate = samplePlan();
    duplicate.steps[1] = { ...duplicate.steps[1]!, id: 's1' };
    const dup = parseStartTaskArgs({ plan: duplicate }, find);
    assert.equal(dup.ok, false);
    if (!dup.ok) assert.match(dup.reason, /unique/);
    assert.equal(parseStartTaskArgs('start', find).ok, false);
    assert.equal(parseStartTaskArgs({ plan: samplePlan(), classification: { category: 'Weather' } }, find).ok, false);
  });
});
