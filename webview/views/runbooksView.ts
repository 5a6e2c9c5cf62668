/** Runbooks tab: live search as you type, results open at the matching line. */
import { clear, element, shortPath } from '../element';
import type { PanelActions } from '../panelActions';
import type { PanelState } from '../state';
import { progressRing, textField } from './toolkit';

/** Long enough to skip most keystrokes while typing, short enough to feel live. */
const debounceMs = 150;

export class RunbooksView {
  private readonly field: HTMLElement & { value: string };
  private readonly results: HTMLElement;
  private last: PanelState['runbooks'] | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    container: HTMLElement,
    private readonly actions: PanelActions,
  ) {
    this.field = textField({
      placeholder: 'Search runbooks, e.g. "disk full" or "502 from upstream"',
      label: 'Search runbooks',
      value: '',
      className: 'runbook-search',
      onInput: (value) => {
        if (this.timer !== undefined) clearTimeout(this.timer);
        this.timer = setTimeout(() => this.actions.searchRunbooks(value), debounceMs);
      },
    });
    this.results = element('div', { class: 'runbook-results', role: 'list', 'aria-live': 'polite' });
    container.append(element('div', { class: 'runbooks' }, this.field, this.results));
  }

  update(state: PanelState['runbooks']): void {
    if (state === this.last) return;
    this.last = state;
    // Only adopt the state's query when the user is not typing, or the caret would jump.
    if (document.activeElement !== this.field && this.field.value !== state.query) this.field.value = state.query;
    clear(this.results);
    if (state.error) {
      this.results.append(element('div', { class: 'error', role: 'alert' }, state.error));
      return;
    }
    if (state.query.trim().length === 0) {
      this.results.append(element('div', { class: 'empty' }, 'Type to search the bundled and workspace runbooks.'));
      return;
    }
    if (state.pending && state.results.length === 0) {
      this.results.append(element('div', { class: 'empty' }, progressRing(), 'Searching…'));
      return;
    }
    if (state.results.length === 0) {
      this.results.append(element('div', { class: 'empty' }, `No runbook matches “${state.query}”.`));
      return;
    }
    for (const hit of state.results) {
      this.results.append(
        element(
          'button',
          {
            class: `runbook-hit${state.pending ? ' stale' : ''}`,
            role: 'listitem',
            title: `Open ${hit.file}:${hit.line}`,
            onclick: () => this.actions.openLocation({ file: hit.file, line: hit.line }),
          },
          element(
            'div',
            { class: 'hit-header' },
            element('strong', {}, hit.title),
            hit.heading ? element('span', { class: 'muted' }, ` › ${hit.heading}`) : null,
            element('span', { class: 'hit-score', title: 'Similarity' }, `${Math.round(hit.score * 100)}%`),
          ),
          element('div', { class: 'hit-excerpt' }, hit.excerpt),
          element('div', { class: 'hit-where muted' }, `${shortPath(hit.file)}:${hit.line}`),
        ),
      );
    }
  }

  focusInput(): void {
    this.field.focus();
  }
}
