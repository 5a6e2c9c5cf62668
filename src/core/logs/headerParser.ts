/**
 * Recognises the header of one physical line and splits it from the message body. Each shape is an anchored regex or
 * a hand-written scan (no backtracking over the whole line); the parser tries the shape that matched last first, so a
 * file in one format costs one regex per line.
 */
import type { LogFields, LogFormat, LogLevel } from './logRecord';
import { KeyInfo, extractMessageFields, keyInfo, maxFieldsPerRecord, setField, setFieldWithInfo } from './fieldExtractor';
import {
  epochToMs,
  expandYear,
  fractionDigitsToMs,
  fractionToMs,
  monthFromName,
  parseTimestampText,
  toEpochMs,
  zoneOffsetMinutes,
} from './logTimestamp';

export interface ParsedLine {
  format: LogFormat;
  /** Name of the header shape that matched (`hdfs`, `syslog`, `android`, ...), `none` when there was no header. */
  shape: string;
  timestamp?: number;
  level?: LogLevel;
  host?: string;
  pid?: string;
  thread?: string;
  component?: string;
  message: string;
  fields: LogFields;
}

const levelWords: Record<string, LogLevel> = {
  trace: 'trace', finest: 'trace', finer: 'trace', verbose: 'trace', v: 'trace',
  debug: 'debug', dbg: 'debug', fine: 'debug', d: 'debug',
  info: 'info', information: 'info', informational: 'info', config: 'info', i: 'info',
  notice: 'notice', n: 'notice',
  warn: 'warn', warning: 'warn', w: 'warn',
  error: 'error', err: 'error', severe: 'error', failure: 'error', fail: 'error', e: 'error',
  fatal: 'fatal', critical: 'fatal', crit: 'fatal', panic: 'fatal', emerg: 'fatal', emergency: 'fatal', alert: 'fatal', f: 'fatal', a: 'fatal',
};

/** Level from a header word (`INFO`, `Warning`, `E`, `core:error`); undefined when it is not a level word. */
export function toLevel(word: string | undefined): LogLevel | undefined {
  if (!word) return undefined;
  const known = levelOfWord.get(word);
  if (known !== undefined) return known ?? undefined;
  const colon = word.lastIndexOf(':');
  const level = levelWords[(colon >= 0 ? word.slice(colon + 1) : word).toLowerCase()];
  if (levelOfWord.size < 2048) levelOfWord.set(word, level ?? null);
  return level;
}

/** toLevel's answers by the word as written (`INFO`, `[orders]`'s `orders`): the same few words repeat on every line. */
const levelOfWord = new Map<string, LogLevel | null>();

const syslogSeverity: LogLevel[] = ['fatal', 'fatal', 'fatal', 'error', 'warn', 'notice', 'info', 'debug'];

interface Shape {
  name: string;
  format: LogFormat;
  parse(text: string, referenceYear: number): ParsedLine | undefined;
}

/**
 * A new ParsedLine. Every optional header property starts out present (undefined) so all parsed lines share one hidden
 * class: toRecord and finish then read them monomorphically instead of through a dozen shapes' property orders.
 */
function result(format: LogFormat, shape: string, message: string): ParsedLine {
  return {
    format,
    shape,
    timestamp: undefined,
    level: undefined,
    host: undefined,
    pid: undefined,
    thread: undefined,
    component: undefined,
    message,
    fields: {},
  };
}

// --- Shapes of the LogHub systems and the common log families -------------------------------------------------------

/** HDFS: `081109 203615 148 INFO dfs.DataNode$PacketResponder: message`. */
const hdfsRe = /^(\d{2})(\d{2})(\d{2}) (\d{2})(\d{2})(\d{2}) (\d+) ([A-Z]+) ([^\s:]+): ?/;
/** Spark: `17/06/09 20:10:40 INFO spark.SecurityManager: message`. */
const sparkRe = /^(\d{2})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2}) ([A-Z]+) ([^\s:]+): ?/;
/** Zookeeper: `2015-07-29 17:41:44,747 - INFO  [QuorumPeer[myid=1]/0.0.0.0:2181:FastLeaderElection@774] - message`. */
const zookeeperRe = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}),(\d{3}) - ([A-Z]+) +\[(.{0,300}?)\] - ?/;
/** Windows CBS/CSI: `2016-09-28 04:30:30, Info                  CBS    message`. */
const windowsRe = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}), ([A-Za-z]+) +(\S+) +/;
/**
 * BGL RAS: `- 1117838570 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 R02-M1-N0-C:J12-U11 RAS KERNEL INFO msg`;
 * the leading label column (`-` or an alert tag) is optional: exports that drop it start at the epoch.
 */
const bglRe = /^(?:(\S+) )?(\d{9,10}) \d{4}\.\d{2}\.\d{2} (\S+) (\d{4})-(\d{2})-(\d{2})-(\d{2})\.(\d{2})\.(\d{2})\.(\d+) \S+ ([A-Z]+) ([A-Z_]+) ([A-Z]+) ?/;
/** Thunderbird: `- 1131566461 2005.11.09 dn228 Nov 9 12:01:01 dn228/dn228 crond(pam_unix)[2915]: msg` (label column optional). */
const thunderbirdRe = /^(?:(\S+) )?(\d{9,10}) \d{4}\.\d{2}\.\d{2} (\S+) ([A-Z][a-z]{2}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\S+) /;
/** HPC: `134681 node-246 unix.hw state_change.unavailable 1077804742 1 msg`; the flag column may be -1 (`full partition status`). */
const hpcRe = /^(\d+) (\S+) (\S+) (\S+) (\d{9,10}) (-?\d+) /;
/** BSD syslog (Linux, OpenSSH, macOS): `Jun 14 15:16:01 combo sshd(pam_unix)[19939]: msg`. */
const bsdSyslogRe = /^([A-Z][a-z]{2}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?: (\d{4}))? (\S+) /;
/** Android logcat threadtime: `03-17 16:13:38.811  1702  2395 D WindowManager: msg`. */
const androidRe = /^(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})\.(\d{3}) +(\d+) +(\d+) ([VDIWEFA]) (.{0,200}?): ?/;
/** Android logcat brief: `E/ActivityManager( 1234): msg`. */
const androidBriefRe = /^([VDIWEFA])\/([^(]{1,200})\( *(\d+)\): ?/;
/** HealthApp: `20171223-22:15:29:606|Step_LSC|30002312|msg`. */
const healthAppRe = /^(\d{4})(\d{2})(\d{2})-(\d{1,2}):(\d{1,2}):(\d{1,2}):(\d{1,3})\|([^|]{0,200})\|([^|]{0,40})\|/;
/** Apache error log: `[Sun Dec 04 04:47:44 2005] [notice] msg`, 2.4: `[Fri Sep 09 10:42:29.902022 2011] [core:error] [pid 1:tid 2] msg`. */
const apacheErrorRe = /^\[[A-Z][a-z]{2} ([A-Z][a-z]{2}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d+))? (\d{4})\] \[([^\]]{1,40})\] ?(?:\[pid (\d+)(?::tid (\d+))?\] ?)?/;
/** Proxifier: `[10.30 16:49:06] chrome.exe - msg`. */
const proxifierRe = /^\[(\d{2})\.(\d{2}) (\d{2}):(\d{2}):(\d{2})\] (.{1,200}?) - /;
/** Apache/nginx common and combined access log. */
const clfRe = /^(\S+) (\S+) (\S+) \[(\d{2})\/([A-Za-z]{3})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-]\d{4})\] "([^"]{0,8192})" (\d{3}) (\d+|-)/;
/** RFC 5424: `<34>1 2003-10-11T22:14:15.003Z host app procid msgid [sd] msg`. */
const syslog5424Re = /^<(\d{1,3})>1 (\S+) (\S+) (\S+) (\S+) (\S+) /;
/** glog: `E1120 10:05:11.332211  1234 file.cc:42] msg`. */
const glogRe = /^([IWEF])(\d{2})(\d{2}) (\d{2}):(\d{2}):(\d{2})\.(\d+) +(\d+) ([^\]\s]{1,200})\] ?/;
/** ISO-8601-ish: `2026-11-20 10:05:11,332`, `2026-11-20T10:05:11.332Z`, `2026/11/20 10:05:11`, optionally in brackets. */
const isoRe = /^\[?(\d{4})[-/](\d{2})[-/](\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))? ?(Z|[+-]\d{2}:?\d{2}|UTC)?\]?,?(?: +|$)/;
/** Epoch seconds or millis at line start: `1700000000.123 msg`, `[1700000000] msg`. */
const epochRe = /^\[?(\d{10}(?:\.\d{1,9})?|\d{13})\]?(?: +|$)/;
/** A level word leading the line: `ERROR: msg`, `[WARN] msg`, `<error> msg`. */
const levelFirstRe = /^[[<]?(TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|ERR|SEVERE|FATAL|CRITICAL|CRIT|PANIC|EMERG|ALERT|Trace|Debug|Info|Notice|Warn|Warning|Error|Severe|Fatal|Critical|Panic|trace|debug|info|notice|warn|warning|error|fatal|critical|panic)[\]>]?:?(?: +|$)/;

const spacedTagRe = /^[A-Za-z][\w.\-]*(?: [A-Za-z][\w.\-]*){1,4}(?=\[\d{1,10}\])/;
const syslogVersionRe = /^ \d[\w.\-]{0,30}(?=:(?: |$))/;

// --- Hand-written scanners for the header tail ----------------------------------------------------------------------
// parseTail used to run a chain of sticky regexes; each exec allocated a match array and capture strings on every
// line. Every pattern below is deterministic (its greedy runs stop at a character the next part cannot start with), so
// a scan gives the same match. Each comment quotes the regex it replaces. A scanner returns the match end or -1 and
// leaves its capture in capStart/capEnd.
let capStart = 0;
let capEnd = 0;

function skipSpaces(text: string, i: number): number {
  while (text.charCodeAt(i) === 32) i++;
  return i;
}

/** `(?: +|$)` at i: the end after the spaces, or -1. */
function spacesOrEnd(text: string, i: number): number {
  if (text.charCodeAt(i) === 32) return skipSpaces(text, i + 1);
  return i === text.length ? i : -1;
}

function digitRunEnd(text: string, i: number): number {
  while (isDigitCode(text.charCodeAt(i))) i++;
  return i;
}

function isLetterCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

/** `\w` without the u flag. */
function isWordCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

/** `[-|] +` */
function separatorEnd(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if ((c !== 45 && c !== 124) || text.charCodeAt(i + 1) !== 32) return -1;
  return skipSpaces(text, i + 2);
}

/** `(\d{1,10})(?:#\d+)?:? +` */
function pidEnd(text: string, i: number): number {
  const digits = digitRunEnd(text, i);
  if (digits === i || digits - i > 10) return -1;
  let j = digits;
  if (text.charCodeAt(j) === 35) {
    const after = digitRunEnd(text, j + 1);
    if (after === j + 1) return -1;
    j = after;
  }
  if (text.charCodeAt(j) === 58) j++;
  if (text.charCodeAt(j) !== 32) return -1;
  capStart = i;
  capEnd = digits;
  return skipSpaces(text, j + 1);
}

/** `(\d{1,10})#\d{1,10}: +` (nginx error log). */
function nginxPidEnd(text: string, i: number): number {
  const digits = digitRunEnd(text, i);
  if (digits === i || digits - i > 10 || text.charCodeAt(digits) !== 35) return -1;
  const worker = digitRunEnd(text, digits + 1);
  if (worker === digits + 1 || worker - digits - 1 > 10 || text.charCodeAt(worker) !== 58 || text.charCodeAt(worker + 1) !== 32) return -1;
  capStart = i;
  capEnd = digits;
  return skipSpaces(text, worker + 2);
}

/** The alternatives of the level word after a timestamp (levelRe below). */
const tailLevelWords = (
  'TRACE DEBUG INFO NOTICE WARN WARNING ERROR ERR SEVERE FATAL CRITICAL CRIT PANIC EMERG ALERT FINE FINER FINEST CONFIG VERBOSE ' +
  'Trace Debug Info Notice Warn Warning Error Severe Fatal Critical Panic trace debug info notice warn warning error fatal critical panic'
).split(' ');
/** The level words by first letter and length (index `(c - 65) * 9 + length`), so a match needs no substring. */
const tailLevelsByStart: Array<Array<[string, LogLevel | undefined]> | undefined> = [];
for (const word of tailLevelWords) {
  const index = (word.charCodeAt(0) - 65) * 9 + word.length;
  (tailLevelsByStart[index] ??= []).push([word, toLevel(word)]);
}
/** toLevel of the word levelEnd matched last. */
let capLevel: LogLevel | undefined;

/**
 * `[[<]?(TRACE|DEBUG|...|panic)[\]>]?:?(?: +|$)`: the alternatives are letters only and what follows them cannot be a
 * letter, so the word is the whole letter run. Leaves the word in capStart/capEnd and its toLevel in capLevel.
 */
function levelEnd(text: string, i: number): number {
  let start = i;
  const c = text.charCodeAt(i);
  if (c === 91 || c === 60) start++;
  let j = start;
  while (isLetterCode(text.charCodeAt(j))) j++;
  if (j === start || j - start > 8) return -1;
  const candidates = tailLevelsByStart[(text.charCodeAt(start) - 65) * 9 + (j - start)];
  if (candidates === undefined) return -1;
  let level: LogLevel | undefined;
  let found = false;
  for (const [word, wordLevel] of candidates) {
    if (text.startsWith(word, start)) {
      level = wordLevel;
      found = true;
      break;
    }
  }
  if (!found) return -1;
  const word = j;
  const close = text.charCodeAt(j);
  if (close === 93 || close === 62) j++;
  if (text.charCodeAt(j) === 58) j++;
  const end = spacesOrEnd(text, j);
  if (end < 0) return -1;
  capStart = start;
  capEnd = word;
  capLevel = level;
  return end;
}

/** `\[([^\]]{0,200})\](?: +|$)` */
function bracketEnd(text: string, i: number): number {
  if (text.charCodeAt(i) !== 91) return -1;
  const close = text.indexOf(']', i + 1);
  if (close < 0 || close - i - 1 > 200) return -1;
  const end = spacesOrEnd(text, close + 1);
  if (end < 0) return -1;
  capStart = i + 1;
  capEnd = close;
  return end;
}

/** `[\w$.\-/]` (componentColon) */
function isColonComponentCode(c: number): boolean {
  return isWordCode(c) || c === 36 || c === 46 || c === 45 || c === 47;
}

/** `([A-Za-z_$][\w$.\-/]{0,200}(?:\[\d{1,10}\])?):(?: +|$)` */
function componentColonEnd(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (!(isLetterCode(c) || c === 95 || c === 36)) return -1;
  let j = i + 1;
  while (isColonComponentCode(text.charCodeAt(j))) j++;
  if (j - i > 201) return -1;
  if (text.charCodeAt(j) === 91) {
    const digits = digitRunEnd(text, j + 1);
    if (digits === j + 1 || digits - j - 1 > 10 || text.charCodeAt(digits) !== 93) return -1;
    j = digits + 1;
  }
  if (text.charCodeAt(j) !== 58) return -1;
  const end = spacesOrEnd(text, j + 1);
  if (end < 0) return -1;
  capStart = i;
  capEnd = j;
  return end;
}

/** `([A-Za-z_][\w]{0,100}(?:\.[\w]{1,100}){1,20}) +(?=\[)`; the end is before the `[`. */
function componentBracketEnd(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (!(isLetterCode(c) || c === 95)) return -1;
  let j = i + 1;
  while (isWordCode(text.charCodeAt(j))) j++;
  if (j - i > 101) return -1;
  let segments = 0;
  while (text.charCodeAt(j) === 46) {
    const start = j + 1;
    j = start;
    while (isWordCode(text.charCodeAt(j))) j++;
    if (j === start || j - start > 100) return -1;
    segments++;
  }
  if (segments === 0 || segments > 20 || text.charCodeAt(j) !== 32) return -1;
  const end = skipSpaces(text, j + 1);
  if (text.charCodeAt(end) !== 91) return -1;
  capStart = i;
  capEnd = j;
  return end;
}

/** `[\w$.\-]` (componentDash) */
function isDashComponentCode(c: number): boolean {
  return isWordCode(c) || c === 36 || c === 46 || c === 45;
}

/** `([A-Za-z_$][\w$.\-]{0,200}) +- +` */
function componentDashEnd(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (!(isLetterCode(c) || c === 95 || c === 36)) return -1;
  let j = i + 1;
  while (isDashComponentCode(text.charCodeAt(j))) j++;
  if (j - i > 201 || text.charCodeAt(j) !== 32) return -1;
  const dash = skipSpaces(text, j + 1);
  if (text.charCodeAt(dash) !== 45 || text.charCodeAt(dash + 1) !== 32) return -1;
  capStart = i;
  capEnd = j;
  return skipSpaces(text, dash + 2);
}

/** A component name we trust before a colon: a dotted logger, `$`/`_`/`/` in it, or CamelCase. */
function looksLikeComponent(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c === 46 || c === 36 || c === 95 || c === 47 || c === 91) return true;
    if (i > 0 && c >= 65 && c <= 90 && name.charCodeAt(i - 1) >= 97 && name.charCodeAt(i - 1) <= 122) return true;
  }
  return false;
}

/**
 * Parses what follows a timestamp in the generic "header + message" family: optional pid, `[thread]`, level, logger
 * (`a.b.C:`, `a.b.C [ctx]` as OpenStack prints, `a.b.C - ` as logback prints) and `-`/`|` separators.
 */
function parseTail(text: string, at: number, out: ParsedLine): void {
  let i = at;
  let end = separatorEnd(text, i);
  if (end >= 0) i = end;
  end = pidEnd(text, i);
  if (end >= 0) {
    const pidStart = capStart;
    const pidStop = capEnd;
    if (levelEnd(text, end) >= 0) {
      out.pid = text.slice(pidStart, pidStop);
      i = end;
    }
  }
  end = bracketEnd(text, i);
  if (end >= 0) {
    const thread = text.slice(capStart, capEnd);
    if (toLevel(thread) === undefined) {
      out.thread = thread;
      i = end;
      end = separatorEnd(text, i);
      if (end >= 0) i = end;
    }
  }
  end = levelEnd(text, i);
  if (end >= 0) {
    out.level = capLevel;
    i = end;
    end = separatorEnd(text, i);
    if (end >= 0) i = end;
    end = nginxPidEnd(text, i);
    if (end >= 0) {
      out.pid = text.slice(capStart, capEnd);
      i = end;
    }
    if (out.thread === undefined) {
      end = bracketEnd(text, i);
      if (end >= 0) {
        out.thread = text.slice(capStart, capEnd);
        i = end;
      }
    }
  }
  end = componentColonEnd(text, i);
  const colonName = end >= 0 ? text.slice(capStart, capEnd) : undefined;
  if (colonName !== undefined && looksLikeComponent(colonName)) {
    out.component = colonName;
    i = end;
  } else if (out.level !== undefined && (end = componentBracketEnd(text, i)) >= 0) {
    out.component = text.slice(capStart, capEnd);
    i = end;
    end = bracketEnd(text, i);
    if (end >= 0) {
      // OpenStack's `[req-… user tenant - - -]` request context is header, not message.
      // The context's first word (`split(' ', 1)[0]` without the array).
      const space = text.indexOf(' ', capStart);
      const first = text.slice(capStart, space >= 0 && space < capEnd ? space : capEnd);
      if (first.startsWith('req-')) out.fields.traceId = first;
      i = end;
    }
  } else if ((end = componentDashEnd(text, i)) >= 0 && looksLikeComponent(text.slice(capStart, capEnd))) {
    out.component = text.slice(capStart, capEnd);
    i = end;
    end = levelEnd(text, i);
    if (end >= 0 && out.level === undefined) {
      out.level = capLevel;
      i = end;
      end = separatorEnd(text, i);
      if (end >= 0) i = end;
    }
  }
  out.message = text.slice(i);
}

/** Parses `tag[pid]( (address))?: ` after a syslog host; leaves the message alone when the tag is not there. */
function parseSyslogTag(text: string, at: number, out: ParsedLine): void {
  let i = at;
  const n = text.length;
  const start = i;
  let depth = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 40) depth++;
    else if (c === 41) depth--;
    else if (depth === 0 && (c === 91 || c === 58 || c === 32)) break;
    i++;
    if (i - start > 200) {
      out.message = text.slice(at);
      return;
    }
  }
  if (i === start || i >= n) {
    out.message = text.slice(at);
    return;
  }
  if (text.charCodeAt(i) === 32 && !isDigitCode(text.charCodeAt(i + 1))) {
    // macOS apps with spaces in their name: `Google Chrome Helper[1234]: msg`, `Microsoft Word[77] (addr): msg`.
    const m = spacedTagRe.exec(text.slice(start, start + 80));
    if (m) i = start + m[0].length;
  }
  if (text.charCodeAt(i) === 32 && isDigitCode(text.charCodeAt(i + 1))) {
    // `syslogd 1.4.1: restart.`: a program that prints its version in the tag.
    const m = syslogVersionRe.exec(text.slice(i, i + 40));
    if (m) i += m[0].length;
  }
  const tag = text.slice(start, i);
  let pid: string | undefined;
  if (text.charCodeAt(i) === 91) {
    const close = text.indexOf(']', i);
    if (close < 0 || close - i > 24) {
      out.message = text.slice(at);
      return;
    }
    pid = text.slice(i + 1, close);
    i = close + 1;
  }
  if (text.charCodeAt(i) === 32 && text.charCodeAt(i + 1) === 40) {
    // macOS: `launchd[1] (com.apple.xpc.launchd.domain.pid.WebContent.35572): msg`
    const close = text.indexOf('):', i);
    if (close > 0 && close - i < 300) {
      out.fields.address = text.slice(i + 2, close);
      i = close + 1;
    }
  }
  if (text.charCodeAt(i) !== 58 || (i + 1 < n && text.charCodeAt(i + 1) !== 32)) {
    out.message = text.slice(at);
    return;
  }
  out.component = tag;
  out.fields.service = tag;
  if (pid !== undefined) out.pid = pid;
  out.message = text.slice(i + 2 <= n ? i + 2 : n);
}

/** Two ASCII digits at i as a number, or -1. */
function twoDigits(text: string, i: number): number {
  const a = text.charCodeAt(i) - 48;
  const b = text.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * The iso shape's common case scanned by hand: `YYYY-MM-DD HH:MM:SS[.,fff]` followed by spaces or the end. Returns
 * undefined for anything else (a bracket, a zone, a `,` or `]` after the time, a 10-digit fraction), which then goes
 * through isoRe; where this accepts, isoRe matches the same length with the same groups and no zone.
 */
function parseIsoFast(text: string): ParsedLine | undefined {
  const y1 = twoDigits(text, 0);
  const y2 = twoDigits(text, 2);
  if (y1 < 0 || y2 < 0) return undefined;
  const sep1 = text.charCodeAt(4);
  const sep2 = text.charCodeAt(7);
  const sep3 = text.charCodeAt(10);
  if ((sep1 !== 45 && sep1 !== 47) || (sep2 !== 45 && sep2 !== 47) || (sep3 !== 32 && sep3 !== 84)) return undefined;
  if (text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return undefined;
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17);
  if (month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return undefined;
  let i = 19;
  let ms = 0;
  const dot = text.charCodeAt(i);
  if (dot === 46 || dot === 44) {
    const end = digitRunEnd(text, i + 1);
    if (end === i + 1 || end - i - 1 > 9) return undefined;
    // fractionToMs: the first three digits, right-padded with zeros.
    ms = (text.charCodeAt(i + 1) - 48) * 100;
    if (end > i + 2) ms += (text.charCodeAt(i + 2) - 48) * 10;
    if (end > i + 3) ms += text.charCodeAt(i + 3) - 48;
    i = end;
  }
  let end: number;
  if (i === text.length) end = i;
  else if (text.charCodeAt(i) === 32) {
    // After ` ?` the regex would try a zone, `]` or `,`: leave those lines to it.
    const c = text.charCodeAt(i + 1);
    if (c === 90 || c === 85 || c === 93 || c === 44) return undefined;
    if ((c === 43 || c === 45) && twoDigits(text, i + 2) >= 0) return undefined;
    end = skipSpaces(text, i + 1);
  } else return undefined;
  const out = result('plain', 'iso', '');
  out.timestamp = toEpochMs(y1 * 100 + y2, month - 1, day, hour, minute, second, ms, 0);
  parseTail(text, end, out);
  return out;
}

/**
 * bsdSyslogRe's common case scanned by hand: `Mmm dd HH:MM:SS[.fff] host ` with a host of printable ASCII that is not a
 * four-digit year. Returns undefined for anything else, which then goes through the regex.
 */
function parseBsdSyslogFast(text: string, referenceYear: number, level: LogLevel | undefined): ParsedLine | undefined {
  const c0 = text.charCodeAt(0);
  const c1 = text.charCodeAt(1);
  const c2 = text.charCodeAt(2);
  if (!(c0 >= 65 && c0 <= 90 && c1 >= 97 && c1 <= 122 && c2 >= 97 && c2 <= 122) || text.charCodeAt(3) !== 32) return undefined;
  const dayStart = skipSpaces(text, 4);
  const dayEnd = digitRunEnd(text, dayStart);
  if (dayEnd === dayStart || dayEnd - dayStart > 2 || text.charCodeAt(dayEnd) !== 32) return undefined;
  const t = dayEnd + 1;
  if (text.charCodeAt(t + 2) !== 58 || text.charCodeAt(t + 5) !== 58) return undefined;
  const hour = twoDigits(text, t);
  const minute = twoDigits(text, t + 3);
  const second = twoDigits(text, t + 6);
  if (hour < 0 || minute < 0 || second < 0) return undefined;
  let i = t + 8;
  let ms = 0;
  if (text.charCodeAt(i) === 46) {
    const end = digitRunEnd(text, i + 1);
    if (end === i + 1) return undefined;
    ms = fractionDigitsToMs(text, i + 1, end);
    i = end;
  }
  if (text.charCodeAt(i) !== 32) return undefined;
  const hostStart = i + 1;
  let hostEnd = hostStart;
  for (let c = text.charCodeAt(hostEnd); c > 32 && c < 127; c = text.charCodeAt(hostEnd)) hostEnd++;
  if (hostEnd === hostStart || text.charCodeAt(hostEnd) !== 32) return undefined;
  // A four-digit token here may be the optional year: the regex decides.
  if (hostEnd - hostStart === 4 && digitRunEnd(text, hostStart) === hostEnd) return undefined;
  const month = monthFromName(text.slice(0, 3));
  if (month < 0) return undefined;
  const day = dayEnd - dayStart === 1 ? text.charCodeAt(dayStart) - 48 : twoDigits(text, dayStart);
  const out = result('syslog3164', 'syslog3164', '');
  out.timestamp = toEpochMs(referenceYear, month, day, hour, minute, second, ms);
  out.host = text.slice(hostStart, hostEnd);
  out.level = level;
  parseSyslogTag(text, hostEnd + 1, out);
  return out;
}

/** The record of a CLF line from clfRe's groups (ip, user, request, status, bytes) and the end of its match. */
function clfRecord(text: string, end: number, ip: string, user: string, request: string, status: number, bytes: string, timestamp: number | undefined): ParsedLine {
  const out = result('clf', 'clf', text.slice(text.indexOf('] "') + 2));
  out.timestamp = timestamp;
  out.host = undefined;
  const f = out.fields;
  f.ip = ip;
  if (user !== '-') f.user = user;
  // request.split(' ')'s first two parts, when there are two.
  const space = request.indexOf(' ');
  if (space >= 0) {
    const next = request.indexOf(' ', space + 1);
    f.method = request.slice(0, space);
    f.path = next < 0 ? request.slice(space + 1) : request.slice(space + 1, next);
  }
  f.status = status;
  if (bytes !== '-') f.bytes = +bytes;
  out.level = f.status >= 500 ? 'error' : f.status >= 400 ? 'warn' : 'info';
  // Trailing request time (nginx `$request_time`, Apache `%D` µs or `%T` s) after the combined fields.
  const tail = text.slice(end);
  const unquoted = withoutQuotedSpans(tail);
  let time = requestTimeFast(unquoted);
  if (time === null) time = requestTimeRe.exec(unquoted)?.[1];
  if (time !== undefined) f.latencyMs = time.includes('.') ? Number(time) * 1000 : Number(time) / 1000;
  if (tail.indexOf('=') >= 0) extractMessageFields(tail, f);
  return out;
}

/** `text.replace(/"[^"]*"/g, \'\')`: drops each `"…"` pair left to right (an unpaired last quote stays), without the regex. */
function withoutQuotedSpans(text: string): string {
  let open = text.indexOf('"');
  if (open < 0) return text;
  let out = '';
  let from = 0;
  while (open >= 0) {
    const close = text.indexOf('"', open + 1);
    if (close < 0) break;
    out += text.slice(from, open);
    from = close + 1;
    open = text.indexOf('"', from);
  }
  return out + text.slice(from);
}

const requestTimeRe = /(?:^|\s)(?:rt=|request_time=)?(\d+\.\d+|\d+)(?:\s|$)[^"]*$/;

/**
 * requestTimeRe's group on a printable-ASCII tail, scanned by hand: the first number token (after the start or a
 * space, optionally `rt=`/`request_time=`) followed by a space or the end with no `"` after it. null when the tail
 * holds other characters (tabs and Unicode spaces count as \s there): the regex decides.
 */
function requestTimeFast(s: string): string | undefined | null {
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 32 || c > 126) return null;
  }
  for (let q = 0; q < n; q = s.indexOf(' ', q) + 1) {
    let i = q;
    if (s.startsWith('rt=', i)) i += 3;
    else if (s.startsWith('request_time=', i)) i += 13;
    const digits = digitRunEnd(s, i);
    if (digits > i) {
      let end = digits;
      if (s.charCodeAt(end) === 46) end = isDigitCode(s.charCodeAt(end + 1)) ? digitRunEnd(s, end + 1) : -1;
      if (end >= 0 && (end === n || s.charCodeAt(end) === 32) && s.indexOf('"', end) < 0) return s.slice(i, end);
    }
    if (s.indexOf(' ', q) < 0) break;
  }
  return undefined;
}

/** End of a run of printable ASCII other than space (a `\S+` that stays ASCII) from i. */
function printableRunEnd(text: string, i: number): number {
  for (let c = text.charCodeAt(i); c > 32 && c < 127; c = text.charCodeAt(i)) i++;
  return i;
}

/**
 * clfRe scanned by hand when the three leading tokens are printable ASCII: `ip ident user [dd/Mon/yyyy:HH:MM:SS +zzzz]
 * "request" status bytes`. Returns undefined for anything else, which then goes through the regex.
 */
function parseClfFast(text: string): ParsedLine | undefined {
  const ipEnd = printableRunEnd(text, 0);
  if (ipEnd === 0 || text.charCodeAt(ipEnd) !== 32) return undefined;
  const identEnd = printableRunEnd(text, ipEnd + 1);
  if (identEnd === ipEnd + 1 || text.charCodeAt(identEnd) !== 32) return undefined;
  const userStart = identEnd + 1;
  const userEnd = printableRunEnd(text, userStart);
  if (userEnd === userStart || text.charCodeAt(userEnd) !== 32) return undefined;
  const b = userEnd + 1;
  // [dd/Mon/yyyy:HH:MM:SS +zzzz] "
  if (text.charCodeAt(b) !== 91 || text.charCodeAt(b + 3) !== 47 || text.charCodeAt(b + 7) !== 47 || text.charCodeAt(b + 12) !== 58) return undefined;
  if (text.charCodeAt(b + 15) !== 58 || text.charCodeAt(b + 18) !== 58 || text.charCodeAt(b + 21) !== 32) return undefined;
  if (text.charCodeAt(b + 27) !== 93 || text.charCodeAt(b + 28) !== 32 || text.charCodeAt(b + 29) !== 34) return undefined;
  const day = twoDigits(text, b + 1);
  const y1 = twoDigits(text, b + 8);
  const y2 = twoDigits(text, b + 10);
  const hour = twoDigits(text, b + 13);
  const minute = twoDigits(text, b + 16);
  const second = twoDigits(text, b + 19);
  const sign = text.charCodeAt(b + 22);
  const zoneHours = twoDigits(text, b + 23);
  const zoneMinutes = twoDigits(text, b + 25);
  if (day < 0 || y1 < 0 || y2 < 0 || hour < 0 || minute < 0 || second < 0 || zoneHours < 0 || zoneMinutes < 0) return undefined;
  if ((sign !== 43 && sign !== 45) || !isLetterCode(text.charCodeAt(b + 4)) || !isLetterCode(text.charCodeAt(b + 5)) || !isLetterCode(text.charCodeAt(b + 6))) return undefined;
  const requestStart = b + 30;
  const requestEnd = text.indexOf('"', requestStart);
  if (requestEnd < 0 || requestEnd - requestStart > 8192 || text.charCodeAt(requestEnd + 1) !== 32) return undefined;
  const status = requestEnd + 2;
  if (digitRunEnd(text, status) !== status + 3 || text.charCodeAt(status + 3) !== 32) return undefined;
  const bytesStart = status + 4;
  let bytesEnd = digitRunEnd(text, bytesStart);
  if (bytesEnd === bytesStart) {
    if (text.charCodeAt(bytesStart) !== 45) return undefined;
    bytesEnd = bytesStart + 1;
  }
  // zoneOffsetMinutes: the sign times hours and minutes (a `-0000` zone gives -0 there too).
  const offset = (sign === 45 ? -1 : 1) * (zoneHours * 60 + zoneMinutes);
  const timestamp = toEpochMs(y1 * 100 + y2, monthFromName(text.slice(b + 4, b + 7)), day, hour, minute, second, 0, offset);
  const statusCode = (text.charCodeAt(status) - 48) * 100 + (text.charCodeAt(status + 1) - 48) * 10 + (text.charCodeAt(status + 2) - 48);
  return clfRecord(text, bytesEnd, text.slice(0, ipEnd), text.slice(userStart, userEnd), text.slice(requestStart, requestEnd), statusCode, text.slice(bytesStart, bytesEnd), timestamp);
}

/** `\d{9,10} \d{4}\.` at p, the spaces and dots only (a necessary part of the BGL/Thunderbird prefix). */
function epochDateAt(text: string, p: number): boolean {
  return (text.charCodeAt(p + 10) === 32 && text.charCodeAt(p + 15) === 46) || (text.charCodeAt(p + 9) === 32 && text.charCodeAt(p + 14) === 46);
}

/**
 * Whether the line can start like bglRe/thunderbirdRe, `^(?:(\S+) )?(\d{9,10}) \d{4}\.`: the epoch column is at the start
 * or right after the first space (the optional label column holds no space).
 */
function hasBglPrefix(text: string): boolean {
  if (epochDateAt(text, 0)) return true;
  const space = text.indexOf(' ');
  return space > 0 && epochDateAt(text, space + 1);
}

// `([A-Z]+) ([^\s:]+): ?` (the end of the HDFS and Spark headers), scanned by levelComponentEnd.
let levelWordEnd = 0;
let componentStart = 0;
let componentEnd = 0;

/**
 * `([A-Z]+) ([^\s:]+): ?` at i with a printable-ASCII component: the match end, or -1 for anything else (the regex
 * decides). Leaves the level word as [i, levelWordEnd) and the component as [componentStart, componentEnd).
 */
function levelComponentEnd(text: string, i: number): number {
  let j = i;
  for (let c = text.charCodeAt(j); c >= 65 && c <= 90; c = text.charCodeAt(j)) j++;
  if (j === i || text.charCodeAt(j) !== 32) return -1;
  const start = j + 1;
  let k = start;
  for (let c = text.charCodeAt(k); c > 32 && c < 127 && c !== 58; c = text.charCodeAt(k)) k++;
  if (k === start || text.charCodeAt(k) !== 58) return -1;
  levelWordEnd = j;
  componentStart = start;
  componentEnd = k;
  return text.charCodeAt(k + 1) === 32 ? k + 2 : k + 1;
}

/** hdfsRe by hand: `yyMMdd HHmmss pid LEVEL component: `; undefined sends the line to the regex. */
function parseHdfsFast(text: string): ParsedLine | undefined {
  const yy = twoDigits(text, 0);
  const month = twoDigits(text, 2);
  const day = twoDigits(text, 4);
  const hour = twoDigits(text, 7);
  const minute = twoDigits(text, 9);
  const second = twoDigits(text, 11);
  if (yy < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return undefined;
  const pidEnd = digitRunEnd(text, 14);
  if (pidEnd === 14 || text.charCodeAt(pidEnd) !== 32) return undefined;
  const end = levelComponentEnd(text, pidEnd + 1);
  if (end < 0) return undefined;
  const out = result('plain', 'hdfs', text.slice(end));
  out.timestamp = toEpochMs(expandYear(yy), month - 1, day, hour, minute, second);
  out.pid = text.slice(14, pidEnd);
  out.level = toLevel(text.slice(pidEnd + 1, levelWordEnd));
  out.component = text.slice(componentStart, componentEnd);
  return out;
}

/** sparkRe by hand: `yy/MM/dd HH:mm:ss LEVEL component: `; undefined sends the line to the regex. */
function parseSparkFast(text: string): ParsedLine | undefined {
  if (text.charCodeAt(8) !== 32 || text.charCodeAt(11) !== 58 || text.charCodeAt(14) !== 58 || text.charCodeAt(17) !== 32) return undefined;
  const yy = twoDigits(text, 0);
  const month = twoDigits(text, 3);
  const day = twoDigits(text, 6);
  const hour = twoDigits(text, 9);
  const minute = twoDigits(text, 12);
  const second = twoDigits(text, 15);
  if (yy < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return undefined;
  const end = levelComponentEnd(text, 18);
  if (end < 0) return undefined;
  const out = result('plain', 'spark', text.slice(end));
  out.timestamp = toEpochMs(expandYear(yy), month - 1, day, hour, minute, second);
  out.level = toLevel(text.slice(18, levelWordEnd));
  out.component = text.slice(componentStart, componentEnd);
  return out;
}

// The UTC year of the last epoch seen and the bounds of that year: consecutive Thunderbird lines share their year.
let yearStartMs = NaN;
let yearEndMs = NaN;
let yearOfRange = 0;

/** `new Date(ms).getUTCFullYear()` without a Date per line. */
function utcYearOf(ms: number): number {
  if (ms >= yearStartMs && ms < yearEndMs) return yearOfRange;
  const year = new Date(ms).getUTCFullYear();
  if (year >= 1970 && year < 10000) {
    yearOfRange = year;
    yearStartMs = Date.UTC(year, 0, 1);
    yearEndMs = Date.UTC(year + 1, 0, 1);
  }
  return year;
}

/**
 * True only for text JSON.parse certainly rejects: a number with a leading zero outside strings (`"status":002`, seen
 * in mangled exports). Saves the thrown SyntaxError (~15 µs with its stack) on such lines. Never true for valid JSON:
 * the string tracking is exact there, and a `0` right after `:`, `,`, `[`, whitespace (or `-` after one) starts a
 * number, which may not go on with a digit.
 */
function hasLeadingZeroNumber(text: string): boolean {
  // Only a `":0` or `":-0` followed by a digit sends the line to the full scan below. Skipping it otherwise changes no
  // result: JSON.parse then rejects what the scan would have (this check only saves the exception).
  // One regex scan: two multi-character indexOf searches over the line cost about three times as much.
  if (!quotedKeyZeroDigit.test(text)) return false;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 48 && isDigitCode(text.charCodeAt(i + 1))) {
      let before = text.charCodeAt(i - 1);
      if (before === 45) before = text.charCodeAt(i - 2);
      if (before === 58 || before === 44 || before === 91 || before === 32 || before === 9 || before === 10 || before === 13) return true;
    }
  }
  return false;
}

/** `":0` or `":-0` followed by a digit. */
const quotedKeyZeroDigit = /":-?0\d/;

const shapes: Shape[] = [
  {
    name: 'json',
    format: 'json',
    parse(text) {
      if (text.charCodeAt(0) !== 123 || text.charCodeAt(text.length - 1) !== 125) return undefined;
      if (hasLeadingZeroNumber(text)) return undefined;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        return undefined;
      }
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
      return fromStructured(value as Record<string, unknown>, 'json', 'json', text);
    },
  },
  {
    name: 'hdfs',
    format: 'plain',
    parse(text) {
      if (!(isDigitCode(text.charCodeAt(0)) && text.charCodeAt(6) === 32 && text.charCodeAt(13) === 32)) return undefined; // `dddddd dddddd `: the regex cannot match without it
      const fast = parseHdfsFast(text);
      if (fast !== undefined) return fast;
      const m = hdfsRe.exec(text);
      if (!m) return undefined;
      const out = result('plain', 'hdfs', text.slice(m[0].length));
      out.timestamp = toEpochMs(expandYear(+m[1]), +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
      out.pid = m[7];
      out.level = toLevel(m[8]);
      out.component = m[9];
      return out;
    },
  },
  {
    name: 'spark',
    format: 'plain',
    parse(text) {
      if (!(text.charCodeAt(2) === 47 && text.charCodeAt(5) === 47)) return undefined; // `dd/dd/`: the regex cannot match without it
      const fast = parseSparkFast(text);
      if (fast !== undefined) return fast;
      const m = sparkRe.exec(text);
      if (!m) return undefined;
      const out = result('plain', 'spark', text.slice(m[0].length));
      out.timestamp = toEpochMs(expandYear(+m[1]), +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
      out.level = toLevel(m[7]);
      out.component = m[8];
      return out;
    },
  },
  {
    name: 'zookeeper',
    format: 'plain',
    parse(text) {
      if (!(text.charCodeAt(19) === 44 && text.charCodeAt(24) === 45)) return undefined; // `,` and `-` after the time: the regex cannot match without it
      const m = zookeeperRe.exec(text);
      if (!m) return undefined;
      const out = result('plain', 'zookeeper', text.slice(m[0].length));
      out.timestamp = toEpochMs(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], +m[7]);
      out.level = toLevel(m[8]);
      const thread = m[9];
      const at = thread.lastIndexOf('@');
      const colon = thread.lastIndexOf(':', at >= 0 ? at : thread.length);
      out.thread = colon > 0 ? thread.slice(0, colon) : thread;
      out.component = thread.slice(colon + 1, at >= 0 ? at : thread.length);
      return out;
    },
  },
  {
    name: 'windows',
    format: 'plain',
    parse(text) {
      if (!(text.charCodeAt(19) === 44 && text.charCodeAt(20) === 32)) return undefined; // `, ` after the time: the regex cannot match without it
      const m = windowsRe.exec(text);
      if (!m) return undefined;
      const level = toLevel(m[7]);
      if (level === undefined) return undefined;
      const out = result('plain', 'windows', text.slice(m[0].length));
      out.timestamp = toEpochMs(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
      out.level = level;
      out.component = m[8];
      return out;
    },
  },
  {
    name: 'bgl',
    format: 'plain',
    parse(text) {
      if (!hasBglPrefix(text)) return undefined;
      const m = bglRe.exec(text);
      if (!m) return undefined;
      const out = result('plain', 'bgl', text.slice(m[0].length));
      out.timestamp = toEpochMs(+m[4], +m[5] - 1, +m[6], +m[7], +m[8], +m[9], fractionToMs(m[10]));
      out.host = m[3];
      out.component = m[12];
      // BGL's severities run INFO < WARNING < SEVERE < ERROR < FAILURE < FATAL: FAILURE is fatal-class.
      out.level = m[13] === 'FAILURE' ? 'fatal' : toLevel(m[13]);
      out.fields.type = m[11];
      if (m[1] !== undefined && m[1] !== '-') out.fields.alert = m[1];
      return out;
    },
  },
  {
    name: 'thunderbird',
    format: 'plain',
    parse(text, referenceYear) {
      if (!hasBglPrefix(text)) return undefined;
      const m = thunderbirdRe.exec(text);
      if (!m) return undefined;
      const out = result('plain', 'thunderbird', '');
      const epoch = epochToMs(m[2]);
      const year = epoch !== undefined ? utcYearOf(epoch) : referenceYear;
      out.timestamp = toEpochMs(year, monthFromName(m[4]), +m[5], +m[6], +m[7], +m[8]);
      out.host = m[3];
      if (m[1] !== undefined && m[1] !== '-') out.fields.alert = m[1];
      parseSyslogTag(text, m[0].length, out);
      return out;
    },
  },
  {
    name: 'hpc',
    format: 'plain',
    parse(text) {
      if (!(isDigitCode(text.charCodeAt(0)))) return undefined; // a leading digit: the regex cannot match without it
      const m = hpcRe.exec(text);
      if (!m) return undefined;
      const out = result('plain', 'hpc', text.slice(m[0].length));
      out.timestamp = epochToMs(m[5]);
      if (out.timestamp === undefined) return undefined;
      out.host = m[2];
      out.component = m[3];
      out.fields.state = m[4];
      return out;
    },
  },
  {
    name: 'syslog5424',
    format: 'syslog5424',
    parse(text) {
      if (!(text.charCodeAt(0) === 60)) return undefined; // `<`: the regex cannot match without it
      const m = syslog5424Re.exec(text);
      if (!m) return undefined;
      const out = result('syslog5424', 'syslog5424', '');
      const pri = +m[1];
      out.level = syslogSeverity[pri & 7];
      out.timestamp = m[2] === '-' ? undefined : parseTimestampText(m[2], 1970);
      if (m[3] !== '-') out.host = m[3];
      if (m[4] !== '-') {
        out.component = m[4];
        out.fields.service = m[4];
      }
      if (m[5] !== '-') out.pid = m[5];
      let i = m[0].length;
      if (text.charCodeAt(i) === 45) i += 1;
      else {
        // Structured data: `[id k="v" ...][id2 ...]`, quoted values may hold `]` when escaped.
        while (text.charCodeAt(i) === 91) {
          let j = i + 1;
          while (j < text.length && text.charCodeAt(j) !== 93) {
            if (text.charCodeAt(j) === 34) {
              j++;
              while (j < text.length && text.charCodeAt(j) !== 34) j += text.charCodeAt(j) === 92 ? 2 : 1;
            }
            j++;
          }
          const element = text.slice(i + 1, j);
          const pairs = /([\w.\-]{1,40})="((?:[^"\\]|\\.){0,1024})"/g;
          let p: RegExpExecArray | null;
          let count = 0;
          while ((p = pairs.exec(element)) !== null && count++ < maxFieldsPerRecord) setField(out.fields, p[1], p[2]);
          i = j + 1;
        }
      }
      if (text.charCodeAt(i) === 32) i++;
      let message = text.slice(i);
      if (message.charCodeAt(0) === 0xfeff) message = message.slice(1);
      out.message = message;
      return out;
    },
  },
  {
    name: 'syslog3164',
    format: 'syslog3164',
    parse(text, referenceYear) {
      let offset = 0;
      let level: LogLevel | undefined;
      if (text.charCodeAt(0) === 60) {
        const close = text.indexOf('>');
        if (close < 2 || close > 4) return undefined;
        const pri = Number(text.slice(1, close));
        if (!Number.isInteger(pri)) return undefined;
        level = syslogSeverity[pri & 7];
        offset = close + 1;
      }
      const rest = offset === 0 ? text : text.slice(offset);
      const fast = parseBsdSyslogFast(rest, referenceYear, level);
      if (fast !== undefined) return fast;
      const m = bsdSyslogRe.exec(rest);
      if (!m) return undefined;
      const month = monthFromName(m[1]);
      if (month < 0) return undefined;
      const out = result('syslog3164', 'syslog3164', '');
      out.timestamp = toEpochMs(m[7] ? +m[7] : referenceYear, month, +m[2], +m[3], +m[4], +m[5], fractionToMs(m[6]));
      out.host = m[8];
      out.level = level;
      parseSyslogTag(rest, m[0].length, out);
      return out;
    },
  },
  {
    name: 'android',
    format: 'plain',
    parse(text, referenceYear) {
      if (!(text.charCodeAt(2) === 45 && text.charCodeAt(5) === 32)) return undefined; // `dd-dd `: the regex cannot match without it
      const m = androidRe.exec(text);
      if (!m) return undefined;
      const out = result('plain', 'android', text.slice(m[0].length));
      out.timestamp = toEpochMs(referenceYear, +m[1] - 1, +m[2], +m[3], +m[4], +m[5], +m[6]);
      out.pid = m[7];
      out.thread = m[8];
      out.level = toLevel(m[9]);
      out.component = m[10].trim();
      return out;
    },
  },
  {
    name: 'androidBrief',
    format: 'plain',
    parse(text) {
      if (!(text.charCodeAt(1) === 47)) return undefined; // `X/`: the regex cannot match without it
      const m = androidBriefRe.exec(text);
      if (!m) return undefined;
      const out = result('plain', 'androidBrief', text.slice(m[0].length));
      out.level = toLevel(m[1]);
      out.component = m[2].trim();
      out.pid = m[3];
      return out;
    },
  },
  {
    name: 'healthapp',
    format: 'plain',
    parse(text) {
      if (!(text.charCodeAt(8) === 45)) return undefined; // `dddddddd-`: the regex cannot match without it
      const m = healthAppRe.exec(text);
      if (!m) return undefined;
      const out = result('plain', 'healthapp', text.slice(m[0].length));
      out.timestamp = toEpochMs(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], +m[7]);
      out.component = m[8];
      out.pid = m[9];
      return out;
    },
  },
  {
    name: 'apacheError',
    format: 'plain',
    parse(text) {
      if (!(text.charCodeAt(0) === 91 && text.charCodeAt(4) === 32)) return undefined; // `[Ddd `: the regex cannot match without it
      const m = apacheErrorRe.exec(text);
      if (!m) return undefined;
      const out = result('plain', 'apacheError', text.slice(m[0].length));
      out.timestamp = toEpochMs(+m[7], monthFromName(m[1]), +m[2], +m[3], +m[4], +m[5], fractionToMs(m[6]));
      out.level = toLevel(m[8]);
      const colon = m[8].indexOf(':');
      if (colon > 0) out.component = m[8].slice(0, colon);
      if (m[9]) out.pid = m[9];
      if (m[10]) out.thread = m[10];
      return out;
    },
  },
  {
    name: 'proxifier',
    format: 'plain',
    parse(text, referenceYear) {
      if (!(text.charCodeAt(0) === 91 && text.charCodeAt(3) === 46)) return undefined; // `[dd.`: the regex cannot match without it
      const m = proxifierRe.exec(text);
      if (!m) return undefined;
      const out = result('plain', 'proxifier', text.slice(m[0].length));
      out.timestamp = toEpochMs(referenceYear, +m[1] - 1, +m[2], +m[3], +m[4], +m[5]);
      out.component = m[6];
      out.fields.service = m[6];
      return out;
    },
  },
  {
    name: 'clf',
    format: 'clf',
    parse(text) {
      const fast = parseClfFast(text);
      if (fast !== undefined) return fast;
      if (text.indexOf('] "') < 0) return undefined; // clfRe's `\] "`: most lines the scan refused never reach the regex
      const m = clfRe.exec(text);
      if (!m) return undefined;
      const timestamp = toEpochMs(+m[6], monthFromName(m[5]), +m[4], +m[7], +m[8], +m[9], 0, zoneOffsetMinutes(m[10]));
      return clfRecord(text, m[0].length, m[1], m[3], m[11], +m[12], m[13], timestamp);
    },
  },
  {
    name: 'glog',
    format: 'plain',
    parse(text, referenceYear) {
      if (!(text.charCodeAt(5) === 32)) return undefined; // `Xdddd `: the regex cannot match without it
      const m = glogRe.exec(text);
      if (!m) return undefined;
      const out = result('plain', 'glog', text.slice(m[0].length));
      out.level = toLevel(m[1]);
      out.timestamp = toEpochMs(referenceYear, +m[2] - 1, +m[3], +m[4], +m[5], +m[6], fractionToMs(m[7]));
      out.thread = m[8];
      out.component = m[9];
      return out;
    },
  },
  {
    name: 'iso',
    format: 'plain',
    parse(text) {
      const fast = parseIsoFast(text);
      if (fast !== undefined) return fast;
      const c = text.charCodeAt(0);
      if (c !== 91 && !isDigitCode(c)) return undefined;
      // isoRe needs `\d{4}[-/]` after the optional bracket.
      const sep = text.charCodeAt(c === 91 ? 5 : 4);
      if (sep !== 45 && sep !== 47) return undefined;
      const m = isoRe.exec(text);
      if (!m) return undefined;
      const out = result('plain', 'iso', '');
      out.timestamp = toEpochMs(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], fractionToMs(m[7]), zoneOffsetMinutes(m[8] === 'UTC' ? 'Z' : m[8]));
      parseTail(text, m[0].length, out);
      return out;
    },
  },
  {
    name: 'epoch',
    format: 'plain',
    parse(text) {
      const c = text.charCodeAt(0);
      // epochRe needs ten digits after the optional bracket.
      if (!(isDigitCode(c) || c === 91) || !isDigitCode(text.charCodeAt(c === 91 ? 10 : 9))) return undefined;
      const m = epochRe.exec(text);
      if (!m) return undefined;
      const timestamp = epochToMs(m[1]);
      if (timestamp === undefined) return undefined;
      const out = result('plain', 'epoch', '');
      out.timestamp = timestamp;
      parseTail(text, m[0].length, out);
      return out;
    },
  },
  {
    name: 'logfmt',
    format: 'logfmt',
    parse(text) {
      const pairs = parseLogfmt(text);
      if (pairs === undefined) return undefined;
      return fromStructured(pairs, 'logfmt', 'logfmt', text);
    },
  },
  {
    name: 'level',
    format: 'plain',
    parse(text) {
      const c = text.charCodeAt(0);
      if (!(c === 91 || c === 60 || isLetterCode(c))) return undefined; // `[`, `<` or a letter: the regex cannot match without it
      const m = levelFirstRe.exec(text);
      if (!m) return undefined;
      const out = result('plain', 'level', '');
      out.level = toLevel(m[1]);
      const rest = m[0].length;
      const ts = isoRe.exec(text.slice(rest));
      if (ts) {
        out.timestamp = toEpochMs(+ts[1], +ts[2] - 1, +ts[3], +ts[4], +ts[5], +ts[6], fractionToMs(ts[7]), zoneOffsetMinutes(ts[8] === 'UTC' ? 'Z' : ts[8]));
        parseTail(text, rest + ts[0].length, out);
      } else parseTail(text, rest, out);
      return out;
    },
  },
];

const shapeByName = new Map(shapes.map((s) => [s.name, s]));

/** Names of the header shapes, in the order they are tried. */
export const headerShapeNames = shapes.map((s) => s.name);

const messageKeys = ['msg', 'message', 'Message', 'MESSAGE', '@message', 'event', 'log', 'text'];
const timeKeys = ['ts', 'time', 'timestamp', '@timestamp', 't', 'datetime', 'date', 'eventTime', 'Timestamp'];
const levelKeys = ['level', 'lvl', 'severity', 'log.level', 'loglevel', 'levelname', 'Level', 'Severity', 'priority'];
const componentKeys = ['logger', 'logger_name', 'component', 'name', 'module', 'caller', 'source', 'category'];
const otherKeys = ['host', 'hostname', 'pid', 'thread', 'thread_name'];

// fromStructured reads the header keys in one pass over the object's own keys (probing ~40 absent keys by name cost
// more than the rest of the record): each known key has a slot, and the lists above are read back in order from it.
const messageSlot = 0;
const timeSlot = messageKeys.length;
const levelSlot = timeSlot + timeKeys.length;
const componentSlot = levelSlot + levelKeys.length;
const otherSlot = componentSlot + componentKeys.length;
const slotOfHeaderKey = new Map<string, number>([...messageKeys, ...timeKeys, ...levelKeys, ...componentKeys, ...otherKeys].map((key, i) => [key, i]));
/** Scratch slots of the object being read (undefined where its key is absent); cleared after each record. */
const headerValues: unknown[] = new Array(slotOfHeaderKey.size).fill(undefined);
/** The slots filled for the current record: filledSlots[0, filledCount) (a count, not `length = 0`, which is a runtime call). */
const filledSlots: number[] = [];
let filledCount = 0;

/** A structured key's header slot (-1 for none) and its setField KeyInfo: one map lookup per key instead of two. */
interface StructuredKey {
  headerSlot: number;
  info: KeyInfo;
}
const structuredKeys = new Map<string, StructuredKey>();

function structuredKey(key: string): StructuredKey {
  let known = structuredKeys.get(key);
  if (known === undefined) {
    known = { headerSlot: slotOfHeaderKey.get(key) ?? -1, info: keyInfo(key) };
    if (structuredKeys.size < 4096) structuredKeys.set(key, known);
  }
  return known;
}

function fromStructured(obj: Record<string, unknown>, format: LogFormat, shape: string, text: string): ParsedLine {
  const out = result(format, shape, '');
  // Cleared before use (not only after) so nothing a previous record left behind can leak into this one.
  clearHeaderSlots();
  let n = 0;
  for (const key in obj) {
    const v = obj[key];
    const known = structuredKey(key);
    const slot = known.headerSlot;
    if (slot >= 0) {
      headerValues[slot] = v;
      filledSlots[filledCount++] = slot;
    }
    if (n++ >= maxFieldsPerRecord * 2) continue;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') setFieldWithInfo(out.fields, key, known.info, v);
    else if (v !== null && typeof v === 'object') {
      // One level of nesting (`http.status`, `req.method`) is common in structured loggers.
      for (const inner in v as Record<string, unknown>) {
        const iv = (v as Record<string, unknown>)[inner];
        if (typeof iv === 'string' || typeof iv === 'number') setField(out.fields, inner, iv);
      }
    }
  }
  let message: string | undefined;
  if (filledCount > 0) {
    message = readHeaderKeys(out);
    clearHeaderSlots();
  }
  if (message !== undefined && out.fields.latencyMs === undefined) extractMessageFields(message, out.fields);
  out.message = message ?? text;
  return out;
}

function clearHeaderSlots(): void {
  for (let i = 0; i < filledCount; i++) headerValues[filledSlots[i]] = undefined;
  filledCount = 0;
}

/** Header values from headerValues, each list in its order of preference; returns the message. */
function readHeaderKeys(out: ParsedLine): string | undefined {
  let message: string | undefined;
  for (let i = 0; i < messageKeys.length; i++) {
    const v = headerValues[messageSlot + i];
    if (typeof v === 'string') {
      message = v;
      break;
    }
  }
  for (let i = 0; i < timeKeys.length; i++) {
    const v = headerValues[timeSlot + i];
    if (typeof v === 'number') out.timestamp = epochToMs(String(v));
    else if (typeof v === 'string') out.timestamp = parseTimestampText(v, 1970);
    if (out.timestamp !== undefined) break;
  }
  for (let i = 0; i < levelKeys.length; i++) {
    const v = headerValues[levelSlot + i];
    if (typeof v === 'string') out.level = toLevel(v);
    else if (typeof v === 'number') out.level = v >= 60 ? 'fatal' : v >= 50 ? 'error' : v >= 40 ? 'warn' : v >= 30 ? 'info' : v >= 20 ? 'debug' : 'trace'; // pino/bunyan
    if (out.level !== undefined) break;
  }
  for (let i = 0; i < componentKeys.length; i++) {
    const v = headerValues[componentSlot + i];
    if (typeof v === 'string') {
      out.component = v;
      break;
    }
  }
  const host = headerValues[otherSlot] ?? headerValues[otherSlot + 1];
  if (typeof host === 'string') out.host = host;
  const pid = headerValues[otherSlot + 2];
  if (typeof pid === 'number' || typeof pid === 'string') out.pid = String(pid);
  const thread = headerValues[otherSlot + 3] ?? headerValues[otherSlot + 4];
  if (typeof thread === 'string') out.thread = thread;
  return message;
}

/** Parses a logfmt line (`a=1 b="x y"`); undefined unless most of the line is pairs (3+, or 2 with a msg/level). */
export function parseLogfmt(text: string): Record<string, string> | undefined {
  const first = text.charCodeAt(0);
  if (!((first >= 97 && first <= 122) || (first >= 65 && first <= 90) || first === 95)) return undefined;
  const eq = text.indexOf('=');
  if (eq < 1 || eq > 40) return undefined;
  const out: Record<string, string> = {};
  let pairs = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && text.charCodeAt(i) === 32) i++;
    if (i >= n) break;
    const keyStart = i;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 61 || c === 32) break;
      i++;
    }
    if (i >= n || text.charCodeAt(i) !== 61 || i === keyStart) return undefined;
    const key = text.slice(keyStart, i);
    i++;
    let value: string;
    if (text.charCodeAt(i) === 34) {
      // A quoted value without a backslash before its closing quote is the slice between the quotes.
      const close = text.indexOf('"', i + 1);
      if (close < 0) return undefined;
      const backslash = text.indexOf('\\', i + 1);
      if (backslash < 0 || backslash > close) {
        if (pairs < maxFieldsPerRecord * 2) out[key] = text.slice(i + 1, close);
        pairs++;
        i = close + 1;
        continue;
      }
      let j = i + 1;
      let escaped = false;
      let buf = '';
      let start = j;
      while (j < n && text.charCodeAt(j) !== 34) {
        if (text.charCodeAt(j) === 92 && j + 1 < n) {
          buf += text.slice(start, j);
          buf += text[j + 1];
          j += 2;
          start = j;
          escaped = true;
          continue;
        }
        j++;
      }
      if (j >= n) return undefined;
      value = escaped ? buf + text.slice(start, j) : text.slice(i + 1, j);
      i = j + 1;
    } else {
      const start = i;
      const space = text.indexOf(' ', i);
      i = space < 0 ? n : space;
      value = text.slice(start, i);
    }
    if (pairs < maxFieldsPerRecord * 2) out[key] = value;
    pairs++;
  }
  const hasCore = 'msg' in out || 'message' in out || 'level' in out || 'lvl' in out;
  return pairs >= 3 || (pairs >= 2 && hasCore) ? out : undefined;
}

/**
 * Parses one physical line's header. `preferred` names the shape to try first (the one that matched the previous
 * line); an OpenStack-style leading source token (`nova-api.log.1.2017-05-16_13:53:08 2017-05-16 …`) is skipped once.
 */
export function parseHeader(text: string, preferred: string | undefined, referenceYear: number): ParsedLine {
  if (preferred !== undefined) {
    const shape = shapeByName.get(preferred);
    const hit = shape?.parse(text, referenceYear);
    if (hit) return finish(hit);
  }
  const first = text.charCodeAt(0);
  for (const shape of shapes) {
    if (shape.name === preferred) continue;
    if (!couldStart(shape.name, first)) continue;
    const hit = shape.parse(text, referenceYear);
    if (hit) return finish(hit);
  }
  const space = text.indexOf(' ');
  if (space > 0 && space < 120 && isDigitCode(text.charCodeAt(space + 1)) && !isDigitCode(first)) {
    const rest = text.slice(space + 1);
    for (const name of ['iso', 'epoch']) {
      const hit = shapeByName.get(name)?.parse(rest, referenceYear);
      if (hit) {
        hit.fields.source = text.slice(0, space);
        hit.shape = `source+${name}`;
        return finish(hit);
      }
    }
  }
  return finish(result('unknown', 'none', text));
}

/** Parses with a named shape only (the per-file fast path for `source+iso` lines included). */
export function parseWithShape(text: string, name: string, referenceYear: number): ParsedLine | undefined {
  return shapeParser(name)(text, referenceYear);
}

/** One shape's parse, finished like parseHeader's. */
export type ShapeParser = (text: string, referenceYear: number) => ParsedLine | undefined;

const parserByName = new Map<string, ShapeParser>();

/** parseWithShape bound to one name, resolved once: LogParser calls it on every line. */
/**
 * Where a shape stands in the order parseHeader tries them: specific shapes first (lower), the fallbacks that take a
 * leading token then an ISO or epoch time (`source+iso`, `source+epoch`) last. Unknown names rank last.
 */
export function shapeRank(name: string): number {
  const index = headerShapeNames.indexOf(name);
  if (index >= 0) return index;
  return name.startsWith('source+') ? headerShapeNames.length : headerShapeNames.length + 1;
}

export function shapeParser(name: string): ShapeParser {
  let parse = parserByName.get(name);
  if (parse === undefined) {
    parse = makeShapeParser(name);
    if (parserByName.size < 256) parserByName.set(name, parse);
  }
  return parse;
}

function makeShapeParser(name: string): ShapeParser {
  if (name.startsWith('source+')) {
    const inner = shapeByName.get(name.slice(7));
    return (text, referenceYear) => {
      const space = text.indexOf(' ');
      if (space <= 0) return undefined;
      const hit = inner?.parse(text.slice(space + 1), referenceYear);
      if (!hit) return undefined;
      hit.fields.source = text.slice(0, space);
      hit.shape = name;
      return finish(hit);
    };
  }
  const shape = shapeByName.get(name);
  if (shape === undefined) return () => undefined;
  return (text, referenceYear) => {
    const hit = shape.parse(text, referenceYear);
    return hit ? finish(hit) : undefined;
  };
}

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Cheap first-character filter so most shapes are never tried on a line they cannot match. */
function couldStart(name: string, c: number): boolean {
  const digit = isDigitCode(c);
  switch (name) {
    case 'json': return c === 123;
    case 'hdfs': case 'spark': case 'zookeeper': case 'windows': case 'hpc': case 'android': case 'healthapp': case 'epoch': return digit || (name === 'epoch' && c === 91);
    case 'bgl': case 'thunderbird': return c === 45 || (c >= 65 && c <= 90) || digit;
    case 'syslog5424': return c === 60;
    case 'syslog3164': return c === 60 || (c >= 65 && c <= 90);
    case 'androidBrief': case 'glog': return c >= 65 && c <= 90;
    case 'apacheError': case 'proxifier': return c === 91;
    case 'iso': return digit || c === 91;
    default: return true;
  }
}

function finish(out: ParsedLine): ParsedLine {
  if (out.format !== 'json' && out.format !== 'logfmt' && out.format !== 'clf' && out.message.length > 0) extractMessageFields(out.message, out.fields);
  if (out.component !== undefined && out.fields.service === undefined && out.format !== 'plain') out.fields.service = out.component;
  return out;
}
