/** Incidents tab: one card per incident with its anomalies, classification and remediation plan. */
import type {
  CitationView,
  ClassificationView,
  IncidentView,
  PlanStepView,
  PlanView,
} from '../../src/shared/webviewProtocol';
import { clear, element, formatTime, proportionBar, shortPath } from '../element';
import type { PanelActions } from '../panelActions';
import { focusedIncidentId, stepKey, voteKey, type PanelState } from '../state';
import { thumbIcon } from './icons';
import { button, dropdown, progressRing, tag } from './toolkit';

type IncidentsState = PanelState['incidents'];

export class IncidentsView {
  private readonly list: HTMLElement;
  private last: IncidentsState | undefined;
  private scrolledTo: string | undefined;

  constructor(
    container: HTMLElement,
    private readonly actions: PanelActions,
  ) {
    this.list = element('div', { class: 'incidents' });
    container.append(
      element(
        'div',
        { class: 'incidents-wrap' },
        element(
          'div',
          { class: 'toolbar' },
          button('Refresh', () => this.actions.refresh('incidents'), { title: 'Reload incidents' }),
        ),
        this.list,
      ),
    );
  }

  update(state: IncidentsState): void {
    if (state === this.last) return;
    this.last = state;
    clear(this.list);
    if (!state.loaded) {
      this.list.append(element('div', { class: 'empty' }, progressRing(), 'Loading incidents…'));
      return;
    }
    if (state.items.length === 0) {
      this.list.append(
        element('div', { class: 'empty' }, 'No incidents. Anomalies the watcher finds are grouped here.'),
      );
      return;
    }
    const focused = focusedIncidentId(state);
    for (const incident of state.items) this.list.append(this.renderIncident(incident, state, incident.id === focused));
    if (focused !== undefined && focused !== this.scrolledTo) {
      this.scrolledTo = focused;
      const card = this.list.querySelector<HTMLElement>(`[data-incident-id="${CSS.escape(focused)}"]`);
      card?.scrollIntoView({ block: 'start' });
    }
  }

  private renderIncident(incident: IncidentView, state: IncidentsState, focused: boolean): HTMLElement {
    const when =
      incident.firstSeen !== undefined
        ? `${formatTime(incident.firstSeen)}${incident.lastSeen !== undefined && incident.lastSeen !== incident.firstSeen ? ` – ${formatTime(incident.lastSeen)}` : ''}`
        : '';
    return element(
      'section',
      {
        class: `card incident severity-${incident.severity}${focused ? ' focused' : ''}`,
        'data-incident-id': incident.id,
        'aria-label': `Incident: ${incident.title}`,
      },
      element(
        'header',
        { class: 'card-header' },
        element('span', { class: `pill sev-${incident.severity}` }, incident.severity),
        element('h3', {}, incident.title),
        element('span', { class: 'muted' }, [when, `${incident.anomalies.length} anomal${incident.anomalies.length === 1 ? 'y' : 'ies'}`].filter(Boolean).join(' · ')),
      ),
      element(
        'ul',
        { class: 'anomalies' },
        ...incident.anomalies.map((anomaly) =>
          element(
            'li',
            { class: `anomaly sev-${anomaly.severity}` },
            tag(anomaly.type.replace(/_/g, ' ')),
            element('span', { class: 'anomaly-title' }, anomaly.title),
            element(
              'button',
              {
                class: 'link',
                title: 'Open the log line',
                onclick: () => this.actions.openLocation({ file: anomaly.file, line: anomaly.line }),
              },
              `${shortPath(anomaly.file)}:${anomaly.line}`,
            ),
            element('div', { class: 'muted explanation' }, anomaly.explanation),
          ),
        ),
      ),
      incident.classification
        ? this.renderClassification(incident.id, incident.classification, state)
        : element('div', { class: 'card sub pending' }, 'Not classified yet.'),
      incident.plan ? this.renderPlan(incident.id, incident.plan, state) : null,
    );
  }

  private renderClassification(incidentId: string, classification: ClassificationView, state: IncidentsState): HTMLElement {
    const categories = state.categories.includes(classification.category)
      ? state.categories
      : [classification.category, ...state.categories];
    let chosen = classification.category;
    const confidence = Math.round(classification.confidence * 100);
    return element(
      'div',
      { class: 'card sub classification', 'aria-label': 'Classification' },
      element(
        'div',
        { class: 'sub-header' },
        element('h4', {}, 'Classification'),
        this.renderVotes(incidentId, 'classification', state),
      ),
      element(
        'dl',
        { class: 'facts' },
        fact('Category', element('strong', {}, classification.category)),
        fact('Severity', element('span', { class: `pill sev-${classification.severity}` }, classification.severity)),
        fact('Priority', element('span', { class: 'pill' }, classification.priority)),
        fact(
          'Confidence',
          element(
            'span',
            { class: 'confidence' },
            proportionBar(classification.confidence),
            `${confidence}%`,
          ),
        ),
        fact('Source', classification.source),
      ),
      classification.rationale ? element('p', { class: 'rationale' }, classification.rationale) : null,
      categories.length > 1
        ? element(
            'div',
            { class: 'recategorize' },
            element('span', { class: 'muted' }, 'Correct the category:'),
            dropdown({
              values: categories,
              selected: classification.category,
              label: 'Category',
              onChange: (value) => {
                chosen = value;
              },
            }),
            button(
              'Apply',
              () => {
                if (chosen !== classification.category) {
                  this.actions.feedback(incidentId, 'classification', { kind: 'recategorize', category: chosen });
                }
              },
              { title: 'Send the corrected category' },
            ),
          )
        : null,
    );
  }

  private renderPlan(incidentId: string, plan: PlanView, state: IncidentsState): HTMLElement {
    return element(
      'div',
      { class: 'card sub plan', 'aria-label': 'Remediation plan' },
      element(
        'div',
        { class: 'sub-header' },
        element('h4', {}, 'Remediation plan'),
        plan.estimatedMinutes !== undefined
          ? element('span', { class: 'muted' }, `≈ ${formatMinutes(plan.estimatedMinutes)}`)
          : null,
        this.renderVotes(incidentId, 'plan', state),
      ),
      element('p', {}, plan.summary),
      element(
        'div',
        { class: 'plan-actions' },
        button('Start as Task', () => this.actions.startTask(incidentId), {
          appearance: 'primary',
          title: 'Work through this plan as a checklist; its success criteria become live checks',
          className: 'start-task',
        }),
      ),
      element(
        'ol',
        { class: 'steps' },
        ...plan.steps.map((step) => this.renderStep(incidentId, step, state)),
      ),
      plan.successCriteria.length > 0 ? section('Success criteria', plan.successCriteria) : null,
      plan.rollback.length > 0 ? section('Rollback', plan.rollback) : null,
      plan.sources.length > 0 ? this.renderSources(plan.sources) : null,
    );
  }

  private renderStep(incidentId: string, step: PlanStepView, state: IncidentsState): HTMLElement {
    const status = state.steps[stepKey(incidentId, step.id)];
    const running = status?.status === 'running';
    return element(
      'li',
      { class: `step risk-${step.risk}`, 'data-step-id': step.id },
      element(
        'div',
        { class: 'step-header' },
        element('span', { class: `risk risk-${step.risk}`, title: riskTitle(step.risk) }, step.risk),
        element('strong', {}, step.title),
        step.estimatedMinutes !== undefined
          ? element('span', { class: 'muted' }, `≈ ${formatMinutes(step.estimatedMinutes)}`)
          : null,
        step.runnable
          ? button(running ? 'Running…' : 'Run step', () => this.actions.runStep(incidentId, step.id), {
              appearance: step.risk === 'safe' ? 'primary' : 'secondary',
              disabled: running,
              title: 'Runs after a confirmation in the editor',
              className: 'run-step',
            })
          : element('span', { class: 'muted' }, 'manual'),
      ),
      step.detail ? element('p', {}, step.detail) : null,
      step.command ? element('pre', { class: 'command' }, element('code', {}, step.command)) : null,
      step.successCriteria ? element('div', { class: 'step-meta' }, element('span', { class: 'label' }, 'Success: '), step.successCriteria) : null,
      step.rollback ? element('div', { class: 'step-meta' }, element('span', { class: 'label' }, 'Rollback: '), step.rollback) : null,
      status
        ? element(
            'div',
            { class: `step-status step-${status.status}`, role: 'status' },
            running ? progressRing() : null,
            stepStatusText(status.status),
            status.message ? ` — ${status.message}` : '',
          )
        : null,
    );
  }

  private renderSources(sources: readonly CitationView[]): HTMLElement {
    return element(
      'div',
      { class: 'sources' },
      element('h5', {}, 'Sources'),
      element(
        'ul',
        {},
        ...sources.map((source) =>
          element(
            'li',
            {},
            element(
              'button',
              {
                class: 'link',
                title: `${source.file}:${source.line}`,
                onclick: () => this.actions.openLocation({ file: source.file, line: source.line }),
              },
              `${source.label} (${shortPath(source.file)}:${source.line})`,
            ),
          ),
        ),
      ),
    );
  }

  private renderVotes(incidentId: string, target: 'classification' | 'plan', state: IncidentsState): HTMLElement {
    const current = state.votes[voteKey(incidentId, target)];
    const thumb = (vote: 'up' | 'down', title: string): HTMLElement => {
      const node = button(thumbIcon(vote), () => this.actions.vote(incidentId, target, vote), {
        appearance: 'icon',
        title,
        className: `vote vote-${vote}${current === vote ? ' pressed' : ''}`,
      });
      node.setAttribute('aria-pressed', String(current === vote));
      return node;
    };
    return element('span', { class: 'votes' }, thumb('up', 'Helpful'), thumb('down', 'Not helpful'));
  }
}

function fact(label: string, value: Node | string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  fragment.append(element('dt', {}, label), element('dd', {}, value));
  return fragment;
}

function section(title: string, items: readonly string[]): HTMLElement {
  return element('div', { class: 'plan-section' }, element('h5', {}, title), element('ul', {}, ...items.map((item) => element('li', {}, item))));
}

function formatMinutes(minutes: number): string {
  if (minutes < 1) return '< 1 min';
  if (minutes < 60) return `${Math.round(minutes)} min`;
  const hours = Math.floor(minutes / 60);
  const rest = Math.round(minutes % 60);
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

function riskTitle(risk: PlanStepView['risk']): string {
  switch (risk) {
    case 'safe':
      return 'Read-only or easily undone';
    case 'caution':
      return 'Changes the system; check before running';
    case 'dangerous':
      return 'May cause data loss or an outage; needs explicit confirmation';
  }
}

function stepStatusText(status: string): string {
  switch (status) {
    case 'running':
      return 'Running…';
    case 'succeeded':
      return 'Succeeded';
    case 'failed':
      return 'Failed';
    case 'declined':
      return 'Not run (declined at confirmation)';
    default:
      return status;
  }
}
