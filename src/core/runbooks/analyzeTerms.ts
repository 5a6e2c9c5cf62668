/**
 * Text → search terms, shared by BM25 and the built-in embedder so both see the same vocabulary. Log lines are masked
 * first (timestamps, IPs, UUIDs, hashes, long numbers), as the template miner does, because those values never appear
 * in a runbook and only dilute a query. Short integers stay: 137, 429, 503, 1205 or 5432 are exit, HTTP, error codes
 * and ports that runbooks do mention.
 */
import stem from 'wink-porter2-stemmer';

/**
 * One alternation, one pass: at each position the leftmost alternative that matches wins, so longer shapes
 * (timestamps, IPs) are listed before the plain numbers they contain.
 */
const variablePattern = new RegExp(
  [
    // ISO-8601 and common log timestamps.
    /\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?/,
    /\b\d{1,2}\/[A-Za-z]{3}\/\d{4}(?::\d{2}:\d{2}:\d{2})?(?:\s+[+-]\d{4})?/,
    /\b\d{2}:\d{2}:\d{2}(?:[.,]\d+)?\b/,
    /\b\d{4}[-/]\d{2}[-/]\d{2}\b/,
    // URLs keep their path words but lose scheme and host.
    /\b[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s/]+/,
    /\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b/,
    /\b(?:\d{1,3}\.){3}\d{1,3}(?:\/\d{1,2})?\b/,
    /\b(?:[0-9a-fA-F]{1,4}:){3,7}[0-9a-fA-F]{1,4}\b/,
    /\b[\w.+-]+@[\w-]+\.[\w.-]+\b/,
    /\b0x[0-9a-fA-F]+\b/,
    // Hex ids, hashes, container ids, pod-name suffixes: hex runs with at least one digit and one letter.
    /\b(?=[0-9a-fA-F]*\d)(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{6,}\b/,
    // Quantities with units keep the unit (latency in ms vs size in GB says something), lose the value.
    /\b\d+(?:\.\d+)?(ms|us|µs|ns|s|sec|secs|m|min|h|kb|mb|gb|tb|kib|mib|gib|tib|b|%)(?![A-Za-z])/,
    /\b\d+\.\d+\b/,
    /\b\d{5,}\b/,
  ]
    .map((r) => r.source)
    .join('|'),
  'gi',
);

/** Replaces variable parts of a log line or query (times, addresses, ids, long numbers) with spaces. */
export function maskLogVariables(text: string): string {
  return text.replace(variablePattern, (_match, unit: string | undefined) => (unit ? ` ${unit} ` : ' '));
}

const stopWords = new Set(
  (
    'a about above after again against all am an and any are as at be because been before being below between both ' +
    'but by can could did do does doing down during each few for from further had has have having he her here hers ' +
    'him his how i if in into is it its itself just me more most my no nor not of off on once only or other our ours ' +
    'out over own same she should so some such than that the their theirs them then there these they this those ' +
    'through to too under until up very was we were what when where which while who whom why will with would you ' +
    'your yours also via per etc eg ie e g'
  ).split(' '),
);

/** Words kept as-is: stemming them would merge unrelated terms or break a well-known token. */
const unstemmed = new Set(['5xx', '4xx', 'dns', 'tls', 'ssl', 'oom', 'k8s', 'redis', 'kafka', 'nginx', 'postgres']);

const termCache = new Map<string, string>();

/** '' marks a word that yields no term (cached too). */
function normalizeWord(word: string): string | undefined {
  let term = termCache.get(word);
  if (term === undefined) {
    if (word.length < 2 || word.length > 40 || stopWords.has(word) || /^\d{5,}$/.test(word)) term = '';
    else term = unstemmed.has(word) || /\d/.test(word) ? word : stem(word);
    if (termCache.size > 50000) termCache.clear();
    termCache.set(word, term);
  }
  return term === '' ? undefined : term;
}

/**
 * Splits into lower-case, stemmed terms. A camelCase or PascalCase token (OOMKilled, CrashLoopBackOff) yields its
 * whole form and its parts, so both `CrashLoopBackOff` and "crash loop" match.
 */
export function analyzeTerms(text: string, options: { mask?: boolean } = {}): string[] {
  const source = options.mask === false ? text : maskLogVariables(text);
  const terms: string[] = [];
  // A hand-written scanner: regex splitting and per-token camelCase regexes cost 10x more on large runbook sets.
  let start = -1;
  const flush = (end: number): void => {
    if (start < 0) return;
    const raw = source.slice(start, end);
    start = -1;
    const whole = normalizeWord(raw.toLowerCase());
    if (whole) terms.push(whole);
    const parts = camelParts(raw);
    if (parts) {
      for (const part of parts) {
        const term = normalizeWord(part.toLowerCase());
        if (term) terms.push(term);
      }
    }
  };
  for (let i = 0; i < source.length; i++) {
    if (isWordChar(source.charCodeAt(i), source, i)) {
      if (start < 0) start = i;
    } else {
      flush(i);
    }
  }
  flush(source.length);
  return terms;
}

const letterOrNumber = /[\p{L}\p{N}]/u;

function isWordChar(code: number, source: string, i: number): boolean {
  if (code < 128) return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
  return letterOrNumber.test(source.charAt(i));
}

/** Parts of a mixed-case token (OOMKilled → OOM, Killed), or undefined when there is nothing to split. */
function camelParts(raw: string): string[] | undefined {
  let parts: string[] | undefined;
  let from = 0;
  for (let i = 1; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c < 65 || c > 90) continue;
    const previous = raw.charCodeAt(i - 1);
    const next = i + 1 < raw.length ? raw.charCodeAt(i + 1) : 0;
    const previousLowerOrDigit = (previous >= 97 && previous <= 122) || (previous >= 48 && previous <= 57);
    const acronymEnd = previous >= 65 && previous <= 90 && next >= 97 && next <= 122;
    if (previousLowerOrDigit || acronymEnd) {
      (parts ??= []).push(raw.slice(from, i));
      from = i;
    }
  }
  if (!parts) return undefined;
  parts.push(raw.slice(from));
  return parts;
}
