/**
 * The one place that knows the component library. Views build toolkit elements through these helpers, so moving to
 * @vscode-elements/elements means changing this module and the tag names it returns.
 */
import {
  provideVSCodeDesignSystem,
  vsCodeButton,
  vsCodeDivider,
  vsCodeDropdown,
  vsCodeOption,
  vsCodePanels,
  vsCodePanelTab,
  vsCodePanelView,
  vsCodeTextArea,
  vsCodeTextField,
} from '@vscode/webview-ui-toolkit';
import { element } from '../element';

let registered = false;

export function registerToolkit(): void {
  if (registered) return;
  registered = true;
  provideVSCodeDesignSystem().register(
    vsCodeButton(),
    vsCodeDivider(),
    vsCodeDropdown(),
    vsCodeOption(),
    vsCodePanels(),
    vsCodePanelTab(),
    vsCodePanelView(),
    vsCodeTextArea(),
    vsCodeTextField(),
  );
}

type Child = Node | string | null | undefined | false;

export function button(
  label: Child,
  onClick: () => void,
  options: { appearance?: 'primary' | 'secondary' | 'icon'; title?: string; disabled?: boolean; className?: string } = {},
): HTMLElement {
  return element(
    'vscode-button',
    {
      appearance: options.appearance ?? 'secondary',
      title: options.title,
      'aria-label': options.title,
      disabled: options.disabled,
      class: options.className,
      onclick: () => {
        if (!options.disabled) onClick();
      },
    },
    label,
  );
}

/** A label chip. Not vscode-tag: it reuses the badge template, whose inline style attribute the CSP blocks. */
export function tag(text: string, className?: string): HTMLElement {
  return element('span', { class: className ? `tag ${className}` : 'tag' }, text);
}

/** A count pill. Not vscode-badge: its template binds an inline style attribute, which the panel's CSP blocks. */
export function badge(text: string): HTMLElement {
  return element('span', { class: 'count-badge' }, text);
}

/**
 * A spinner. Not vscode-progress-ring: its template carries a style attribute that FAST parses through innerHTML,
 * which the panel's CSP (no 'unsafe-inline') blocks on every render.
 */
export function progressRing(): HTMLElement {
  return element('span', { class: 'spinner', role: 'progressbar', 'aria-label': 'Working' });
}

export function divider(): HTMLElement {
  return element('vscode-divider', { role: 'separator' });
}

export function textField(options: {
  placeholder: string;
  value: string;
  label: string;
  onInput: (value: string) => void;
  className?: string;
}): HTMLElement & { value: string } {
  const field = element('vscode-text-field', {
    placeholder: options.placeholder,
    'aria-label': options.label,
    class: options.className,
  }) as HTMLElement & { value: string };
  field.value = options.value;
  field.addEventListener('input', () => options.onInput(field.value));
  return field;
}

export function textArea(options: {
  placeholder: string;
  value: string;
  label: string;
  rows: number;
  onInput: (value: string) => void;
  onKeyDown: (event: KeyboardEvent) => void;
  className?: string;
}): HTMLElement & { value: string } {
  const area = element('vscode-text-area', {
    placeholder: options.placeholder,
    'aria-label': options.label,
    rows: options.rows,
    resize: 'vertical',
    class: options.className,
  }) as HTMLElement & { value: string };
  area.value = options.value;
  area.addEventListener('input', () => options.onInput(area.value));
  area.addEventListener('keydown', (event) => options.onKeyDown(event as KeyboardEvent));
  return area;
}

export function dropdown(options: {
  values: readonly string[];
  selected: string;
  label: string;
  onChange: (value: string) => void;
}): HTMLElement {
  const select = element(
    'vscode-dropdown',
    { 'aria-label': options.label, title: options.label },
    ...options.values.map((value) => element('vscode-option', { value, selected: value === options.selected }, value)),
  ) as HTMLElement & { value: string };
  select.addEventListener('change', () => options.onChange(select.value));
  return select;
}

export interface Tabs {
  root: HTMLElement;
  select(id: string): void;
  setLabel(id: string, label: Child, count?: number): void;
  view(id: string): HTMLElement;
}

export function tabs(items: readonly { id: string; label: string }[], onSelect: (id: string) => void): Tabs {
  const tabElements = new Map<string, HTMLElement>();
  const views = new Map<string, HTMLElement>();
  const root = element('vscode-panels', { 'aria-label': 'Ops Copilot sections' }) as HTMLElement & { activeid: string };
  for (const item of items) {
    const tabElement = element('vscode-panel-tab', { id: `tab-${item.id}` }, item.label);
    tabElements.set(item.id, tabElement);
    root.appendChild(tabElement);
  }
  for (const item of items) {
    const view = element('vscode-panel-view', { id: `view-${item.id}`, class: `view view-${item.id}` });
    views.set(item.id, view);
    root.appendChild(view);
  }
  root.addEventListener('change', (event) => {
    if (event.target !== root) return; // change events from inputs inside the views bubble up too
    const id = root.activeid?.replace(/^tab-/, '');
    if (id) onSelect(id);
  });
  return {
    root,
    select: (id) => {
      if (root.activeid !== `tab-${id}`) root.activeid = `tab-${id}`;
    },
    setLabel: (id, label, count) => {
      const tabElement = tabElements.get(id);
      if (!tabElement) return;
      while (tabElement.firstChild) tabElement.removeChild(tabElement.firstChild);
      if (label) tabElement.append(label);
      if (count !== undefined && count > 0) tabElement.append(badge(String(count)));
    },
    view: (id) => {
      const view = views.get(id);
      if (!view) throw new Error(`no view ${id}`);
      return view;
    },
  };
}
