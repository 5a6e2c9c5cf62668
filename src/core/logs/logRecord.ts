/** The parsed form of one log record (one or more physical lines). Shared by every core stage. */

export type LogLevel = 'trace' | 'debug' | 'info' | 'notice' | 'warn' | 'error' | 'fatal';

/** Formats the parser recognises; `plain` is the "header + message" family, `unknown` has no header at all. */
export type LogFormat =
  | 'json'
  | 'logfmt'
  | 'syslog3164'
  | 'syslog5424'
  | 'clf'          // Apache/nginx common or combined access log
  | 'plain'
  | 'unknown';

/** Structured values kept for the detectors. Numbers are already converted (latency in milliseconds). */
export interface LogFields {
  status?: number;
  latencyMs?: number;
  bytes?: number;
  method?: string;
  path?: string;
  ip?: string;
  user?: string;
  service?: string;
  traceId?: string;
  /** Every other key=value / JSON field, stringified, bounded in count. */
  [key: string]: string | number | undefined;
}

export interface LogRecord {
  /** 1-based line number of the record's first physical line. */
  line: number;
  /** 1-based line number of its last physical line (continuations of a stack trace, ...). */
  endLine: number;
  /** Byte offset of the first physical line in the file. */
  byteOffset: number;
  /** The record's text exactly as read (physical lines joined by "\n"). */
  raw: string;
  format: LogFormat;
  /** Event time in epoch milliseconds, when the header carried one. */
  timestamp?: number;
  level?: LogLevel;
  host?: string;
  pid?: string;
  thread?: string;
  component?: string;
  /** The message body with the header split off (first physical line's body plus continuations). */
  message: string;
  fields: LogFields;
}
