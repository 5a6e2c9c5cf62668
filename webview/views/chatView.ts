/** Chat tab: transcript with streamed, sanitised markdown, clickable citations, stop, and the question box. */
import type { CitationView } from '../../src/shared/webviewProtocol';
import { clear, element, formatTime, shortPath } from '../element';
import type { PanelActions } from '../panelActions';
import { renderMarkdown } from '../renderMarkdown';
import type { PanelState, PanelTurn } from '../state';
import { button, progressRing, textArea } from './toolkit';

const examples = [
  'Why did the error rate spike in the last hour?',
  'How do I recover from a full disk?',
  'What does "connection reset by peer" usually mean here?',
];

export class ChatView {
  private readonly transcript: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly input: HTMLElement & { value: string };
  private readonly sendSlot: HTMLElement;
  private readonly rendered = new Map<string, { turn: PanelTurn; node: HTMLElement }>();
  private lastTurns: PanelTurn[] | undefined;
  private streamingId: string | undefined;

  constructor(
    container: HTMLElement,
    private readonly actions: PanelActions,
  ) {
    this.transcript = element('div', { class: 'transcript', role: 'log', 'aria-live': 'polite' });
    this.empty = element(
      'div',
      { class: 'empty' },
      element('p', {}, 'Ask about your logs, incidents or runbooks. Answers cite their sources.'),
      element(
        'div',
        { class: 'examples' },
        ...examples.map((example) => button(example, () => this.actions.ask(example), { className: 'example' })),
      ),
    );
    this.input = textArea({
      placeholder: 'Ask Ops Copilot… (Enter to send, Shift+Enter for a new line)',
      label: 'Question',
      rows: 3,
      value: '',
      className: 'question-input',
      onInput: (value) => this.actions.setDraft(value),
      onKeyDown: (event) => {
        if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
          event.preventDefault();
          this.send();
        }
      },
    });
    this.sendSlot = element('div', { class: 'send-slot' });
    const composer = element(
      'div',
      { class: 'composer' },
      this.input,
      element(
        'div',
        { class: 'composer-actions' },
        this.sendSlot,
        button('Clear history', () => this.actions.clearHistory(), { title: 'Forget this workspace’s chat history' }),
      ),
    );
    container.append(element('div', { class: 'chat' }, this.empty, this.transcript, composer));
    this.transcript.addEventListener('click', (event) => this.onTranscriptClick(event));
  }

  update(chat: PanelState['chat']): void {
    if (this.input.value !== chat.draft) this.input.value = chat.draft;
    const streaming = chat.turns.find((turn) => turn.status === 'streaming');
    if (streaming?.requestId !== this.streamingId || this.sendSlot.childElementCount === 0) {
      this.streamingId = streaming?.requestId;
      clear(this.sendSlot);
      this.sendSlot.append(
        streaming
          ? button('Stop', () => this.actions.cancel(streaming.requestId), {
              appearance: 'primary',
              title: 'Stop the answer',
              className: 'stop',
            })
          : button('Send', () => this.send(), { appearance: 'primary', className: 'send' }),
      );
    }
    if (chat.turns === this.lastTurns) return;
    this.lastTurns = chat.turns;
    this.empty.hidden = chat.turns.length > 0;
    const stickToBottom =
      this.transcript.scrollHeight - this.transcript.scrollTop - this.transcript.clientHeight < 40;
    const seen = new Set<string>();
    for (const turn of chat.turns) {
      seen.add(turn.requestId);
      const existing = this.rendered.get(turn.requestId);
      if (existing && existing.turn === turn) {
        this.transcript.appendChild(existing.node);
        continue;
      }
      const node = renderTurn(turn);
      if (existing) existing.node.replaceWith(node);
      this.transcript.appendChild(node);
      this.rendered.set(turn.requestId, { turn, node });
    }
    for (const [requestId, { node }] of this.rendered) {
      if (!seen.has(requestId)) {
        node.remove();
        this.rendered.delete(requestId);
      }
    }
    if (stickToBottom) this.transcript.scrollTop = this.transcript.scrollHeight;
  }

  focusInput(): void {
    this.input.focus();
  }

  private send(): void {
    const question = this.input.value.trim();
    if (question.length === 0 || this.streamingId) return;
    this.actions.ask(question);
  }

  private onTranscriptClick(event: Event): void {
    const target = event.target as HTMLElement | null;
    const trigger = target?.closest<HTMLElement>('[data-citation]');
    if (!trigger) return;
    const turnNode = trigger.closest<HTMLElement>('[data-request-id]');
    const turn = turnNode ? this.rendered.get(turnNode.dataset.requestId ?? '')?.turn : undefined;
    const citation = turn?.citations[Number(trigger.dataset.citation)];
    if (citation) this.actions.openLocation({ file: citation.file, line: citation.line });
  }
}

function renderTurn(turn: PanelTurn): HTMLElement {
  const node = element('article', { class: `turn status-${turn.status}`, 'data-request-id': turn.requestId });
  if (turn.title) {
    node.append(element('h3', { class: 'report-title' }, turn.title));
  } else {
    node.append(
      element(
        'div',
        { class: 'question' },
        element('span', { class: 'who' }, 'You'),
        element('time', { class: 'when' }, formatTime(turn.askedAt)),
        element('div', { class: 'question-text' }, turn.question),
      ),
    );
  }
  const answer = element('div', { class: 'answer markdown' });
  if (turn.answer.length > 0) answer.append(renderMarkdown(turn.answer, turn.citations.length));
  node.append(answer);
  if (turn.citations.length > 0) node.append(renderCitations(turn.citations));
  node.append(renderStatus(turn));
  if (turn.footer) node.append(element('div', { class: 'footer' }, turn.footer));
  return node;
}

function renderCitations(citations: readonly CitationView[]): HTMLElement {
  return element(
    'ol',
    { class: 'citations', 'aria-label': 'Sources' },
    ...citations.map((citation, index) =>
      element(
        'li',
        {},
        element(
          'button',
          {
            class: `citation citation-${citation.kind}`,
            'data-citation': index,
            title: `${citation.file}:${citation.line}${citation.excerpt ? `\n${citation.excerpt}` : ''}`,
          },
          element('span', { class: 'citation-index' }, String(index + 1)),
          element('span', { class: 'citation-kind' }, citation.kind === 'runbook' ? 'runbook' : 'log'),
          element('span', { class: 'citation-label' }, citation.label),
          element('span', { class: 'citation-where' }, `${shortPath(citation.file)}:${citation.line}`),
        ),
      ),
    ),
  );
}

function renderStatus(turn: PanelTurn): HTMLElement | string {
  switch (turn.status) {
    case 'streaming':
      return element(
        'div',
        { class: 'turn-status' },
        progressRing(),
        turn.stopping ? 'Stopping…' : turn.answer.length === 0 ? 'Thinking…' : 'Answering…',
      );
    case 'stopped':
      return element('div', { class: 'turn-status muted' }, 'Stopped.');
    case 'error':
      return element('div', { class: 'turn-status error', role: 'alert' }, turn.error ?? 'The answer failed.');
    case 'done':
      return '';
  }
}
