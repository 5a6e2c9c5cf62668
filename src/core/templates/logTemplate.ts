/** A mined message template: `text` uses `<*>` for every variable position. */
export interface LogTemplate {
  /** Stable across runs: derived from the template text, not from arrival order. */
  id: string;
  text: string;
  count: number;
  /** Line numbers (1-based) of the first and last record that matched. */
  firstLine: number;
  lastLine: number;
  /** Event time (epoch ms) of the first and last record that matched, when known. */
  firstSeen?: number;
  lastSeen?: number;
}

/** What the miner returns for one record. */
export interface TemplateMatch {
  templateId: string;
  /** The template text at the time of the match (it may generalise later). */
  template: string;
  /** Values that stood where the template has `<*>`, in order. */
  params: string[];
  /** True when this record created the template. */
  isNew: boolean;
}
