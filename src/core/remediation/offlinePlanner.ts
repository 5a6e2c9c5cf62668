/**
 * The offline remediation plan: the best runbook's Diagnosis, Mitigation, Resolution, Verification and Rollback
 * sections turned into ordered steps, each command rated by the checker, plus the anomaly's facts in the summary.
 * Also the fallback when a model's plan is unusable.
 */
import * as path from 'node:path';
import type { Anomaly } from '../detection/anomaly';
import type { Runbook } from '../runbooks/runbook';
import type { Classification } from '../incidents/incident';
import { checkCommandText, CommandChecker } from './commandChecker';
import { PlanSource, PlanStep, RemediationPlan, stricterRisk, StepRisk } from './remediationPlan';
import { cleanProse, firstSentence, readRunbookActions, RunbookItem } from './runbookSteps';

export interface PlanFacts {
  /** People's description or the log excerpt, for the summary. */
  text?: string;
  anomaly?: Anomaly;
  classification?: Pick<Classification, 'category' | 'subcategory' | 'severity' | 'priority'>;
}

/** Step counts per section: enough to act on, few enough to read during an incident. */
const maxSteps = { diagnosis: 4, mitigation: 5, resolution: 2 };

const destructiveProse = /\bdestructive\b|\birreversible\b|data (?:is |will be )?lost|content is lost|cannot be undone/i;
/** Verbs of steps that change a running system; in a title they make a prose-only step at least `caution`. */
const changingAction =
  /\b(?:restart|reboot|roll ?back|fail ?over|promote|scale|drain|cordon|evict|kill|terminate|delete|remove|drop|truncate|purge|flush|revoke|rotate|disable|block|raise|increase|lower|reduce|resize|grow|upgrade|downgrade|redeploy|deploy|migrate|apply|change|edit|set)\b/i;
const warningSentence = /\b(?:do not|don't|never|avoid|careful|beware|warning|must not)\b/i;

export function planFromRunbook(runbook: Runbook, facts: PlanFacts, checker: CommandChecker): RemediationPlan {
  const actions = readRunbookActions(runbook);
  const sources: PlanSource[] = [];
  const cite = (line: number): void => {
    if (!sources.some((s) => s.line === line)) sources.push({ runbookId: runbook.id, file: runbook.file, line });
  };
  const verification = actions.sectionText.verification;
  const verifyCommand = verification?.commands[0];
  const verifyText = verification ? firstSentence(verification.text.replace(/\s+/g, ' '), 200) : '';
  const generalVerify = verifyCommand
    ? `Run \`${oneLine(verifyCommand)}\`${verifyText ? `; expect: ${verifyText}` : ''}`
    : verifyText || 'The symptom lines stop appearing in the log and the anomaly clears.';

  const steps: PlanStep[] = [];
  const addItems = (section: keyof typeof maxSteps, verifyFor: (item: RunbookItem) => string, prefix = ''): void => {
    for (const item of actions.items.filter((i) => i.section === section).slice(0, maxSteps[section])) {
      steps.push(toStep(item, steps.length + 1, checker, verifyFor(item), prefix));
      cite(item.line);
    }
  };
  addItems('diagnosis', (item) =>
    item.afterText ? firstSentence(item.afterText, 240) : 'Note what the output shows; it decides which mitigation below applies.',
  );
  addItems('mitigation', () => generalVerify);
  addItems('resolution', () => 'Tracked as a follow-up item with an owner and a date.', 'Follow-up: ');
  if (verification) {
    const verify = verification.commands.length > 0
      ? toStep(
          { section: 'verification', title: 'Verify the fix', detail: verification.text, text: verification.text, commands: verification.commands.slice(0, 1), inlineCommands: [], afterText: '', line: verification.line },
          steps.length + 1,
          checker,
          verifyText || 'The checks above pass for 15 minutes.',
        )
      : undefined;
    if (verify) steps.push(verify);
    cite(verification.line);
  }
  if (actions.sectionText.rollback) cite(actions.sectionText.rollback.line);
  if (steps.length === 0) steps.push(...genericSteps(facts, checker));
  sources.sort((a, b) => a.line - b.line);
  // The plan contract allows 10 sources: keep the verification and rollback sections and the earliest steps.
  if (sources.length > 10) {
    const keep = new Set([verification?.line, actions.sectionText.rollback?.line]);
    const kept = sources.filter((s) => keep.has(s.line));
    sources.splice(0, sources.length, ...sources.filter((s) => !keep.has(s.line)).slice(0, 10 - kept.length), ...kept);
  }

  const mitigationText = actions.sectionText.mitigation?.text ?? '';
  const warnings = sentences(mitigationText).filter((s) => warningSentence.test(s)).slice(0, 3);
  const riskyNotes = steps
    .filter((s) => s.risk !== 'safe')
    .slice(0, 5)
    .map((s) => `${s.id} "${s.title}" is ${s.risk}: ${s.riskReasons.join('; ') || 'changes the system'}`);
  const successCriteria = verification
    ? criteria(verification.text).slice(0, 6)
    : ['The anomaly no longer fires for two detection windows.', 'Error rate and latency are back to their baseline.'];

  return {
    summary: summarize(facts, runbook, steps),
    steps,
    estimatedTime: estimate(steps),
    risks: [...riskyNotes, ...warnings].slice(0, 10),
    successCriteria: successCriteria.length > 0 ? successCriteria : ['The checks in the verification step pass.'],
    rollbackPlan: actions.sectionText.rollback?.text.slice(0, 1500) || 'Revert each change made by the mitigation steps in reverse order.',
    sources,
    source: 'offline',
  };
}

/** Without any runbook: read-only steps around the anomaly's own facts. */
export function planWithoutRunbook(facts: PlanFacts, checker: CommandChecker): RemediationPlan {
  const steps = genericSteps(facts, checker);
  return {
    summary: `${describeFacts(facts)} No runbook matched; the plan is generic, so add a runbook for this kind of incident.`,
    steps,
    estimatedTime: estimate(steps),
    risks: ['No runbook guidance: confirm the cause before changing anything.'],
    successCriteria: ['The anomaly no longer fires for two detection windows.', 'Error rate and latency are back to their baseline.'],
    rollbackPlan: 'Revert any change made during the incident (deploy, config, scaling) through the normal pipeline.',
    sources: [],
    source: 'offline',
  };
}

function toStep(item: RunbookItem, index: number, checker: CommandChecker, verify: string, prefix = ''): PlanStep {
  const command = item.commands.length > 0 ? item.commands.join('\n') : undefined;
  let risk: StepRisk = 'safe';
  const reasons: string[] = [];
  for (const text of [...(command ? [command] : []), ...item.inlineCommands]) {
    const verdict = checkCommandText(text, checker);
    risk = stricterRisk(risk, verdict.risk);
    for (const reason of verdict.reasons) if (!reasons.includes(reason)) reasons.push(reason);
  }
  if (destructiveProse.test(`${item.title} ${item.text}`) && risk === 'safe') {
    risk = 'caution';
    reasons.push('the runbook marks this step as destructive');
  }
  // A step told in prose only ("restart the pods one at a time") changes the system just the same.
  const action = risk === 'safe' && item.section !== 'diagnosis' ? changingAction.exec(item.title) : null;
  if (action) {
    risk = 'caution';
    reasons.push(`the step asks to ${action[0].toLowerCase()}: confirm before acting`);
  }
  const placeholders = command ? [...new Set(command.match(/<[a-z][\w-]*>/gi) ?? [])] : [];
  const detail = [item.detail, placeholders.length > 0 ? `Fill in ${placeholders.join(', ')} first.` : '']
    .filter(Boolean)
    .join(' ');
  return { id: `s${index}`, title: `${prefix}${item.title}`, detail: detail.slice(0, 1200), command, risk, riskReasons: reasons, verify };
}

function genericSteps(facts: PlanFacts, checker: CommandChecker): PlanStep[] {
  const steps: Omit<PlanStep, 'id' | 'risk' | 'riskReasons'>[] = [];
  const anomaly = facts.anomaly;
  if (anomaly) {
    const from = Math.max(1, anomaly.firstLine - 20);
    steps.push({
      title: 'Read the evidence around the anomaly',
      detail: `${anomaly.title}: ${anomaly.explanation}`,
      command: `sed -n '${from},${anomaly.lastLine + 20}p' ${shellQuote(anomaly.file)}`,
      verify: 'You can name the first failing line and the component that logged it.',
    });
  }
  steps.push(
    {
      title: 'Check what changed just before the incident',
      detail: 'Deploys, config changes, feature flags, certificate or credential rotations, infrastructure changes.',
      verify: 'A change is confirmed or ruled out as the trigger.',
    },
    {
      title: 'Check the health of the dependencies the failing component calls',
      detail: 'Databases, caches, queues and upstream APIs named in the evidence lines.',
      verify: 'Each dependency is known to be healthy or degraded.',
    },
  );
  return steps.map((step, i) => {
    const verdict = step.command ? checkCommandText(step.command, checker) : { risk: 'safe' as StepRisk, reasons: [] };
    return { ...step, id: `s${i + 1}`, risk: verdict.risk, riskReasons: verdict.reasons };
  });
}

function summarize(facts: PlanFacts, runbook: Runbook, steps: PlanStep[]): string {
  const count = (prefix: RegExp): number => steps.filter((s) => prefix.test(s.title)).length;
  const followUps = count(/^Follow-up: /);
  return (
    `${describeFacts(facts)} Plan from runbook "${runbook.title}" (${runbook.id}): ${steps.length - followUps} steps` +
    `${followUps > 0 ? ` and ${followUps} follow-up${followUps > 1 ? 's' : ''}` : ''}; read-only diagnosis first, ` +
    `nothing runs without your confirmation.`
  );
}

function describeFacts(facts: PlanFacts): string {
  const parts: string[] = [];
  const c = facts.classification;
  if (c) parts.push(`${c.category}/${c.subcategory} incident, ${c.severity} (${c.priority}).`);
  const a = facts.anomaly;
  if (a) parts.push(`${a.title} in ${path.basename(a.file)} lines ${a.firstLine}–${a.lastLine}: ${a.explanation}`.replace(/\.?$/, '.'));
  else if (facts.text) parts.push(`Reported: "${firstSentence(cleanProse(facts.text), 160)}".`);
  return parts.join(' ');
}

function estimate(steps: PlanStep[]): string {
  let minutes = 0;
  for (const step of steps) {
    if (step.title.startsWith('Follow-up: ')) continue;
    minutes += step.command ? 4 : 3;
    if (step.risk === 'caution') minutes += 5;
    if (step.risk === 'dangerous') minutes += 10;
  }
  const low = Math.max(10, Math.round(minutes / 5) * 5);
  const followUp = steps.some((s) => s.title.startsWith('Follow-up: ')) ? '; follow-ups separately' : '';
  return `${low}–${low * 2} min${followUp}`;
}


function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+(?=[A-Z`])|\n/)
    .map((s) => s.trim())
    .filter((s) => s.length > 8);
}

/** Verification prose into checkable criteria: bullets, sentences, or comma-separated clauses outside () and ``. */
function criteria(text: string): string[] {
  const out: string[] = [];
  for (const sentence of sentences(text)) {
    let depth = 0;
    let inCode = false;
    let start = 0;
    for (let i = 0; i <= sentence.length; i++) {
      const ch = sentence[i];
      if (ch === '`') inCode = !inCode;
      else if (!inCode && ch === '(') depth++;
      else if (!inCode && ch === ')') depth = Math.max(0, depth - 1);
      if (i === sentence.length || (!inCode && depth === 0 && (ch === ',' || ch === ';'))) {
        const clause = sentence.slice(start, i).replace(/^\s*(?:and|or)\s+/i, '').replace(/[.\s]+$/, '').trim();
        if (clause.length > 3) out.push(clause);
        start = i + 1;
      }
    }
  }
  return out;
}

function oneLine(command: string): string {
  const lines = command.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));
  return lines.length > 1 ? `${lines[0]} …` : (lines[0] ?? command);
}

function shellQuote(value: string): string {
  return /^[\w./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
