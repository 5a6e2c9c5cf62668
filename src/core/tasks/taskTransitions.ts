/**
 * The task state machine. Every function takes a task the caller owns (the store passes a copy), checks the move is
 * legal, applies it and appends history; an illegal move throws `IllegalTransitionError` and changes nothing.
 */
import type { Anomaly } from '../detection/anomaly';
import type { Classification } from '../incidents/incident';
import type { RemediationPlan } from '../remediation/remediationPlan';
import {
  Actor,
  CheckStatus,
  CommandOutcome,
  CommandRun,
  HistoryEvent,
  IllegalTransitionError,
  IncidentTask,
  LiveCheck,
  StepStatus,
  TaskNotFoundError,
  TaskStatus,
  TaskStep,
} from './incidentTask';
import { parseSuccessCriterion } from './liveChecks';

const stepMoves: Record<StepStatus, readonly StepStatus[]> = {
  // pending → done: a person did it by hand without pressing "start" first.
  pending: ['running', 'done', 'skipped'],
  // running → pending: stopped before it finished (terminal closed, wrong moment).
  running: ['done', 'failed', 'pending'],
  failed: ['running', 'skipped', 'pending'],
  skipped: ['pending'],
  // done → pending: the fix regressed and the step has to be redone.
  done: ['pending'],
};

const taskMoves: Record<TaskStatus, readonly TaskStatus[]> = {
  open: ['inProgress', 'resolved', 'abandoned'],
  inProgress: ['resolved', 'abandoned'],
  resolved: ['inProgress'],
  abandoned: ['inProgress'],
};

const maxEvidenceLines = 20;
const maxEvidenceChars = 500;

export function canMoveStep(from: StepStatus, to: StepStatus): boolean {
  return stepMoves[from].includes(to);
}

export function canMoveTask(from: TaskStatus, to: TaskStatus): boolean {
  return taskMoves[from].includes(to);
}

export interface NewTaskInput {
  plan: RemediationPlan;
  title?: string;
  incidentId?: string;
  classification?: Classification;
  anomalies?: readonly Anomaly[];
  /** When there are no anomalies, or to override their file/line. */
  file?: string;
  line?: number;
}

export function createTask(id: string, input: NewTaskInput, actor: Actor): IncidentTask {
  const anomalies = input.anomalies ?? [];
  const file = input.file ?? anomalies[0]?.file;
  const anomalyIds = anomalies.map((a) => a.id);
  const c = input.classification;
  const title = (input.title ?? anomalies[0]?.title ?? input.plan.summary).slice(0, 200);
  const evidence = anomalies
    .flatMap((a) => a.evidence.map((e) => ({ file: a.file, line: e.line, text: e.text.slice(0, maxEvidenceChars) })))
    .slice(0, maxEvidenceLines);
  let checkNumber = 0;
  const checks: LiveCheck[] = input.plan.successCriteria.flatMap((criterion) =>
    parseSuccessCriterion(criterion, { file, anomalyIds }).map((spec) => ({
      id: `c${++checkNumber}`,
      criterion,
      spec,
      status: 'pending' as const,
      armedAt: actor.at,
    })),
  );
  const steps: TaskStep[] = input.plan.steps.map((s) => ({
    id: s.id,
    title: s.title,
    detail: s.detail,
    command: s.command,
    risk: s.risk,
    riskReasons: [...s.riskReasons],
    verify: s.verify,
    status: 'pending',
    commandRuns: [],
  }));
  return {
    id,
    title,
    status: 'open',
    createdAt: actor.at,
    createdBy: actor.who,
    updatedAt: actor.at,
    context: {
      incidentId: input.incidentId,
      title,
      classification: c && {
        category: c.category,
        subcategory: c.subcategory,
        severity: c.severity,
        priority: c.priority,
        confidence: c.confidence,
        rationale: c.rationale,
        source: c.source,
      },
      anomalyIds,
      file,
      line: input.line ?? anomalies[0]?.firstLine,
      evidence,
    },
    plan: {
      summary: input.plan.summary,
      estimatedTime: input.plan.estimatedTime,
      risks: [...input.plan.risks],
      successCriteria: [...input.plan.successCriteria],
      rollbackPlan: input.plan.rollbackPlan,
      sources: input.plan.sources.map((s) => ({ ...s })),
      source: input.plan.source,
    },
    steps,
    checks,
    history: [{ at: actor.at, kind: 'created', who: actor.who, text: title }],
  };
}

export function moveStep(task: IncidentTask, stepId: string, to: StepStatus, actor: Actor, note?: string): void {
  assertEditable(task, `step ${stepId}`, to);
  const step = findStep(task, stepId);
  if (!canMoveStep(step.status, to)) throw new IllegalTransitionError('step', stepId, step.status, to);
  const active = step.commandRuns.find((r) => r.state === 'requested' || r.state === 'confirmed' || r.state === 'ran');
  // Skipping would orphan a run whose outcome is still to be recorded; done/failed/pending simply take precedence.
  if (active && to === 'skipped') {
    throw new IllegalTransitionError('step', stepId, step.status, to, `command run ${active.id} is still ${active.state}`);
  }
  applyStepStatus(task, step, to, actor, note);
}

export function addNote(task: IncidentTask, text: string, actor: Actor, stepId?: string): void {
  if (stepId !== undefined) findStep(task, stepId);
  append(task, { at: actor.at, kind: 'note', who: actor.who, stepId, text });
}

/** Records that someone asked to run the step's command. The adapter then shows the checker's verdict. */
export function requestCommand(task: IncidentTask, stepId: string, runId: string, actor: Actor): CommandRun {
  assertEditable(task, `step ${stepId}`, 'command');
  const step = findStep(task, stepId);
  if (!step.command) throw new IllegalTransitionError('step', stepId, step.status, 'command', 'the step has no command');
  if (step.status === 'done' || step.status === 'skipped') {
    throw new IllegalTransitionError('step', stepId, step.status, 'command', `the step is ${step.status}`);
  }
  const active = step.commandRuns.find((r) => r.state === 'requested' || r.state === 'confirmed' || r.state === 'ran');
  if (active) throw new IllegalTransitionError('command', active.id, active.state, 'requested', 'a run of this step is already under way');
  const run: CommandRun = { id: runId, command: step.command, risk: step.risk, state: 'requested', requestedAt: actor.at, requestedBy: actor.who };
  step.commandRuns.push(run);
  append(task, { at: actor.at, kind: 'commandRequested', who: actor.who, stepId, runId, text: step.command });
  return run;
}

export function confirmCommand(task: IncidentTask, runId: string, actor: Actor): void {
  const { run, step } = findRun(task, runId);
  moveRun(run, 'confirmed');
  run.confirmedAt = actor.at;
  run.confirmedBy = actor.who;
  append(task, { at: actor.at, kind: 'commandConfirmed', who: actor.who, stepId: step.id, runId });
}

export function declineCommand(task: IncidentTask, runId: string, actor: Actor, note?: string): void {
  const { run, step } = findRun(task, runId);
  moveRun(run, 'declined');
  run.declinedAt = actor.at;
  run.declinedBy = actor.who;
  if (note) run.note = note;
  append(task, { at: actor.at, kind: 'commandDeclined', who: actor.who, stepId: step.id, runId, text: note });
}

/** The command was sent to a terminal; the step counts as running from now. */
export function markCommandRan(task: IncidentTask, runId: string, actor: Actor, ranIn?: string): void {
  const { run, step } = findRun(task, runId);
  assertEditable(task, `step ${step.id}`, 'running');
  moveRun(run, 'ran');
  run.ranAt = actor.at;
  run.ranIn = ranIn;
  append(task, { at: actor.at, kind: 'commandRan', who: actor.who, stepId: step.id, runId, text: ranIn });
  if (step.status === 'pending' || step.status === 'failed') applyStepStatus(task, step, 'running', actor);
}

/**
 * Records how the command went. A running step follows the outcome (succeeded → done, failed → failed); 'unknown'
 * leaves it running for a person or a live check to decide.
 */
export function recordCommandOutcome(
  task: IncidentTask,
  runId: string,
  outcome: CommandOutcome,
  actor: Actor,
  details: { exitCode?: number; note?: string } = {},
): void {
  const { run, step } = findRun(task, runId);
  moveRun(run, 'finished');
  run.finishedAt = actor.at;
  run.outcome = outcome;
  run.outcomeBy = actor.who;
  if (details.exitCode !== undefined) run.exitCode = details.exitCode;
  if (details.note) run.note = details.note;
  const exit = details.exitCode !== undefined ? ` (exit ${details.exitCode})` : '';
  append(task, { at: actor.at, kind: 'commandOutcome', who: actor.who, stepId: step.id, runId, to: outcome, text: `${outcome}${exit}${details.note ? `: ${details.note}` : ''}` });
  if (step.status === 'running' && outcome !== 'unknown' && isEditable(task)) {
    applyStepStatus(task, step, outcome === 'succeeded' ? 'done' : 'failed', actor);
  }
}

/** Sets a live check's status; history only records real changes, so re-evaluating every few seconds stays quiet. */
export function setCheckStatus(task: IncidentTask, checkId: string, status: CheckStatus, actor: Actor, detail?: string): boolean {
  const check = task.checks.find((c) => c.id === checkId);
  if (!check) throw new TaskNotFoundError('check', checkId);
  const changed = check.status !== status;
  check.detail = detail ?? check.detail;
  check.updatedAt = actor.at;
  if (changed) {
    append(task, { at: actor.at, kind: 'checkStatus', who: actor.who, checkId, from: check.status, to: status, text: detail });
    check.status = status;
  }
  return changed;
}

export function moveTask(task: IncidentTask, to: TaskStatus, actor: Actor, note?: string): void {
  if (!canMoveTask(task.status, to)) throw new IllegalTransitionError('task', task.id, task.status, to);
  if (to === 'resolved') {
    const running = task.steps.find((s) => s.status === 'running');
    if (running) throw new IllegalTransitionError('task', task.id, task.status, to, `step ${running.id} is still running`);
  }
  const from = task.status;
  task.status = to;
  if (to === 'resolved') task.resolvedAt = actor.at;
  if (to === 'inProgress' && (from === 'resolved' || from === 'abandoned')) {
    // Reopened: watch again from now, so "quiet for 15 min" means quiet since the reopen.
    task.resolvedAt = undefined;
    for (const check of task.checks) {
      check.armedAt = actor.at;
      if (check.spec.kind !== 'manual') check.status = 'pending';
    }
  }
  append(task, { at: actor.at, kind: 'taskStatus', who: actor.who, from, to, text: note });
}

function applyStepStatus(task: IncidentTask, step: TaskStep, to: StepStatus, actor: Actor, note?: string): void {
  const from = step.status;
  step.status = to;
  step.by = actor.who;
  if (note) step.note = note;
  if (to === 'running') {
    step.startedAt = actor.at;
    step.endedAt = undefined;
  } else if (to === 'pending') {
    step.startedAt = undefined;
    step.endedAt = undefined;
  } else {
    step.endedAt = actor.at;
  }
  append(task, { at: actor.at, kind: 'stepStatus', who: actor.who, stepId: step.id, from, to, text: note });
  if (task.status === 'open') {
    task.status = 'inProgress';
    append(task, { at: actor.at, kind: 'taskStatus', who: actor.who, from: 'open', to: 'inProgress' });
  }
}

function moveRun(run: CommandRun, to: CommandRun['state']): void {
  const allowed: Record<CommandRun['state'], readonly CommandRun['state'][]> = {
    requested: ['confirmed', 'declined'],
    // confirmed → finished: the terminal could not be opened, so the outcome is recorded without a run.
    confirmed: ['ran', 'finished'],
    ran: ['finished'],
    declined: [],
    finished: [],
  };
  if (!allowed[run.state].includes(to)) throw new IllegalTransitionError('command', run.id, run.state, to);
  run.state = to;
}

function isEditable(task: IncidentTask): boolean {
  return task.status === 'open' || task.status === 'inProgress';
}

function assertEditable(task: IncidentTask, what: string, to: string): void {
  if (!isEditable(task)) throw new IllegalTransitionError('task', task.id, task.status, to, `reopen the task before changing ${what}`);
}

function findStep(task: IncidentTask, stepId: string): TaskStep {
  const step = task.steps.find((s) => s.id === stepId);
  if (!step) throw new TaskNotFoundError('step', stepId);
  return step;
}

function findRun(task: IncidentTask, runId: string): { run: CommandRun; step: TaskStep } {
  for (const step of task.steps) {
    const run = step.commandRuns.find((r) => r.id === runId);
    if (run) return { run, step };
  }
  throw new TaskNotFoundError('command', runId);
}

function append(task: IncidentTask, event: HistoryEvent): void {
  task.history.push(Object.fromEntries(Object.entries(event).filter(([, v]) => v !== undefined)) as HistoryEvent);
  task.updatedAt = Math.max(task.updatedAt, event.at);
}
