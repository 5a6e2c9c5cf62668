/**
 * The README's settings table, derived from the settings schema through the same JSON Schema export as the manifest
 * (settingsManifest.ts), so the documented keys, defaults, values and ranges are the ones the code parses.
 * `npm run docs:settings` rewrites the README between the markers; src/test/readmeSettings.test.ts fails when stale.
 */
import { configurationProperties, ConfigurationProperty } from './settingsManifest';

export const settingsTableStart = '<!-- settings:start -->';
export const settingsTableEnd = '<!-- settings:end -->';

export interface SettingsTableOptions {
  /** Full keys the editor ignores in untrusted workspaces (package.json `restrictedConfigurations`). */
  restricted?: readonly string[];
  /** Defaults to the properties derived from the schema; tests pass their own. */
  properties?: Record<string, ConfigurationProperty>;
}

/** A GitHub-flavoured markdown table: one row per setting, in schema order. */
export function renderSettingsTable(options: SettingsTableOptions = {}): string {
  const properties = options.properties ?? configurationProperties();
  const restricted = new Set(options.restricted ?? []);
  const rows = Object.entries(properties).map(([key, property]) => {
    const notes: string[] = [sentence(property.description)];
    if (Array.isArray(property.enum)) notes.push(`One of ${property.enum.map((v) => code(v)).join(', ')}.`);
    const range = rangeOf(property);
    if (range) notes.push(range);
    if (restricted.has(key)) notes.push('Workspace value not applied in untrusted workspaces.');
    return `| ${code(key)} | ${renderDefault(property.default)} | ${cell(notes.join(' '))} |`;
  });
  return ['| Setting | Default | Description |', '| --- | --- | --- |', ...rows].join('\n');
}

/**
 * `readme` with the text between the markers replaced by `table`. Throws when the markers are missing, doubled or out
 * of order, so a damaged README is reported instead of silently gaining a second table.
 */
export function replaceSettingsTable(readme: string, table: string): string {
  const start = readme.indexOf(settingsTableStart);
  const end = readme.indexOf(settingsTableEnd);
  if (start < 0 || end < 0) throw new Error(`README has no ${settingsTableStart} … ${settingsTableEnd} block`);
  if (readme.indexOf(settingsTableStart, start + 1) >= 0 || readme.indexOf(settingsTableEnd, end + 1) >= 0) {
    throw new Error('README has more than one settings block');
  }
  if (end < start) throw new Error(`${settingsTableEnd} comes before ${settingsTableStart} in README`);
  return `${readme.slice(0, start + settingsTableStart.length)}\n${table}\n${readme.slice(end)}`;
}

/** The table currently between the markers, or undefined when there is no well-formed block. */
export function currentSettingsTable(readme: string): string | undefined {
  const start = readme.indexOf(settingsTableStart);
  const end = readme.indexOf(settingsTableEnd);
  if (start < 0 || end < start) return undefined;
  return readme.slice(start + settingsTableStart.length, end).trim();
}

function renderDefault(value: unknown): string {
  if (value === '') return '_(empty)_';
  if (Array.isArray(value)) return value.length === 0 ? code('[]') : value.map((v) => code(v)).join(', ');
  return code(value);
}

function rangeOf(property: ConfigurationProperty): string | undefined {
  const min = typeof property.minimum === 'number' ? property.minimum : undefined;
  const max = typeof property.maximum === 'number' ? property.maximum : undefined;
  const unit = property.type === 'integer' ? 'whole number' : 'number';
  if (min !== undefined && max !== undefined) return `A ${unit} from ${min} to ${max}.`;
  if (min !== undefined) return `A ${unit} of at least ${min}.`;
  if (max !== undefined) return `A ${unit} of at most ${max}.`;
  return undefined;
}

function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?)]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** Inline code that survives a table cell: a longer fence when the value holds backticks, pipes escaped. */
function code(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const fence = text.includes('`') ? '``' : '`';
  const padded = text.startsWith('`') || text.endsWith('`') ? ` ${text} ` : text;
  return cell(`${fence}${padded}${fence}`);
}

/** GitHub tables end a cell at any unescaped pipe, even inside code, and a row at a newline. */
function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/(?<!\\)\|/g, '\\|');
}
