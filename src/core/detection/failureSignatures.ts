/**
 * Well-known failure phrases across systems (Linux kernel, JVM, Go/Node runtimes, databases, proxies), grouped by the
 * anomaly type they evidence. Matched against mined template text once per template, so the cost is per template,
 * not per line; only request-borne attack payloads are checked on each record's raw text.
 */
import type { AnomalyType } from './anomaly';

export type SignatureStrength = 'strong' | 'frequency';

export interface SignatureHit {
  type: AnomalyType;
  /** `type:cause`, the key of the window bucket that collects its lines. */
  key: string;
  /** The cause within the type (memory, disk, brute_force, dependency, ...): anomalies merge per cause. */
  cause: string;
  /** strong: one occurrence is an anomaly; frequency: only a burst above the file's own baseline is. */
  strength: SignatureStrength;
  label: string;
}

interface Signature extends Omit<SignatureHit, 'key'> {
  pattern: RegExp;
}

const signatures: Signature[] = [
  {
    type: 'resource_exhaustion', cause: 'memory', strength: 'strong', label: 'out of memory',
    pattern: /out of memory|\boom[-_ ]?kill|killed process\b|cannot allocate memory|OutOfMemoryError|memory (?:is )?exhausted|java heap space|allocation failed.{0,30}heap/i,
  },
  {
    type: 'resource_exhaustion', cause: 'disk', strength: 'strong', label: 'disk full',
    pattern: /no space left on device|\bdisk (?:is )?full|disk quota exceeded|\bENOSPC\b|file ?system (?:is )?full/i,
  },
  {
    type: 'resource_exhaustion', cause: 'file_descriptors', strength: 'strong', label: 'too many open files',
    pattern: /too many open files|\bEMFILE\b|file descriptors? (?:limit|exhausted)/i,
  },
  {
    type: 'resource_exhaustion', cause: 'pool', strength: 'strong', label: 'pool exhausted',
    pattern: /connection is not available, request timed out|timeout waiting for idle object|pool (?:is )?exhausted|exhausted (?:the )?(?:\w+ )?pool|no (?:available|free|idle) connections|(?:thread|worker|connection) pool.{0,30}(?:full|saturated|rejected)/i,
  },
  {
    type: 'service_outage', cause: 'circuit_breaker', strength: 'strong', label: 'circuit breaker open',
    pattern: /circuit[- _]?breaker\b.{0,60}\b(?:open|opened|tripped)\b/i,
  },
  {
    type: 'service_outage', cause: 'dependency', strength: 'frequency', label: 'dependency unreachable',
    pattern: /connection (?:was )?(?:refused|reset|timed out|closed by (?:remote|peer))|\bECONNREFUSED\b|\bECONNRESET\b|\bETIMEDOUT\b|\bEHOSTUNREACH\b|no route to host|host (?:is )?unreachable|broken pipe|\btimed out\b|\btimeout (?:error|exceeded|expired|waiting)|health ?check.{0,40}(?:fail|unhealthy|down)|\bunhealthy\b|service (?:is )?unavailable|bad gateway|gateway time-?out|upstream.{0,40}(?:failed|error|timed|unavailable)|could not connect|unable to connect|failed to connect/i,
  },
  {
    type: 'data_anomaly', cause: 'data', strength: 'frequency', label: 'invalid data',
    pattern: /parse error|parsing error|failed to (?:parse|decode|deserialize)|(?:could not|unable to|cannot|can't) (?:parse|decode|deserialize)|unexpected (?:token|end of (?:input|json|file))|malformed|invalid (?:json|xml|format|input|value|payload|date|number|character|utf-?8|encoding)|validation (?:error|failed|failure)|failed validation|schema (?:mismatch|violation|validation|error)|does not match (?:the )?schema|NumberFormatException|JsonParseException|MismatchedInputException|deserializ\w* (?:error|fail)|null value|must not be null|cannot be null|not-null constraint|\bis (?:null|NaN|undefined)\b|\bValidationError\b|type mismatch|corrupt(?:ed)? (?:record|data|payload|message)/i,
  },
  {
    type: 'security_threat', cause: 'privilege_escalation', strength: 'strong', label: 'privilege escalation',
    pattern: /not in (?:the )?sudoers|privilege escalation|escalat\w* (?:of )?privileges?|unauthori[sz]ed (?:sudo|root|admin)|(?:added|granted) .{0,40}\b(?:admin|root|sudo|wheel|superuser)\b.{0,10}(?:role|group|privileges?|rights)|requested role admin/i,
  },
  {
    type: 'security_threat', cause: 'brute_force', strength: 'frequency', label: 'authentication failure',
    pattern: /(?:authentication|auth|login|logon|log-in|sign-?in|password) (?:failure|failed|error|rejected|denied)|failed (?:password|login|logon|authentication|to authenticate)|invalid (?:password|credentials|user(?:name)?|login)|incorrect password|bad password|wrong password|unauthori[sz]ed (?:login|access)|access denied for user/i,
  },
];

/** A data problem only when the token stands alone: NaN is case-sensitive to keep "nan" in words out. */
const nanPattern = /\bNaN\b/;

/** Attack payloads in requests: SQL injection, XSS and path traversal, raw or URL-encoded. */
const injectionPattern =
  /union(?:\s|%20|\+|\/\*\*\/)+(?:all(?:\s|%20|\+)+)?select|(?:'|%27)(?:\s|%20|\+)*or(?:\s|%20|\+)*(?:'|%27)?\w*(?:'|%27)?(?:\s|%20|\+)*=|<script|%3cscript|javascript:|onerror(?:\s|%20)*=|\.\.\/\.\.\/|\.\.%2f|%2e%2e(?:%2f|\/)|\/etc\/(?:passwd|shadow)|;(?:\s|%20)*drop(?:\s|%20)+table|\bsleep\(\d+\)|benchmark\(\d+,|xp_cmdshell/i;

export function matchSignature(text: string): SignatureHit | undefined {
  for (const signature of signatures) {
    if (signature.pattern.test(text)) {
      const { pattern: _pattern, ...hit } = signature;
      return { ...hit, key: `${hit.type}:${hit.cause}` };
    }
  }
  if (nanPattern.test(text)) return { type: 'data_anomaly', key: 'data_anomaly:data', cause: 'data', strength: 'frequency', label: 'invalid data' };
  return undefined;
}

export const injectionHit: SignatureHit = {
  type: 'security_threat', key: 'security_threat:injection', cause: 'injection', strength: 'strong', label: 'attack payload in request',
};

/** Requests longer than this are judged on their first characters: a payload hides early, and regex cost stays bounded. */
const maxPayloadScan = 4096;

/**
 * Cheap screen before the injection regex, run on every request: every payload the regex knows needs a quote, `<`,
 * `%`, `../` or `/etc/`. A plain character class is far faster than the case-folded alternation (and, measured, than a
 * hand-written charCodeAt loop or five indexOf calls).
 */
const injectionScreen = /['<%]|\.\.\/|\/etc\//;

/** True when a request or message carries an injection or traversal payload. */
export function hasInjectionPayload(text: string): boolean {
  const clipped = text.length > maxPayloadScan ? text.slice(0, maxPayloadScan) : text;
  return injectionScreen.test(clipped) && injectionPattern.test(clipped);
}

const statusHint = /\b(?:status|code|http)\b/i;
const statusPattern = /\b(?:status(?:[ _]code)?|http[ _]status|code)[=: ]\s*(?:is\s+)?"?([1-5]\d\d)\b/i;

export function mayCarryStatus(templateText: string): boolean {
  return statusHint.test(templateText);
}

/** An HTTP status written in free text (`completed with status 503`, `status=502`), or undefined. */
export function extractStatus(message: string): number | undefined {
  // Fast path for the common `status 503` / `status=503` spelling: a scan instead of a regex on every request line.
  const at = message.indexOf('status');
  if (at >= 0) {
    let i = at + 6;
    const sep = message.charCodeAt(i);
    if (sep === 32 || sep === 61 || sep === 58) {
      i++;
      while (message.charCodeAt(i) === 32) i++;
      const d0 = message.charCodeAt(i) - 48;
      const d1 = message.charCodeAt(i + 1) - 48;
      const d2 = message.charCodeAt(i + 2) - 48;
      const after = message.charCodeAt(i + 3);
      if (d0 >= 1 && d0 <= 5 && d1 >= 0 && d1 <= 9 && d2 >= 0 && d2 <= 9 && !(after >= 48 && after <= 57)) return d0 * 100 + d1 * 10 + d2;
    }
  }
  const m = statusPattern.exec(message);
  return m ? Number(m[1]) : undefined;
}

/** Level words for records whose format carried none: the message itself says it failed. */
const errorWords = /\b(?:fatal|panic|critical|error|errors|exception|failed|failure|fault|abort(?:ed)?|segfault)\b/i;
const warnWords = /\b(?:warn|warning|deprecated|retry(?:ing)?|degraded)\b/i;
/**
 * Failure symptoms phrased without an error word (kernel, batch and storage daemons write these at info level or with
 * no level at all): "cannot tm_reply", "not running", "rejecting I/O to offline device", "NMI received".
 */
const symptomWords =
  /\b(?:cannot|can't|unable to|not running|not responding|not ready|(?:is|went|goes) down|link down|check condition|bad (?:file|message|block|packet)|rejecting|offline|throttled|above threshold|hardware problem|NMI received|corrupt(?:ed|ion)?|lost|denied|refused|unreachable|timed out|timeout|invalid|illegal|overflow|severed|unexpected|\w+Exception)\b/i;
/** A failure word that the same line says was handled is routine ("parity error corrected"). */
const handledWords = /\b(?:corrected|correctable|attempting to correct|recovered|resolved|succeeded|successful(?:ly)?|no errors?|0 errors?)\b/i;
/**
 * A severity written as an upper-case word inside the text: the header of a format the parser did not recognise
 * (BlueGene/L's `RAS KERNEL FATAL ...` after an unknown leading column) still says how bad the line is.
 */
const levelToken = /(?:^|[\s[(<|])(FATAL|FAILURE|PANIC|EMERG|CRITICAL|ALERT|SEVERE|ERROR|WARNING|WARN|NOTICE|INFO|DEBUG|TRACE)(?=$|[\s\]):>|])/;

export type GuessedLevel = 'fatal' | 'error' | 'warn' | 'info';

export function guessLevel(text: string): GuessedLevel | undefined {
  const token = levelToken.exec(text)?.[1];
  if (token !== undefined) {
    if (token === 'FATAL' || token === 'FAILURE' || token === 'PANIC' || token === 'EMERG' || token === 'CRITICAL' || token === 'ALERT') return 'fatal';
    if (token === 'SEVERE' || token === 'ERROR') return 'error';
    if (token === 'WARNING' || token === 'WARN') return 'warn';
    return 'info';
  }
  // A message that opens with its level says so in any case: `Warning: we failed to resolve …` is a warning.
  const leading = leadingLevel.exec(text)?.[1]?.toLowerCase();
  if (leading !== undefined) return leading.startsWith('warn') ? 'warn' : leading === 'fatal' || leading === 'critical' ? 'fatal' : 'error';
  if (errorWords.test(text)) return 'error';
  if (warnWords.test(text)) return 'warn';
  return undefined;
}

const leadingLevel = /^\s*(warning|warn|error|err|fatal|critical)\s*:/i;

/** True when a line reports something going wrong in words, whatever level it was logged at. */
export function mentionsFailure(text: string): boolean {
  return (errorWords.test(text) || symptomWords.test(text)) && !handledWords.test(text);
}

/**
 * The failure is the user's input, not the system: a job's program or directory that does not exist, is not a valid
 * image or may not be read. Batch systems log these at FATAL (BlueGene/L's `ciod: Error loading <path>: invalid or
 * missing program image, No such file or directory`, `LOGIN chdir(<path>) failed: No such file or directory`), and
 * operators' labels call them normal, while the same line failing with an I/O error is an alert.
 */
const userErrorWords = /\b(?:no such file or directory|invalid or missing program image|program image too big|permission denied|ENOENT|EACCES)\b/i;

/** True when a template's failure is a user error (missing or unreadable input named by the user). */
export function isUserError(text: string): boolean {
  return userErrorWords.test(text);
}

/**
 * True for the lines of a crash or register dump: a name and one value (`instruction address: 0x00004ed8`,
 * `machine check enable..........1`), a list of `reg=value` pairs, or a section heading (`general purpose
 * registers:`). Systems log them at the fault's level, but they describe the fault reported beside them; the fault
 * line is the event.
 */
export function isDumpLine(line: string): boolean {
  // After a header the parser did not split off, the body starts after its upper-case level word.
  const token = levelToken.exec(line);
  const text = (token ? line.slice(token.index + token[0].length) : line).trim();
  if (text.length === 0 || text.length > 120) return false;
  if (/\b(?:panic|fail(?:ed|ure)?|fatal|error|abort(?:ed)?|terminated|stopping|killed)\b/i.test(text)) return false;
  // Registers: `r00=0x0 r01=0x0fb4b2f0`, `lr:00004ed0 cr:28244842 xer:20000002`.
  if (/^(?:[\w.$]+[=:]\S*\s*){2,}$/.test(text)) return true;
  // Dot-leader readings: `machine check enable..........1`, `program interrupt: illegal instruction......0`.
  if (/^[\w /().,:=-]{1,60}?\.{3,}\s*(?:<\*>|[\w.]+)(?:\s*\([\w.]+\))?$/.test(text)) return true;
  // A name long enough to leave the leader one or two dots: `guaranteed instruction cache block touch.0`,
  // `program interrupt: unimplemented operation..0` (a flag: one digit after a word, nothing else).
  if (/^[A-Za-z][\w /(),:=-]{0,60}[A-Za-z]\.{1,2}\d$/.test(text)) return true;
  // One wide register in hex words: `fpr29=0xffffffff ffffffff ffffffff ffffffff`.
  if (/^[\w.$]+[=:]\s*(?:0x)?[0-9a-f]{4,}(?:\s+[0-9a-f]{4,})+$/i.test(text)) return true;
  return /^[\w /().-]{1,60}:\s*(?:<\*>|0x[0-9a-f]+|\d+)?$/i.test(text);
}

/** Response-time phrases in free text: `took 123ms`, `in 45 ms`, `latency=0.3s`, `rt=0.012`. */
const latencyPattern =
  /\b(?:took|in|latency|duration|elapsed|rt|request_time|response_time|upstream_response_time|time)[=: ]\s*"?(\d+(?:\.\d+)?)\s*(ms|s|us|µs|sec|secs|seconds|milliseconds)?\b/i;
const latencyHint = /\b(?:took|in|latency|duration|elapsed|rt|request_time|response_time|upstream_response_time)\b/i;

export function mayCarryLatency(templateText: string): boolean {
  return latencyHint.test(templateText);
}

/**
 * Milliseconds, or undefined. A bare number after `rt=`/`request_time=` is seconds (nginx's convention). A
 * hand-written scan for the same match was measured at twice this regex's cost, so the regex stays.
 */
export function extractLatencyMs(message: string): number | undefined {
  const m = latencyPattern.exec(message);
  if (!m) return undefined;
  const value = Number(m[1]);
  if (!Number.isFinite(value)) return undefined;
  return toMilliseconds(value, (m[2] ?? '').toLowerCase(), /rt|request_time|response_time/i.test(m[0]));
}

function toMilliseconds(value: number, unit: string, secondsKey: boolean): number | undefined {
  if (unit === 'ms' || unit === 'milliseconds') return value;
  if (unit === 's' || unit === 'sec' || unit === 'secs' || unit === 'seconds') return value * 1000;
  if (unit === 'us' || unit === 'µs') return value / 1000;
  // No unit: only the nginx/apache-style keys are known to be seconds; anything else is ambiguous.
  return secondsKey ? value * 1000 : undefined;
}

const percentHint = /\b(?:cpu|mem|memory|disk|heap|swap|storage|filesystem|fs|inode|inodes)\b/i;
const percentPattern = /\b(cpu|mem(?:ory)?|disk|heap|swap|storage|filesystem|fs|inodes?)\b[\w ]{0,24}?[=: ]\s*(\d{1,3}(?:\.\d+)?)\s*%/gi;

export function mayCarryPercent(templateText: string): boolean {
  return templateText.includes('%') && percentHint.test(templateText);
}

/** Resource readings at or above `threshold` percent, as [family, value] pairs. */
export function highPercentReadings(message: string, threshold: number): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  percentPattern.lastIndex = 0;
  for (let m = percentPattern.exec(message); m; m = percentPattern.exec(message)) {
    const value = Number(m[2]);
    if (value >= threshold && value <= 100) out.push([percentFamily(m[1]!), value]);
  }
  return out;
}

function percentFamily(word: string): string {
  const w = word.toLowerCase();
  if (w.startsWith('mem') || w === 'heap' || w === 'swap') return 'memory';
  if (w === 'cpu') return 'cpu';
  return 'disk';
}
