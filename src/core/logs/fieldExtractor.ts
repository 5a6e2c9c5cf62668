/** Pulls the structured values the detectors use (status, latency, bytes, user, ip, ...) out of keys and messages. */
import type { LogFields } from './logRecord';

/** Bound on kept key/value pairs per record: log content is untrusted and a line can hold thousands of `a=b`. */
export const maxFieldsPerRecord = 32;

/** The typed slot a well-known key fills (one map lookup per key instead of a set per slot). */
type Slot = 'status' | 'latency' | 'bytes' | 'ip' | 'user' | 'service' | 'method' | 'path' | 'trace';
const slotOfKey = new Map<string, Slot>();
function slot(kind: Slot, keys: string[]): void {
  for (const key of keys) slotOfKey.set(key, kind);
}
slot('latency', [
  'rt', 'duration', 'duration_ms', 'durationms', 'latency', 'latency_ms', 'latencyms', 'elapsed', 'elapsed_ms', 'took',
  'took_ms', 'request_time', 'upstream_response_time', 'response_time', 'responsetime', 'time_ms', 'timems', 'time_taken', 'ms',
]);
slot('status', ['status', 'status_code', 'statuscode', 'http_status', 'httpstatus', 'response_code', 'code_http']);
slot('bytes', ['bytes', 'size', 'len', 'length', 'body_bytes_sent', 'bytes_sent', 'response_size', 'content_length']);
slot('ip', ['ip', 'client', 'client_ip', 'clientip', 'remote_addr', 'remote_ip', 'src', 'src_ip', 'rhost', 'peer', 'addr', 'remote']);
slot('user', ['user', 'username', 'user_id', 'userid', 'uname', 'login', 'account']);
slot('service', ['service', 'svc', 'app', 'application', 'service_name', 'servicename']);
slot('method', ['method', 'http_method', 'verb']);
slot('path', ['path', 'uri', 'url', 'request_uri', 'endpoint', 'route']);
slot('trace', ['trace_id', 'traceid', 'trace', 'request_id', 'requestid', 'req_id', 'correlation_id', 'x_request_id']);
/** Keys whose bare numbers are seconds: nginx `$request_time` (logged as `rt=` by the common log_format), `$upstream_response_time`, IIS `time-taken`. */
const secondsKeys = new Set(['rt', 'request_time', 'upstream_response_time', 'response_time', 'time_taken']);

/**
 * Milliseconds from a duration value: `123ms`, `1.5s`, `250us`, `2m`, bare numbers. A bare number under a key that
 * names seconds (`request_time`, `upstream_response_time`, nginx) or with a fraction and no unit is taken as seconds.
 */
export function durationToMs(value: string, bareIsSeconds: boolean): number | undefined {
  // A bare unsigned number (`0.079`, `177`) is by far the common value, then one with `ms`, `s` or `us` right after
  // it (`52ms`, `30.0s`): no regex. The regex below gives these the same number and unit.
  const end = decimalEnd(value);
  if (end > 0 && end === value.length) {
    const n = Number(value);
    return bareIsSeconds ? n * 1000 : n;
  }
  if (end > 0) {
    const unitLength = value.length - end;
    if (unitLength === 1 && value.charCodeAt(end) === 115) return Number(value.slice(0, end)) * 1000; // s
    if (unitLength === 2 && value.charCodeAt(end + 1) === 115) {
      const c = value.charCodeAt(end);
      if (c === 109) return Number(value.slice(0, end)); // ms
      if (c === 117) return Number(value.slice(0, end)) / 1e3; // us
    }
  }
  const m = /^(-?\d+(?:\.\d+)?)\s*(ns|us|µs|ms|msec|millis|milliseconds|s|sec|secs|seconds|m|min|mins|minutes|h)?$/i.exec(value.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = (m[2] ?? '').toLowerCase();
  switch (unit) {
    case 'ns': return n / 1e6;
    case 'us': case 'µs': return n / 1e3;
    case 'ms': case 'msec': case 'millis': case 'milliseconds': return n;
    case 's': case 'sec': case 'secs': case 'seconds': return n * 1000;
    case 'm': case 'min': case 'mins': case 'minutes': return n * 60_000;
    case 'h': return n * 3_600_000;
    default: return bareIsSeconds ? n * 1000 : n;
  }
}

/** End of the `\d+(?:\.\d+)?` at the start of value (0 when it does not start with a digit). */
function decimalEnd(value: string): number {
  const n = value.length;
  let i = 0;
  while (i < n && isDigitCode(value.charCodeAt(i))) i++;
  if (i === 0 || value.charCodeAt(i) !== 46 || !isDigitCode(value.charCodeAt(i + 1))) return i;
  i++;
  while (i < n && isDigitCode(value.charCodeAt(i))) i++;
  return i;
}

/** What setField needs to know about a raw key: the typed slot its normalised form fills, and whether bare numbers are seconds. */
export interface KeyInfo {
  slot: Slot | undefined;
  secondsKey: boolean;
}

const keyInfos = new Map<string, KeyInfo>();

/**
 * `Status-Code`, `http.status` normalise to `status_code`, `http_status` before the slot lookup (cached per raw key:
 * the same keys repeat on every line, so one map lookup replaces normalising plus two set/map lookups).
 */
export function keyInfo(rawKey: string): KeyInfo {
  let info = keyInfos.get(rawKey);
  if (info === undefined) {
    const key = rawKey.toLowerCase().replace(/[.\-@]/g, '_');
    info = { slot: slotOfKey.get(key), secondsKey: secondsKeys.has(key) };
    if (keyInfos.size < 4096) keyInfos.set(rawKey, info);
  }
  return info;
}

/** Records one key/value in fields, mapping well-known keys to the typed slots. */
export function setField(fields: LogFields, rawKey: string, value: string | number | boolean | null | undefined): void {
  if (value === null || value === undefined) return;
  setFieldWithInfo(fields, rawKey, keyInfo(rawKey), value);
}

/**
 * setField with the key's KeyInfo already looked up (fromStructured keeps it with the key's header slot). A number
 * under a key without a typed slot is stored as it is, without the String() copy only the slots read.
 */
export function setFieldWithInfo(fields: LogFields, rawKey: string, info: KeyInfo, value: string | number | boolean): void {
  if (info.slot !== undefined) setSlot(fields, info, typeof value === 'string' ? value : String(value));
  if (fields[rawKey] === undefined) {
    if (typeof value === 'number') fields[rawKey] = value;
    else if (typeof value === 'string') fields[rawKey] = value.length > 1024 ? value.slice(0, 1024) : value;
    else fields[rawKey] = String(value);
  }
}

function setSlot(fields: LogFields, info: KeyInfo, text: string): void {
  switch (info.slot) {
    case 'status': {
      const n = Number(text);
      if (Number.isInteger(n) && n >= 100 && n <= 599) fields.status = n;
      break;
    }
    case 'latency': {
      const ms = durationToMs(text, info.secondsKey ? !/[a-z]$/i.test(text) : false);
      if (ms !== undefined && ms >= 0) fields.latencyMs = ms;
      break;
    }
    case 'bytes': {
      const n = Number(text);
      if (Number.isFinite(n) && n >= 0) fields.bytes = n;
      break;
    }
    case 'ip':
      if (text && text !== '-') fields.ip = text;
      break;
    case 'user':
      if (text && text !== '-') fields.user = text;
      break;
    case 'service':
      fields.service = text;
      break;
    case 'method':
      fields.method = text.toUpperCase();
      break;
    case 'path':
      fields.path = text;
      break;
    case 'trace':
      fields.traceId = text;
      break;
  }
}

const requestLine = /"(GET|POST|PUT|DELETE|HEAD|PATCH|OPTIONS|CONNECT|TRACE) (\S{1,2048}) HTTP\/[\d.]+"/;
const ipv4Re = /^((?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3})/;
const tookDuration = /\b(?:took|in|after|elapsed|duration|latency|time)[:=]? ?(\d+(?:\.\d+)?) ?(ms|msec|millis|milliseconds|s|sec|secs|seconds|us|µs)\b/i;
const colonPair = /\b(status|len|time|size|bytes|user|latency|duration): (\S{1,64})/g;

/**
 * Scans a free-text message for structured values. Cheap guards (indexOf) keep the regexes off most lines.
 * `time: 0.24` (OpenStack wsgi) is seconds; `took 120ms` keeps its unit.
 */
export function extractMessageFields(message: string, fields: LogFields): void {
  if (message.indexOf('=') >= 0) scanKeyValues(message, fields);
  if (hasColonKey(message)) {
    colonPair.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = colonPair.exec(message)) !== null) {
      const key = m[1];
      const value = m[2].replace(/[,;]$/, '');
      if (key === 'time') {
        const ms = durationToMs(value, true);
        if (ms !== undefined && fields.latencyMs === undefined) fields.latencyMs = ms;
      } else if (!(key in fields)) setField(fields, key, value);
    }
  }
  // While the latency is unknown, one case-insensitive scan for any of the words the last three checks need (each needs
  // one of them; four in five messages hold none) costs about what the duration-word scan alone did and spares the
  // other two searches; each check below still runs its own test. With the latency known (CLF tails) no gate.
  const rare = fields.latencyMs !== undefined || rareWord.test(message);
  if (rare && fields.latencyMs === undefined && hasDurationWord(message)) {
    const m = tookDuration.exec(message);
    if (m) {
      const ms = durationToMs(m[1] + m[2], false);
      if (ms !== undefined) fields.latencyMs = ms;
    }
  }
  if (rare && message.indexOf('HTTP/') >= 0) {
    const m = requestLine.exec(message);
    if (m) {
      fields.method ??= m[1];
      fields.path ??= m[2];
    }
  }
  if (fields.ip === undefined) {
    const ip = findIpv4(message);
    if (ip !== undefined) fields.ip = ip;
  }
  if (rare && fields.user === undefined) {
    const at = message.indexOf('user ');
    if (at >= 0) {
      const m = /\buser (?!unknown\b)([A-Za-z_][\w.\-]{0,63})/.exec(message.slice(Math.max(0, at - 1)));
      if (m) fields.user = m[1];
    } else if (hasFromAfterStart(message)) {
      // sshd: `Accepted publickey for deploy from 10.0.0.4`, `Failed password for root from …`
      const m = /\bfor ([A-Za-z_][\w.\-]{0,63}) from /.exec(message);
      if (m) fields.user = m[1];
    }
  }
}

/**
 * Whether one of `status: `, `len: `, `time: `, `size: `, `bytes: `, `user: `, `latency: `, `duration: ` occurs: walks
 * the `:` occurrences followed by a space and looks at the word before each (one indexOf per colon instead of eight
 * over the message).
 */
function hasColonKey(message: string): boolean {
  // Walks `:` and checks the space after it: a one-character search is about twice as fast as one for `: `.
  let colon = message.indexOf(':');
  while (colon >= 0) {
    if (message.charCodeAt(colon + 1) === 32 && colonKeyEndsAt(message, colon)) return true;
    colon = message.indexOf(':', colon + 1);
  }
  return false;
}

function colonKeyEndsAt(message: string, colon: number): boolean {
  switch (message.charCodeAt(colon - 1)) {
    case 115: return endsWithAt(message, 'status', colon) || endsWithAt(message, 'bytes', colon); // s
    case 110: return endsWithAt(message, 'len', colon) || endsWithAt(message, 'duration', colon); // n
    case 101: return endsWithAt(message, 'time', colon) || endsWithAt(message, 'size', colon); // e
    case 114: return endsWithAt(message, 'user', colon); // r
    case 121: return endsWithAt(message, 'latency', colon); // y
    default: return false;
  }
}

function endsWithAt(text: string, word: string, end: number): boolean {
  return end >= word.length && text.startsWith(word, end - word.length);
}

/** The same words as `took|elapsed|duration|latency|after|time`, factored so the /i scan tries fewer alternatives. */
const durationWord = /t(?:ook|ime)|elapsed|duration|latency|after/i;
function hasDurationWord(message: string): boolean {
  return durationWord.test(message);
}

/** Matches wherever durationWord, `HTTP/`, `user ` or `from ` does (and more: it ignores case throughout). */
const rareWord = /t(?:ook|ime)|elapsed|duration|latency|after|HTTP\/|user |from /i;

/** `message.indexOf(' from ') > 0` without a search keyed on the space (the most common character). */
function hasFromAfterStart(message: string): boolean {
  let at = message.indexOf('from ');
  while (at >= 0) {
    if (at > 0 && message.charCodeAt(at - 1) === 32) return at > 1;
    at = message.indexOf('from ', at + 1);
  }
  return false;
}


function isKeyChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45;
}

/** `key=value` and `key="quoted value"` pairs, scanned by hand (a regex here dominated parsing time). */
function scanKeyValues(message: string, fields: LogFields): void {
  const n = message.length;
  let pairs = 0;
  let eq = message.indexOf('=');
  while (eq > 0 && pairs < maxFieldsPerRecord) {
    let keyStart = eq;
    while (keyStart > 0 && eq - keyStart < 41 && isKeyChar(message.charCodeAt(keyStart - 1))) keyStart--;
    const first = message.charCodeAt(keyStart);
    let next = eq + 1;
    if (keyStart < eq && !(first >= 48 && first <= 57) && first !== 46 && first !== 45) {
      let value: string;
      if (message.charCodeAt(eq + 1) === 34) {
        let close = eq + 2;
        while (close < n && message.charCodeAt(close) !== 34) close += message.charCodeAt(close) === 92 ? 2 : 1;
        value = message.slice(eq + 2, Math.min(close, n, eq + 2 + 1024));
        next = close + 1;
      } else {
        let end = eq + 1;
        while (end < n && end - eq <= 1024) {
          const c = message.charCodeAt(end);
          if (c === 32 || c === 9 || c === 44 || c === 59 || c === 34 || c === 40 || c === 41 || c === 91 || c === 93) break;
          end++;
        }
        value = message.slice(eq + 1, end);
        next = end;
      }
      if (value.length > 0) setField(fields, message.slice(keyStart, eq), value);
      pairs++;
    }
    eq = next < n ? message.indexOf('=', next) : -1;
  }
}

/** The first dotted-quad IPv4 address in the text (each part 0–255, not part of a longer dotted number). */
function findIpv4(text: string): string | undefined {
  let dot = text.indexOf('.');
  while (dot > 0) {
    let start = dot;
    while (start > 0 && start > dot - 3 && isDigitCode(text.charCodeAt(start - 1))) start--;
    if (start < dot && (start === 0 || !isDigitOrDot(text.charCodeAt(start - 1))) && hasDottedQuadShape(text, dot)) {
      const m = ipv4Re.exec(text.slice(start, start + 16));
      if (m) {
        const after = start + m[1].length;
        const c = text.charCodeAt(after);
        if (!isDigitOrDot(c) || (c === 46 && !isDigitCode(text.charCodeAt(after + 1)))) return m[1];
      }
    }
    dot = text.indexOf('.', dot + 1);
  }
  return undefined;
}

/**
 * Whether three more runs of 1–3 digits follow the dot after the first octet, with dots between them: ipv4Re cannot
 * match without it (each octet spans the whole digit run between its dots), so decimals and versions skip the regex.
 */
function hasDottedQuadShape(text: string, dot: number): boolean {
  let i = dot;
  for (let part = 0; part < 3; part++) {
    const start = i + 1;
    let end = start;
    while (end - start < 4 && isDigitCode(text.charCodeAt(end))) end++;
    if (end === start || end - start > 3) return false;
    if (part < 2 && text.charCodeAt(end) !== 46) return false;
    i = end;
  }
  return true;
}

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isDigitOrDot(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 46;
}
