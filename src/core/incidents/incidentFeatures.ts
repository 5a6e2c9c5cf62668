/**
 * Structure the phrase cues cannot see in raw incident text: identifiers that glue words together (alert names such
 * as `NodeFilesystemSpaceFillingUp`, Kubernetes reasons such as `CrashLoopBackOff`, snake_case metrics such as
 * `Reallocated_Sector_Ct`), the exception types a stack trace names (with their packages: `javax.net.ssl.…`,
 * `psycopg2.…`) and the stack frames themselves. The classifier matches each cue against one of these views.
 */

/** The views of an incident text that cues are matched against; see `ClassificationCue.scope`. */
export interface IncidentFeatures {
  /** The text itself followed by a line of its glued identifiers split into lower-case words. */
  text: string;
  /** Exception and error type names, fully qualified where the text qualifies them, one per line. */
  exceptions: string;
  /** Stack-frame lines (Java/.NET/Node/Python/Go/Ruby), one per line; empty when there is no stack trace. */
  frames: string;
}

/** Word tokens; a token is glued when it has a case change inside (camelCase, PascalCase) or an underscore. */
const wordToken = /[A-Za-z][A-Za-z0-9_]+/g;
// Tested per token rather than folded into one pattern: nested quantifiers over untrusted log text can backtrack
// exponentially, these two stay linear.
const glued = /[a-z0-9][A-Z]|[A-Z][A-Z][a-z]|[A-Za-z0-9]_+[A-Za-z0-9]/;

/**
 * Splits one glued identifier into lower-case words: `KubePodCrashLooping` → `kube pod crash looping`,
 * `SSLHandshakeException` → `ssl handshake exception`, `evicted_keys` → `evicted keys`. Digits stay attached to
 * their word (`ec2`, `md0`, `http2`), since splitting them only makes noise.
 */
export function splitIdentifier(token: string): string {
  return token
    .replace(/_+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    // `SSLHandshake` → `SSL Handshake`, but a plural acronym (`IPs`, `GCs`, `vCPUs`) stays one word.
    .replace(/([A-Z]+)([A-Z](?:[a-z]{2,}|[a-rt-z]))/g, '$1 $2')
    .toLowerCase()
    .trim();
}

/** The distinct glued identifiers of a text, split into words, in order of first appearance. */
export function expandIdentifiers(text: string): string[] {
  const seen = new Set<string>();
  for (const match of text.matchAll(wordToken)) {
    if (!glued.test(match[0])) continue;
    const words = splitIdentifier(match[0]);
    if (words.includes(' ')) seen.add(words);
  }
  return [...seen];
}

/**
 * Type names ending in Exception/Error/Fault with an optional dotted package (`java.lang.OutOfMemoryError`,
 * `django.db.utils.OperationalError`, `Acme.Billing.InvoiceException`). The class part must start upper-case and
 * carry a prefix, so the bare words "Error"/"ERROR" of a log level never count.
 */
const exceptionName = /(?<![\w$.])((?:[A-Za-z_][\w$]*\.)*[A-Z][\w$]*?[A-Za-z0-9](?:Exception|Error|Fault))\b/g;

export function exceptionTypes(text: string): string[] {
  const names = new Set<string>();
  for (const match of text.matchAll(exceptionName)) names.add(match[1]);
  if (/\bpanic: /.test(text)) names.add('panic');
  return [...names];
}

/** One pattern per runtime's frame format; a frame names a source location, which prose and alerts never do. */
const framePatterns: RegExp[] = [
  /^\s+at [\w$.<>[\]/]+\(.*(?::\d+|Native Method|Unknown Source)\)/, // Java, Node (named function)
  /^\s+at (?:async )?(?:\/|file:|node:)[^\s]+:\d+:\d+/, // Node (anonymous)
  /^\s+at (?:async )?[\w$.<>[\] ]+ \([^)\s]+:\d+:\d+\)/, // Node (named function or method)
  /^\s+at [\w.<>`]+\(.*\)(?: in .+:line \d+)?$/, // .NET
  /^\s*File "[^"]+", line \d+/, // Python
  /^\s+\S+\.go:\d+(?: \+0x[0-9a-f]+)?$/, // Go
  /^\s*goroutine \d+ \[/, // Go
  /^\s*\S+\.rb:\d+:in /, // Ruby
  /^\s*#\d+ \S+ in \S+/, // gdb/PHP-style numbered frames
];

export function stackFrames(text: string): string[] {
  return text.split('\n').filter((line) => framePatterns.some((pattern) => pattern.test(line)));
}

export function extractIncidentFeatures(text: string): IncidentFeatures {
  const expanded = expandIdentifiers(text);
  return {
    text: expanded.length > 0 ? `${text}\n${expanded.join(' | ')}` : text,
    exceptions: exceptionTypes(text).join('\n'),
    frames: stackFrames(text).join('\n'),
  };
}
