/**
 * Token-level variable masking before template mining: values that are obviously variable (numbers, ids, addresses,
 * paths, ...) become `<*>` so that the miner compares only the words that carry meaning.
 *
 * Everything is a single pass over char codes: the miner masks every record, so no backtracking regexes here.
 */

export const wildcard = '<*>';

/** A message split into tokens, masked, with the raw text each masked token stood for (aligned by index). */
export interface MaskedTokens {
  tokens: string[];
  raw: string[];
  /** Where each token's raw text sits in the message: `[start0, end0, start1, end1, ...]` (end exclusive). */
  spans: number[];
}

const httpMethods = new Set(['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'PATCH', 'OPTIONS', 'CONNECT', 'TRACE']);

/** An ASCII digit's code unit. */
export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
function isHexLetter(c: number): boolean {
  return (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}
/** Characters that glue the parts of one identifier or value: `attempt_1_2`, `10.0.0.1`, `12:01:02`, `a-b`. */
function isGlue(c: number): boolean {
  return c === 95 || c === 46 || c === 45 || c === 58 || c === 47 || c === 35 || c === 43 || c === 64 || c === 36 || c === 126 || c === 92 || c === 44;
}
/** Leading wrappers stripped before classifying a token and put back after: `(`, `[`, `{`, `<`, quotes. */
function isOpener(c: number): boolean {
  return c === 40 || c === 91 || c === 123 || c === 60 || c === 34 || c === 39 || c === 96;
}
/** Trailing wrappers and punctuation: `)`, `]`, `}`, `>`, `,`, `;`, `.`, `:`, `!`, `?`, quotes. */
function isCloser(c: number): boolean {
  return c === 41 || c === 93 || c === 125 || c === 62 || c === 44 || c === 59 || c === 46 || c === 58 || c === 33 || c === 63 || c === 34 || c === 39 || c === 96;
}

function isUpperCode(c: number): boolean {
  return c >= 65 && c <= 90;
}

/**
 * True when one alphanumeric segment (no glue characters) is a value rather than a word: all digits, starting with a
 * digit (`3GiB`, `250ms`), at least as many digits as letters (`R02`, `dn228`), or a long hex run (`41b8e0d8ff`).
 * Words with a few digits stay (`ext3`, `IPv4`, `Brcm43xx`, `eth0`).
 */
function isVariableSegment(text: string, start: number, end: number): boolean {
  let digits = 0;
  let letters = 0;
  let hex = true;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (isDigit(c)) digits++;
    else {
      letters++;
      if (!isHexLetter(c)) hex = false;
    }
  }
  if (digits === 0) return false;
  if (isDigit(text.charCodeAt(start))) return true;
  // A token of an upper-case letter and one digit names a level or a part (`L3` cache, tree `C1` wire), not a value.
  if (end - start === 2 && start === 0 && end === text.length && isUpperCode(text.charCodeAt(start))) return false;
  if (digits >= letters) return true;
  return hex && end - start >= 8;
}

/** Masks a token core that holds a digit: `<*>` when any segment is a value, else null (leave it). */
function maskDigitCore(core: string): string | null {
  const n = core.length;
  // The common values (`375378`, `163.97`, `177ms`, `172.16.0.1`, `2026-11-20`) answer at once: below, only `=`, `:`
  // or a structural character lead anywhere but the segment loop, whose first segment starts with a digit here.
  // `1512345,statClient` (a toString() glues the next key to a value, `size = 3,totalTime = 12`): the key stays.
  const comma = core.lastIndexOf(',');
  if (comma > 0 && n - comma > 2 && isPlainWord(core, comma + 1, n)) {
    const value = maskCore(core.slice(0, comma));
    if (value === wildcard) return `${wildcard},${core.slice(comma + 1)}`;
  }
  if (isDigit(core.charCodeAt(0)) && isPlainValue(core)) return wildcard;
  // A dot leader keeps its label: `instruction......0` → `instruction......<*>` (BlueGene RAS, BIOS and sensor dumps).
  const leader = core.indexOf('..');
  if (leader > 1 && (isPlainWord(core, 0, leader) || (core.startsWith('...', leader) && isLeaderLabel(core, leader)))) {
    let valueStart = leader + 2;
    while (valueStart < n && core.charCodeAt(valueStart) === 46) valueStart++;
    if (valueStart < n) {
      const maskedValue = maskCore(core.slice(valueStart));
      if (maskedValue !== null) return core.slice(0, valueStart) + maskedValue;
    }
  }
  // key=value keeps its key: `uid=0` → `uid=<*>`, `user=root` stays for the miner to judge.
  const eq = core.indexOf('=');
  if (eq > 0 && eq < n) {
    const key = core.slice(0, eq);
    if (isKeyName(key)) {
      const value = core.slice(eq + 1);
      if (value.length === 0) return null;
      const maskedValue = maskCore(value);
      return maskedValue === null ? null : `${key}=${maskedValue}`;
    }
  }
  let structural = false;
  for (let i = 0; i < n; i++) {
    const c = core.charCodeAt(i);
    if (!isDigit(c) && !isLetter(c) && !isGlue(c)) {
      structural = true;
      break;
    }
  }
  if (!structural) {
    // `status:200` keeps a plain word key; `host.example.com:8080` is one value.
    const colon = core.indexOf(':');
    // `domains:node-D1` → `domains:<*>` too: the key is a plain word whatever the value starts with (not `C:\x`).
    const afterColon = core.charCodeAt(colon + 1);
    if (colon > 0 && colon < n - 1 && isPlainWord(core, 0, colon) && (isDigit(afterColon) || (colon > 1 && afterColon !== 92 && afterColon !== 47))) {
      const rest = core.slice(colon + 1);
      const maskedRest = maskCore(rest);
      if (maskedRest !== null) return `${core.slice(0, colon)}:${maskedRest}`;
    }
    // `10.0.0.1:50010:Transmitted` (HDFS glues the event word to the address): the word after the value stays.
    const lastColon = core.lastIndexOf(':');
    if (lastColon > 0 && n - lastColon > 3 && isPlainWord(core, lastColon + 1, n)) {
      const value = maskCore(core.slice(0, lastColon));
      if (value === wildcard || value === '/' + wildcard) return `${value}:${core.slice(lastColon + 1)}`;
    }
    // `/10.0.0.1:50010` (Java's InetSocketAddress.toString) is one address, its slash included.
    if (core.charCodeAt(0) === 47 && n > 1 && isDigit(core.charCodeAt(1))) return wildcard;
    if (core.charCodeAt(0) === 72 && /^HTTP\/\d(?:\.\d)?$/.test(core)) return null;
    // `jetty-6.1.26`, `Apache/2.2.3`, `node-12`: a name keeps itself, its version or serial is the value.
    const versionAt = versionStart(core);
    if (versionAt > 0) return core.slice(0, versionAt) + wildcard;
    const source = maskSourceLocation(core);
    if (source !== null) return source;
    // `#3` (a counter: `Socket Reader #3`) keeps its sign.
    if (core.charCodeAt(0) === 35 && n > 1 && isDigit(core.charCodeAt(1))) return maskCore(core.slice(1)) === wildcard ? '#' + wildcard : wildcard;
    let segStart = 0;
    for (let i = 0; i <= n; i++) {
      if (i === n || isGlue(core.charCodeAt(i))) {
        if (i > segStart && isVariableSegment(core, segStart, i)) return wildcard;
        segStart = i + 1;
      }
    }
    return null;
  }
  // Structured token (`Switch<0>(0x0)::cb`, `Token{41b8e0d8`): mask value runs inside, keep the structure.
  let out = '';
  let last = 0;
  let runStart = -1;
  let changed = false;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? core.charCodeAt(i) : 32;
    const inRun = isDigit(c) || isLetter(c) || c === 95 || c === 46 || c === 45;
    if (inRun) {
      if (runStart < 0) runStart = i;
      continue;
    }
    if (runStart >= 0) {
      if (isValueRun(core, runStart, i)) {
        out += core.slice(last, runStart) + wildcard;
        last = i;
        changed = true;
      }
      runStart = -1;
    }
  }
  if (!changed) return null;
  return out + core.slice(last);
}

/**
 * Where the number starts in a name with a number after it: a version (`jetty-6.1.26`, `Apache/2.2.3`) or a serial
 * (`node-12`, `core.2275`: letters, `-` or `.`, digits); -1 otherwise. Ids mixing more parts (`R02-M1-N0`,
 * `blk_-42`, `attempt_1_2`) are values whole.
 */
function versionStart(core: string): number {
  let i = 0;
  while (i < core.length && (isLetter(core.charCodeAt(i)) || (i > 0 && core.charCodeAt(i) === 95))) i++;
  if (i < 2 || i + 1 >= core.length || !isLetter(core.charCodeAt(i - 1))) return -1;
  const sep = core.charCodeAt(i);
  if (sep !== 45 && sep !== 47 && sep !== 46) return -1;
  if (!isDigit(core.charCodeAt(i + 1))) return -1;
  const start = i + 1;
  let dots = 0;
  for (let j = start; j < core.length; j++) {
    const c = core.charCodeAt(j);
    if (c === 46 && j > start && isDigit(core.charCodeAt(j - 1)) && j + 1 < core.length) dots++;
    else if (!isDigit(c)) return -1;
  }
  return dots > 0 || sep !== 47 ? start : -1;
}

const sourceExtensions = new Set(['c', 'cc', 'cpp', 'cxx', 'h', 'hh', 'hpp', 'java', 'py', 'go', 'rs', 'js', 'ts', 'rb', 'm', 'mm', 'swift', 'kt', 'scala', 'cs', 'php', 'pl', 'lua', 'erl', 'ex', 'exs']);

/**
 * A source location keeps its file and masks its numbers: `ib_sm_sweep.c:1234` → `ib_sm_sweep.c:<*>`,
 * `DAVEngineImpl.cpp:1234:Close` → `DAVEngineImpl.cpp:<*>:Close`; null when the core is not one.
 */
function maskSourceLocation(core: string): string | null {
  const colon = core.indexOf(':');
  const dot = core.lastIndexOf('.', colon);
  if (colon < 3 || dot <= 0 || !sourceExtensions.has(core.slice(dot + 1, colon))) return null;
  for (let i = 0; i < dot; i++) {
    const c = core.charCodeAt(i);
    if (!isLetter(c) && !isDigit(c) && c !== 95 && c !== 45 && c !== 46) return null;
  }
  let out = core.slice(0, colon);
  let i = colon;
  while (i < core.length && core.charCodeAt(i) === 58) {
    let j = i + 1;
    while (j < core.length && core.charCodeAt(j) !== 58) j++;
    const part = core.slice(i + 1, j);
    if (part.length === 0) return null;
    let digits = true;
    for (let k = 0; k < part.length; k++) if (!isDigit(part.charCodeAt(k))) digits = false;
    if (digits) out += ':' + wildcard;
    else if (isPlainWord(part, 0, part.length) && j === core.length) out += ':' + part;
    else return null;
    i = j;
  }
  return out;
}

/** Only digits, letters and glue other than `:`. */
function isPlainValue(core: string): boolean {
  for (let i = 0; i < core.length; i++) {
    const c = core.charCodeAt(i);
    if (!isDigit(c) && !isLetter(c) && (c === 58 || !isGlue(c))) return false;
  }
  return true;
}

function isValueRun(text: string, start: number, end: number): boolean {
  let segStart = start;
  for (let i = start; i <= end; i++) {
    if (i === end || isGlue(text.charCodeAt(i))) {
      if (i > segStart && isVariableSegment(text, segStart, i)) return true;
      segStart = i + 1;
    }
  }
  return false;
}

function isKeyName(key: string): boolean {
  if (key.length === 0 || key.length > 40) return false;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (!isLetter(c) && c !== 95 && c !== 45 && c !== 46 && !(i > 0 && isDigit(c))) return false;
  }
  return true;
}

/**
 * The label before a long dot leader may be a name with digits or dashes (`i-fetch......0`, `L3.........0`): it
 * starts with a letter and holds letters, digits, `_` and `-` only.
 */
function isLeaderLabel(text: string, end: number): boolean {
  return isNameBefore(text, end, 45);
}

/** text[0, end) starts with a letter and holds only letters, digits, `_` and the one extra character given. */
function isNameBefore(text: string, end: number, extra: number): boolean {
  if (!isLetter(text.charCodeAt(0))) return false;
  for (let i = 1; i < end; i++) {
    const c = text.charCodeAt(i);
    if (!isLetter(c) && !isDigit(c) && c !== 95 && c !== extra) return false;
  }
  return true;
}

function isPlainWord(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (!isLetter(text.charCodeAt(i)) && text.charCodeAt(i) !== 95) return false;
  return end > start;
}

/** Masks a token without digits when it is a URL, a path or an e-mail address; null otherwise. */
function maskWordCore(core: string): string | null {
  const n = core.length;
  if (n < 3) return null;
  const first = core.charCodeAt(0);
  if (core.indexOf('://') > 0) return wildcard;
  if (first === 47) {
    // `/etc/httpd/conf` (two slashes) is a path; `/` or `/login` may be a constant route or option.
    return core.indexOf('/', 1) > 1 ? wildcard : null;
  }
  if ((first === 126 || first === 46) && core.charCodeAt(1) === 47) return wildcard; // ~/x, ./x
  if (isLetter(first) && core.charCodeAt(1) === 58 && core.charCodeAt(2) === 92) return wildcard; // C:\Windows
  const at = core.indexOf('@');
  if (at > 0 && core.indexOf('.', at) > at + 1 && core.indexOf('@', at + 1) < 0 && isEmail(core, at)) return wildcard;
  return null;
}

function isEmail(core: string, at: number): boolean {
  for (let i = 0; i < core.length; i++) {
    if (i === at) continue;
    const c = core.charCodeAt(i);
    if (!isLetter(c) && !isDigit(c) && c !== 46 && c !== 45 && c !== 95 && c !== 43) return false;
  }
  return true;
}

/** Masks a token core (wrappers already stripped); null when it is kept as is. */
function maskCore(core: string): string | null {
  let hasDigit = false;
  for (let i = 0; i < core.length; i++) {
    if (isDigit(core.charCodeAt(i))) {
      hasDigit = true;
      break;
    }
  }
  if (hasDigit) {
    const asLocation = core.length >= 3 && (core.indexOf('://') > 0 || (core.charCodeAt(0) === 47 && core.indexOf('/', 1) > 1));
    return asLocation || isMacAddress(core) ? wildcard : maskDigitCore(core);
  }
  const eq = core.indexOf('=');
  if (eq > 0 && isKeyName(core.slice(0, eq))) {
    const value = core.slice(eq + 1);
    const masked = value.length > 0 ? (isBooleanWord(value, 0, value.length) ? wildcard : maskWordCore(value)) : null;
    return masked === null ? null : `${core.slice(0, eq)}=${masked}`;
  }
  return maskWordCore(core);
}

/** `true`/`false` in any case, the whole of text[start, end). */
function isBooleanWord(text: string, start: number, end: number): boolean {
  const n = end - start;
  if (n !== 4 && n !== 5) return false;
  const word = text.slice(start, end).toLowerCase();
  return word === 'true' || word === 'false';
}

/** Cheap test before maskBoolean: the token ends in `e` or `E` once closers are dropped. */
function mayHoldBoolean(token: string): boolean {
  let end = token.length;
  while (end > 0 && isCloser(token.charCodeAt(end - 1))) end--;
  const c = token.charCodeAt(end - 1);
  return c === 101 || c === 69;
}

/** `false` → `<*>`, `(true),` → `(<*>),`, `isOverlap:false` → `isOverlap:<*>`; anything else unchanged. */
function maskBoolean(token: string): string {
  let start = 0;
  let end = token.length;
  while (start < end && isOpener(token.charCodeAt(start))) start++;
  while (end > start && isCloser(token.charCodeAt(end - 1))) end--;
  if (isBooleanWord(token, start, end)) return token.slice(0, start) + wildcard + token.slice(end);
  const colon = token.lastIndexOf(':', end - 1);
  if (colon > start && isBooleanWord(token, colon + 1, end) && isPlainWord(token, start, colon)) return token.slice(0, colon + 1) + wildcard + token.slice(end);
  // A call's boolean argument: `setLightsOn(true)` → `setLightsOn(<*>)`.
  const paren = token.lastIndexOf('(', end - 1);
  if (paren > start && token.charCodeAt(end) === 41 && isBooleanWord(token, paren + 1, end) && isPlainWord(token, start, paren)) return token.slice(0, paren + 1) + wildcard + token.slice(end);
  return token;
}

/** `true,ledNotification` → `<*>,ledNotification`, `=false,mScreenOn` → `=<*>,mScreenOn`; null for any other token. */
function maskGluedBoolean(token: string): string | null {
  const comma = token.indexOf(',');
  if (comma < 4 || comma > 6 || token.length - comma <= 2 || !isPlainWord(token, comma + 1, token.length)) return null;
  const start = token.charCodeAt(0) === 61 ? 1 : 0;
  return isBooleanWord(token, start, comma) ? token.slice(0, start) + wildcard + token.slice(comma) : null;
}

/** Masks one whitespace-free token, keeping wrappers and trailing punctuation: `[10.0.0.1]` → `[<*>]`. */
export function maskToken(token: string): string {
  const n = token.length;
  let needsWork = false;
  for (let i = 0; i < n; i++) {
    const c = token.charCodeAt(i);
    if (isDigit(c) || c === 47 || c === 64 || c === 92 || c === 61) {
      needsWork = true;
      break;
    }
  }
  // A boolean glued to the next key by a comma: `true,ledNotification`, `=false,mScreenOn` (Android's toString()s).
  const glued = maskGluedBoolean(token);
  if (glued !== null) return glued;
  if (!needsWork) {
    // A boolean is a value: `false`, `(true)`, `isOverlap:false` (a `key=false` comes through maskCore below).
    return n >= 4 && mayHoldBoolean(token) ? maskBoolean(token) : token;
  }
  // A call's argument is a token of its own: `chdir(/p/gb1/run/2183)` → `chdir(<*>)`, `mIp(10.0.0.1),` → `mIp(<*>),`.
  const paren = token.indexOf('(');
  if (paren > 0 && isCallName(token, paren)) {
    let close = n;
    while (close > paren && (token.charCodeAt(close - 1) === 44 || token.charCodeAt(close - 1) === 59)) close--;
    if (close > paren + 1 && token.charCodeAt(close - 1) === 41) {
      const argument = token.slice(paren, close);
      const masked = maskToken(argument);
      if (masked !== argument) return token.slice(0, paren) + masked + token.slice(close);
    }
  }
  let start = 0;
  let end = n;
  while (start < end && isOpener(token.charCodeAt(start))) start++;
  while (end > start && isCloser(token.charCodeAt(end - 1))) end--;
  if (start === end) return token;
  // `<1`, `>500`, `~3`: a bound or approximation is part of the value.
  if (start > 0 && isDigit(token.charCodeAt(start)) && (token.charCodeAt(start - 1) === 60 || token.charCodeAt(start - 1) === 62) && token.charCodeAt(n - 1) !== 62) {
    const inner = maskCore(token.slice(start, end));
    if (inner === wildcard) return token.slice(0, start - 1) + wildcard + token.slice(end);
  }
  const masked = maskCore(start === 0 && end === n ? token : token.slice(start, end));
  if (masked === null) return token;
  return token.slice(0, start) + masked + token.slice(end);
}

/**
 * `00:0D:60:E9:1E:25`, `00-0d-60-e9-1e-25`, BlueGene's 12-pair `FF:F2:9F:16:E1:DA:00:0D:60:E9:1E:25`: six or more hex
 * pairs with one separator. One value, not one per pair.
 */
function isMacAddress(core: string): boolean {
  const n = core.length;
  if (n < 17 || n % 3 !== 2) return false;
  const separator = core.charCodeAt(2);
  if (separator !== 58 && separator !== 45) return false;
  for (let i = 0; i < n; i++) {
    const c = core.charCodeAt(i);
    if (i % 3 === 2 ? c !== separator : !isDigit(c) && !isHexLetter(c)) return false;
  }
  return true;
}

/** `chdir`, `os.open`, `fopen64`: letters first, then letters, digits, `_` or `.`, up to the `(` at `end`. */
function isCallName(token: string, end: number): boolean {
  return isNameBefore(token, end, 46);
}

function countQuotes(part: string, quote: number): number {
  let n = 0;
  for (let i = 0; i < part.length; i++) if (part.charCodeAt(i) === quote) n++;
  return n;
}

/** The quote character a token opens (`"x`, `'x`, `key="x`) or 0. Apostrophes inside words (`can't`) do not count. */
function openingQuote(part: string): number {
  const first = part.charCodeAt(0);
  if (first === 34 || first === 39) return first;
  const eq = part.indexOf('=');
  if (eq > 0 && eq + 1 < part.length) {
    const q = part.charCodeAt(eq + 1);
    if (q === 34 || q === 39) return q;
  }
  return 0;
}

/**
 * Masks a quoted value held in `span` (one or more tokens joined by spaces): `"a b",` → `"<*>",`, `tag="x y"` →
 * `tag="<*>"`. A quoted key (`'Mask':`) and an empty string stay; an HTTP request line keeps its words.
 */
function maskQuoted(span: string, quote: number): string | null {
  const open = span.indexOf(String.fromCharCode(quote));
  const close = span.lastIndexOf(String.fromCharCode(quote));
  if (close <= open + 1) return null;
  const after = span.slice(close + 1);
  if (after.charCodeAt(0) === 58) return null; // a quoted key
  const inner = span.slice(open + 1, close);
  const space = inner.indexOf(' ');
  if (space > 0 && httpMethods.has(inner.slice(0, space))) return null;
  // One quoted word ('Active', "RUNNING") is left to the miner, which tells a state from a name by how it varies:
  // masking it here would merge `in state 'Active'` with `in state 'Inactive'`.
  if (space < 0 && isQuotedWord(inner)) return null;
  return span.slice(0, open + 1) + wildcard + span.slice(close);
}

function isQuotedWord(inner: string): boolean {
  if (inner.length < 2 || inner.length > 32 || !isLetter(inner.charCodeAt(0)) || !isLetter(inner.charCodeAt(inner.length - 1))) return false;
  for (let i = 1; i < inner.length - 1; i++) {
    const c = inner.charCodeAt(i);
    if (!isLetter(c) && c !== 95 && c !== 45) return false;
  }
  return true;
}

/**
 * Splits a message on whitespace and masks its variables. Quoted values (one or several words) become one `<*>`, and
 * runs of adjacent variables collapse into one, so that a value of variable length (a list of numbers, a multi-word
 * quoted string) does not change the token count.
 */
export function maskTokens(message: string): MaskedTokens {
  const { tokens, spans } = maskTokenSpans(message);
  const raw: string[] = new Array<string>(tokens.length);
  for (let i = 0; i < tokens.length; i++) raw[i] = message.slice(spans[2 * i], spans[2 * i + 1]);
  return { tokens, raw, spans };
}

/** maskTokens without the raw texts (the miner needs only where they are: one string fewer per token). */
export function maskTokenSpans(message: string): Omit<MaskedTokens, 'raw'> {
  const { parts, starts } = splitWithOffsets(message);
  const out = { tokens: [] as string[], spans: [] as number[] };
  // The part that may be a unit: the one right after a bare number (or after a number and its unit).
  let measured = -1;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    const quote = openingQuote(part);
    if (quote !== 0) {
      let end = i;
      if (countQuotes(part, quote) % 2 === 1) {
        // The value spans tokens: find the one that closes it (bounded look-ahead).
        end = -1;
        const limit = Math.min(parts.length, i + 64);
        for (let j = i + 1; j < limit; j++) {
          if (countQuotes(parts[j], quote) % 2 === 1) {
            end = j;
            break;
          }
        }
      }
      if (end >= i) {
        const spanEnd = starts[end] + parts[end].length;
        const span = end === i ? part : message.slice(starts[i], spanEnd);
        const masked = maskQuoted(span, quote);
        if (masked !== null) {
          push(out, masked, starts[i], spanEnd);
          i = end;
          continue;
        }
        if (end > i) {
          // HTTP request line or quoted key: mask its words one by one. A request line's protocol goes with its
          // target (`"GET <*>"`): HTTP/1.0, 1.1, 2 are one request as far as the event goes.
          for (let j = i; j <= end; j++) {
            const protocol = j === end && j > i && parts[j].startsWith('HTTP/') && httpMethods.has(parts[i].slice(1));
            const masked = protocol ? wildcard + parts[j].slice(parts[j].lastIndexOf(String.fromCharCode(quote))) : maskToken(parts[j]);
            push(out, masked, starts[j], starts[j] + parts[j].length);
          }
          i = end;
          continue;
        }
      }
    }
    // A number's unit belongs to the value (`1190 bytes`, `<1 sec`, `2.3 KB,`), and so does the same size given again
    // in another unit (`1190 bytes (1.16 KB) sent`): sizes and durations of every magnitude are one variable.
    if (measured === i && lastToken(out) === wildcard) {
      const unitEnd = unitWordEnd(part, i + 1 < parts.length && parts[i + 1].charCodeAt(0) === 40);
      if (unitEnd > 0) {
        push(out, wildcard + part.slice(unitEnd), starts[i], starts[i] + part.length);
        if (unitEnd === part.length) measured = i + 1;
        continue;
      }
      if (part.charCodeAt(0) === 40 && i + 1 < parts.length && startsWithValue(part.slice(1)) && maskToken(part) === '(' + wildcard) {
        const next = parts[i + 1];
        const close = next.indexOf(')');
        if (close > 0 && unitWordEnd(next.slice(0, close)) === close) {
          push(out, wildcard + next.slice(close + 1), starts[i], starts[i + 1] + next.length);
          i++;
          continue;
        }
      }
    }
    if (startsWithValue(part) && part.length > 0 && !isCloser(part.charCodeAt(part.length - 1))) measured = i + 1;
    const dateWords = calendarWordsAt(parts, i);
    if (dateWords > 0) {
      // `Fri Jun 17 20:55:07 2005` inside a message: the words of a date are as variable as its digits.
      for (let j = i; j < i + dateWords; j++) push(out, wildcard, starts[j], starts[j] + parts[j].length);
      i += dateWords - 1;
      continue;
    }
    const pathEnd = bracketedPathEnd(parts, i);
    if (pathEnd > i) {
      // `(/var/lib/ganglia/rrds/C Nodes/cn304/pkts_out.rrd):`: a path with spaces in brackets is one value.
      const last = parts[pathEnd];
      const close = last.indexOf(part.charCodeAt(0) === 40 ? ')' : ']');
      push(out, part[0] + wildcard + last.slice(close), starts[i], starts[pathEnd] + last.length);
      i = pathEnd;
      continue;
    }
    const series = numberedSeriesAt(parts, i);
    if (series > 1) {
      // `dadmin2 dadmin3 dadmin4`: a list of numbered names (hosts, nodes) is data however many it holds.
      for (let j = i; j < i + series; j++) push(out, wildcard, starts[j], starts[j] + parts[j].length);
      i += series - 1;
      continue;
    }
    push(out, maskToken(part), starts[i], starts[i] + part.length);
  }
  return out;
}

/**
 * The part that closes a bracketed path opened at `i` and spread over parts by its spaces (`(/a/C Nodes/b.rrd)`), or -1:
 * the opener is `(/` or `[/`, the closer comes within 4 parts, and each later part is path text (a `/` before the closer).
 */
function bracketedPathEnd(parts: readonly string[], i: number): number {
  const part = parts[i];
  const open = part.charCodeAt(0);
  if ((open !== 40 && open !== 91) || part.charCodeAt(1) !== 47) return -1;
  const closer = open === 40 ? ')' : ']';
  if (part.includes(closer)) return -1;
  for (let j = i + 1; j < parts.length && j <= i + 4; j++) {
    const next = parts[j];
    const close = next.indexOf(closer);
    if (next.charCodeAt(0) === open) return -1;
    if (close >= 0) return next.lastIndexOf('/', close) > 0 ? j : -1;
  }
  return -1;
}

/**
 * How many parts from `i` on are one name numbered differently (`dadmin2 dadmin3 dadmin4`, `node1, node2`): letters, then
 * digits, then an optional comma. 0 or 1 when there is no such run.
 */
function numberedSeriesAt(parts: readonly string[], i: number): number {
  const first = parts[i];
  const digits = numberedNameDigits(first);
  if (digits <= 0 || i + 1 >= parts.length) return 0;
  const stem = first.slice(0, digits);
  let n = 1;
  let varies = false;
  while (i + n < parts.length) {
    const next = parts[i + n];
    if (numberedNameDigits(next) !== digits || !next.startsWith(stem)) break;
    if (next !== first) varies = true;
    n++;
  }
  return varies ? n : 0;
}

/** Where the digits of `dadmin2` or `node12,` begin (letters first), or -1. */
function numberedNameDigits(part: string): number {
  let end = part.length;
  if (end > 0 && part.charCodeAt(end - 1) === 44) end--;
  let d = end;
  while (d > 0 && isDigit(part.charCodeAt(d - 1))) d--;
  if (d === end || d === 0) return -1;
  for (let k = 0; k < d; k++) if (!isLetter(part.charCodeAt(k))) return -1;
  return d;
}

/** The last token pushed, or '' (the unit rule looks at it). */
function lastToken(out: Omit<MaskedTokens, 'raw'>): string {
  return out.tokens.length === 0 ? '' : out.tokens[out.tokens.length - 1];
}

/** A token whose text starts as a number does (`1190`, `2.3`, `<1`, `~5`). */
function startsWithValue(part: string): boolean {
  let i = 0;
  const first = part.charCodeAt(0);
  if (first === 60 || first === 62 || first === 126) i = 1;
  return isDigit(part.charCodeAt(i));
}

/** Sizes with a multiplier: the word changes with the magnitude (`2.3 KB`, `366.0 MB`), so it is part of the value. */
const scaledSizeUnits = new Set(['kb', 'mb', 'gb', 'tb', 'pb', 'kib', 'mib', 'gib', 'tib', 'pib', 'kbytes', 'mbytes', 'gbytes']);
/** Units that stay words (`<*> bytes`) unless the same size follows in another unit. */
const plainUnits = new Set(['b', 'byte', 'bytes']);

/**
 * Length of a unit word that belongs to the number before it (`KB,` → 2): a scaled size, or a plain size followed by
 * its conversion (`1190 bytes (1.16 KB)`); 0 otherwise.
 */
function unitWordEnd(part: string, conversionFollows = false): number {
  let end = part.length;
  while (end > 0 && isCloser(part.charCodeAt(end - 1))) end--;
  if (end === 0 || end > 8) return 0;
  const word = part.slice(0, end).toLowerCase();
  return scaledSizeUnits.has(word) || (conversionFollows && end === part.length && plainUnits.has(word)) ? end : 0;
}

const monthNames = new Set(['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']);
const weekdayNames = new Set(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);

/**
 * How many calendar words start a date at parts[i]: 2 for `Fri Jun 17`, 1 for `Jun 17 20:55:07` (a month needs a
 * day and a clock after it: `May 3` alone may be prose), else 0. Commas after the words are allowed (`Fri, Jun 17`).
 */
function calendarWordsAt(parts: string[], i: number): number {
  const word = parts[i];
  if (word.length < 3 || word.length > 4 || word.charCodeAt(0) < 65 || word.charCodeAt(0) > 90) return 0;
  const name = word.slice(0, 3);
  if (weekdayNames.has(name) && (word.length === 3 || word.charCodeAt(3) === 44)) {
    const month = parts[i + 1];
    return month !== undefined && monthNames.has(month) && isDayOfMonth(parts[i + 2]) ? 2 : 0;
  }
  if (monthNames.has(name) && word.length === 3) return isDayOfMonth(parts[i + 1]) && isClock(parts[i + 2]) ? 1 : 0;
  return 0;
}

function isDayOfMonth(part: string | undefined): boolean {
  if (part === undefined) return false;
  const n = part.length > 1 && part.charCodeAt(part.length - 1) === 44 ? part.length - 1 : part.length;
  return (n === 1 || n === 2) && isDigit(part.charCodeAt(0)) && isDigit(part.charCodeAt(n - 1));
}

/** `20:55:07`, `20:55`, `20:55:07.123`. */
function isClock(part: string | undefined): boolean {
  if (part === undefined || part.length < 5) return false;
  const c = part.charCodeAt(part.length - 3) === 58 || part.charCodeAt(2) === 58 || part.charCodeAt(1) === 58;
  return c && isDigit(part.charCodeAt(0)) && isDigit(part.charCodeAt(part.length - 1));
}

/** Appends a token; a variable right after a variable joins it (`<*> <*>` → `<*>`, `<*> <*>)` → `<*>)`). */
function push(out: Omit<MaskedTokens, 'raw'>, token: string, start: number, end: number): void {
  const { tokens, spans } = out;
  const last = tokens.length - 1;
  if (last >= 0 && tokens[last] === wildcard && token.startsWith(wildcard)) {
    tokens[last] = token;
    spans[2 * last + 1] = end;
    return;
  }
  tokens.push(token);
  spans.push(start, end);
}

/** Whitespace-separated parts and where each starts (fast path for the common single-space case). */
function splitWithOffsets(text: string): { parts: string[]; starts: number[] } {
  if (isSingleSpaced(text)) return splitOnSpaces(text);
  const parts = splitWhitespace(text);
  const starts: number[] = new Array(parts.length);
  let from = 0;
  for (let i = 0; i < parts.length; i++) {
    const at = text.indexOf(parts[i], from);
    starts[i] = at;
    from = at + parts[i].length;
  }
  return { parts, starts };
}

/** No tab, no run of spaces, no space at either end: every separator is one space (other whitespace stays in words). */
function isSingleSpaced(text: string): boolean {
  return text.indexOf('\t') < 0 && text.indexOf('  ') < 0 && text.charCodeAt(0) !== 32 && text.charCodeAt(text.length - 1) !== 32;
}

/**
 * `text.split(' ')` with where each part starts, for single-spaced text. By hand: split() is a runtime call that cost
 * ~0.7 µs on a 30-char message, indexOf and slice stay in generated code.
 */
function splitOnSpaces(text: string): { parts: string[]; starts: number[] } {
  const parts: string[] = [];
  const starts: number[] = [];
  if (text.length === 0) return { parts, starts };
  let from = 0;
  for (let space = text.indexOf(' '); space >= 0; space = text.indexOf(' ', from)) {
    parts.push(text.slice(from, space));
    starts.push(from);
    from = space + 1;
  }
  parts.push(from === 0 ? text : text.slice(from));
  starts.push(from);
  return { parts, starts };
}

/** Splits on runs of spaces and tabs (fast path for the common single-space case). */
export function splitWhitespace(text: string): string[] {
  if (text.indexOf('\t') < 0 && text.indexOf('  ') < 0 && text.charCodeAt(0) !== 32 && text.charCodeAt(text.length - 1) !== 32) {
    return text.length === 0 ? [] : text.split(' ');
  }
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 32;
    const space = c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12;
    if (space) {
      if (start >= 0) out.push(text.slice(start, i));
      start = -1;
    } else if (start < 0) start = i;
  }
  return out;
}

/** Replaces variables in free text with `<*>` (used for runbook retrieval queries and for display). */
export function maskVariables(text: string): string {
  return maskTokenSpans(text).tokens.join(' ');
}
