/**
 * Redaction before anything leaves the machine: provider API keys and tokens, JWTs, auth headers, URL passwords,
 * secret-named fields, private keys and webhook URLs become `[REDACTED:kind]`, while what makes a log useful
 * (timestamps, request/trace ids, uuids, hashes, hosts, status codes, durations) stays.
 */

export interface RedactionOptions {
  /** Replace IPv4/IPv6 addresses too (default false: addresses help diagnosis and are not credentials). */
  redactIps?: boolean;
  /** Replace e-mail addresses too (default false). */
  redactEmails?: boolean;
  /** Extra site-specific patterns; each match is replaced whole. Use the g flag. */
  extraPatterns?: { kind: string; pattern: RegExp }[];
}

export interface RedactionFinding {
  kind: string;
  count: number;
}

export interface RedactionResult {
  text: string;
  findings: RedactionFinding[];
}

const placeholder = (kind: string): string => `[REDACTED:${kind}]`;

interface Rule {
  kind: string;
  pattern: RegExp;
  /** Which capture group holds the secret (the rest of the match is kept); 0 = whole match. */
  group?: number;
}

/** Whole-token formats of well-known providers. Order matters: more specific prefixes first. */
const tokenRules: Rule[] = [
  // A whole block; without its END line (a truncated paste), only the base64-looking lines that follow, so a mere
  // mention of the header in prose does not swallow the rest of the text.
  {
    kind: 'private-key',
    pattern: /-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP |SSH2 )?PRIVATE KEY(?: BLOCK)?)-----(?:[\s\S]*?-----END \1-----|(?:[ \t]*(?:\\n|\r?\n)[ \t]*[A-Za-z0-9+/=]{16,})*)/g,
  },
  { kind: 'slack-webhook', pattern: /https:\/\/hooks\.slack(?:-gov)?\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9/_-]{10,}/g },
  { kind: 'discord-webhook', pattern: /https:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/\d+\/[A-Za-z0-9_-]{20,}/g },
  { kind: 'teams-webhook', pattern: /https:\/\/[A-Za-z0-9.-]*(?:webhook\.office\.com|outlook\.office(?:365)?\.com)\/webhook[A-Za-z0-9]*\/[^\s"'<>]+/g },
  { kind: 'teams-webhook', pattern: /https:\/\/[A-Za-z0-9.-]+\.logic\.azure\.com(?::443)?\/workflows\/[^\s"'<>]*sig=[^\s"'<>&]+[^\s"'<>]*/g },
  { kind: 'anthropic-key', pattern: /\bsk-ant-(?:api|admin|oat|sid)\d{2}-[A-Za-z0-9_-]{20,}/g },
  { kind: 'openai-key', pattern: /\bsk-(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_-]{20,}(?:T3BlbkFJ[A-Za-z0-9_-]{20,})?/g },
  { kind: 'stripe-key', pattern: /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}/g },
  { kind: 'stripe-webhook-secret', pattern: /\bwhsec_[A-Za-z0-9+/=]{24,}/g },
  { kind: 'aws-access-key-id', pattern: /\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|APKA)[A-Z0-9]{16}\b/g },
  { kind: 'gcp-api-key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/g },
  { kind: 'google-oauth-token', pattern: /\bya29\.[0-9A-Za-z_-]{20,}/g },
  { kind: 'azure-client-secret', pattern: /\b[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}\b/g },
  { kind: 'slack-token', pattern: /\bxox[abposer]-[A-Za-z0-9-]{10,}/g },
  { kind: 'slack-token', pattern: /\bxapp-\d-[A-Z0-9]+-\d+-[a-f0-9]{20,}/g },
  { kind: 'github-token', pattern: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/g },
  { kind: 'github-token', pattern: /\bgithub_pat_[A-Za-z0-9_]{22,}/g },
  { kind: 'gitlab-token', pattern: /\bgl(?:pat|dt|ptt|rt|cbt|soat|ft|imt|agent)-[A-Za-z0-9_-]{20,}/g },
  { kind: 'npm-token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/g },
  { kind: 'pypi-token', pattern: /\bpypi-AgE[A-Za-z0-9_-]{50,}/g },
  { kind: 'twilio-key', pattern: /\bSK[0-9a-fA-F]{32}\b/g },
  { kind: 'sendgrid-key', pattern: /\bSG\.[A-Za-z0-9_-]{16,32}\.[A-Za-z0-9_-]{30,64}/g },
  { kind: 'huggingface-token', pattern: /\bhf_[A-Za-z0-9]{30,}\b/g },
  { kind: 'mailgun-key', pattern: /\bkey-[0-9a-f]{32}\b/g },
  { kind: 'shopify-token', pattern: /\bshp(?:at|ss|ca|pa)_[a-fA-F0-9]{32}\b/g },
  { kind: 'digitalocean-token', pattern: /\bdo[opr]_v1_[a-f0-9]{64}\b/g },
  { kind: 'vault-token', pattern: /\bhv[sbr]\.[A-Za-z0-9_-]{24,}/g },
  { kind: 'grafana-token', pattern: /\bgl(?:sa|c)_[A-Za-z0-9_+/=-]{32,}/g },
  { kind: 'databricks-token', pattern: /\bdapi[a-f0-9]{32}(?:-\d)?\b/g },
  { kind: 'square-token', pattern: /\bsq0(?:atp|csp)-[0-9A-Za-z_-]{22,}/g },
  { kind: 'telegram-bot-token', pattern: /\b\d{8,10}:AA[0-9A-Za-z_-]{33}\b/g },
  { kind: 'linear-key', pattern: /\blin_api_[A-Za-z0-9]{40}\b/g },
  { kind: 'postman-key', pattern: /\bPMAK-[a-f0-9]{24}-[a-f0-9]{34}\b/g },
  { kind: 'doppler-token', pattern: /\bdp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,}/g },
  { kind: 'age-secret-key', pattern: /\bAGE-SECRET-KEY-1[0-9A-Z]{58}\b/g },
  { kind: 'jwt', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g },
  // The key of an AWS secret next to its name, in any of env, ini, JSON or YAML spelling.
  { kind: 'aws-secret-key', pattern: /\b(?:aws_?secret_?(?:access_?)?key|secret_?access_?key|SecretAccessKey)["']?\s*[:=]\s*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/gi, group: 1 },
  // Azure storage / service bus connection strings and SAS signatures.
  { kind: 'azure-key', pattern: /\b(?:AccountKey|SharedAccessKey|AccessKey)=([A-Za-z0-9+/]{20,}={0,2})/g, group: 1 },
  { kind: 'azure-sas', pattern: /[?&]sig=([A-Za-z0-9%+/]{20,}={0,2}(?:%3D)*)/g, group: 1 },
];

/** `Authorization: Bearer x`, `-H "X-Api-Key: x"`, cookies: the header name stays, the credential goes. */
const headerRules: Rule[] = [
  // Not `Bearer token_ttl=3600`: a following name=value is another field, not the credential.
  // Real tokens carry digits or are long; `Bearer authentication scheme` is prose.
  { kind: 'bearer-token', pattern: /\b(?:Bearer|Token)\s+(?![A-Za-z_][\w.-]*=[^=])(?=[A-Za-z\-._~+/]{20,}|[A-Za-z\-._~+/]*\d)([A-Za-z0-9\-._~+/]{8,}=*)/g, group: 1 },
  { kind: 'basic-auth', pattern: /\bBasic\s+([A-Za-z0-9+/]{8,}={0,2})(?![A-Za-z0-9+/=])/g, group: 1 },
  { kind: 'auth-header', pattern: /\b(?:Authorization|Proxy-Authorization)["']?\s*[:=]\s*["']?(?!Bearer\b|Basic\b|Token\b|\[REDACTED)([^\s"',;]{8,})/gi, group: 1 },
  { kind: 'api-key-header', pattern: /\b(?:X-Api-Key|Api-Key|X-Auth-Token|X-Access-Token|X-Vault-Token|X-Goog-Api-Key|Ocp-Apim-Subscription-Key|X-Amz-Security-Token|X-Shopify-Access-Token|X-Gitlab-Token|PRIVATE-TOKEN|X-Figma-Token)["']?\s*:\s*["']?(?!\[REDACTED)([^\s"',;]{6,})/gi, group: 1 },
  { kind: 'cookie', pattern: /\b(?:Cookie|Set-Cookie)["']?\s*:\s*["']?((?:[^\s=;"']+=[^;"'\r\n]*;?[ \t]*)+)/gi, group: 1 },
];

/** scheme://user:password@host: the user and host stay. */
const urlPasswordRule: Rule = {
  kind: 'url-password',
  // Greedy up to the last @ before the host: unencoded passwords often contain @ themselves.
  pattern: /\b([a-z][a-z0-9+.-]{1,20}:\/\/[^\s:@/"'<>]*):([^\s/"'<>]+)@(?=[^\s/@"'<>]+)/gi,
  group: 2,
};

/**
 * Secret-named fields in logfmt, JSON, YAML, query strings, env lines and CLI flags. A name counts when one of its
 * parts ends in a secret word (password, PGPASSWORD, client_secret, access_token ...), unless a trailing part says
 * it is about the secret rather than the secret itself (token_count, password_changed_at, secret_name ...).
 */
const secretWordSuffix = /(password|passwd|passphrase|secret|token|apikey|accesskey|privatekey|credentials?|signature|authkey|sessionkey|masterkey|encryptionkey|signingkey)$/;
const secretWholeWord = /^(pass|pwd|pw|passwd|sig|auth|api[-_]?key|access[-_]?key|private[-_]?key|secret[-_]?key|client[-_]?secret|_authtoken|authtoken|dsn|conn(ection)?[-_]?string)$/;
const notTheSecret =
  /(^|[-_.])(id|ids|count|counts|type|length|len|ttl|expiry|expires|expires[-_]?at|expiration|url|uri|endpoint|name|file|path|usage|limit|limits|policy|hint|required|rotated|changed|changed[-_]?at|reset|version|prefix|provider|format|header|source|enabled|set|present|valid|invalid|strength|age|hash|algorithm|alg|store|manager|ref|key[-_]?id|kind|field|fields|env|var|location)$/;

// Logs repeat the same few field names; the split-and-test below is worth caching.
const fieldNameCache = new Map<string, boolean>();

function isSecretFieldName(name: string): boolean {
  let known = fieldNameCache.get(name);
  if (known === undefined) {
    known = classifyFieldName(name);
    if (fieldNameCache.size > 5000) fieldNameCache.clear();
    fieldNameCache.set(name, known);
  }
  return known;
}

function classifyFieldName(name: string): boolean {
  const lower = name.toLowerCase().replace(/^[-]+/, '');
  if (secretWholeWord.test(lower)) return true;
  // Host names and file names (auth-service.prod.svc.cluster.local, auth.log) are not field names.
  const lastPart = lower.split(/[-_.]/).filter(Boolean).at(-1) ?? '';
  if (secretWordSuffix.test(lastPart)) return true;
  if ((lower.match(/\./g) ?? []).length >= 2 || /\.(log|txt|json|ya?ml|conf|cfg|ini|env|pem|key|crt)$/.test(lower)) return false;
  const parts = lower.split(/[-_.]/).filter(Boolean);
  // Camel case: accessToken → access, token
  const camelParts = name.replace(/^-+/, '').split(/(?<=[a-z0-9])(?=[A-Z])|[-_.]/).map((p) => p.toLowerCase());
  // Short generic words (auth, pass, sig) only count as the name's last part: `auth_key` yes, `auth-service` no.
  const lastParts = [parts.at(-1) ?? '', camelParts.at(-1) ?? ''];
  const secretPart =
    [...parts, ...camelParts, lower.replace(/[-_.]/g, '')].some((p) => secretWordSuffix.test(p)) || lastParts.some((p) => secretWholeWord.test(p));
  if (!secretPart) return false;
  const tail = lower.replace(/^.*?(password|passwd|passphrase|secret|token|apikey|api[-_]key|accesskey|access[-_]key|privatekey|private[-_]key|credentials?|signature|pass|pwd|sig|auth)/, '');
  if (tail && notTheSecret.test(tail)) return false;
  const camelTail = camelParts.slice(camelParts.findIndex((p) => secretWordSuffix.test(p) || secretWholeWord.test(p)) + 1).join('_');
  if (camelTail && notTheSecret.test('_' + camelTail)) return false;
  return true;
}

const weakSecretNames = /^-*(pass|pw|pwd|sig|auth|dsn)$/i;

/**
 * `auth: token validation failed`, `password: changed successfully`: a colon, then a plain lowercase word followed by
 * more words is a sentence, not a credential. Weak names (auth, sig, pass) also need a credential-looking value.
 */
function looksLikeProse(name: string, sep: string, value: string, after: string): boolean {
  const plainWord = /^[a-z]+$/.test(value);
  // Weak names need a credential-looking value: letters and digits mixed, or long (`Auth: KRB_AP_ERR_SKEW` is prose).
  if (weakSecretNames.test(name) && !(/\d/.test(value) && /[A-Za-z]/.test(value)) && value.length < 20) return true;
  if (weakSecretNames.test(name) && (/^`/.test(value) || /:$/.test(value))) return true;
  return plainWord && /^\s*:\s+$/.test(sep) && /^ [a-z]+\b/.test(after);
}

/** Values that are not secrets even under a secret name: placeholders, booleans, already-redacted text. */
function isPlaceholderValue(value: string): boolean {
  const v = value.trim();
  if (v.length < 3) return true;
  if (/^\[REDACTED/.test(v)) return true;
  if (/^(null|none|nil|true|false|undefined|redacted|hidden|masked|n\/a|yes|no|on|off|required|optional|empty|\*+|x+|\.\.\.|•+)$/i.test(v)) return true;
  // ${VAR}, $VAR, <password>, {{ .Values.x }}, %(password)s: templates in runbooks and configs, not values.
  if (/^(\$\{[^}]+\}|\$[A-Z_][A-Z0-9_]*|<[^>]+>|\{\{[^}]+\}\}|%\([^)]+\)s|%s)$/.test(v)) return true;
  return false;
}

// name = value | name: value | "name": "value" | name="value" | --name value | --name=value | ?name=value
const fieldPattern =
  /(^|[\s{,;&?(["'=])(-{0,2}[A-Za-z_][A-Za-z0-9_.-]{1,60})(["']?)(\s*[:=](?!\/\/)\s*|\s+(?=["']))(?:"((?:[^"\\\r\n]|\\.)*)"|'([^'\r\n]*)'|(\$\{[^}\s]*\}|(?:[^\s"',;&}\])]|&(?![A-Za-z_][\w.-]*=))+))/g;
const cliFlagPattern = /(\s--?(?:password|passwd|pass|secret|token|api-key|apikey|auth-token|client-secret|access-key|secret-key|private-key)\s+)(?!-)("[^"]*"|'[^']*'|\S+)/gi;
const mysqlInlinePassword = /(\b(?:mysql|mysqldump|mysqladmin|mariadb)\b[^\n|;&]*?\s-p)([^\s-][^\s]*)/g;

const ipv4 = /\b(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}\b/g;
// Full and ::-compressed forms only, so clock times (10:02:03) and MAC addresses never match.
const ipv6 =
  /(?<![\w:])(?:(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}|(?:[0-9a-f]{1,4}:){1,7}:|(?:[0-9a-f]{1,4}:){1,6}:[0-9a-f]{1,4}|(?:[0-9a-f]{1,4}:){1,5}(?::[0-9a-f]{1,4}){1,2}|(?:[0-9a-f]{1,4}:){1,4}(?::[0-9a-f]{1,4}){1,3}|(?:[0-9a-f]{1,4}:){1,3}(?::[0-9a-f]{1,4}){1,4}|(?:[0-9a-f]{1,4}:){1,2}(?::[0-9a-f]{1,4}){1,5}|[0-9a-f]{1,4}:(?::[0-9a-f]{1,4}){1,6}|::(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{1,4})(?![\w:])/gi;
const email = /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b/g;

/**
 * Secret-named fields. Scans by hand so that a non-secret field's value (a quoted log message, a URL) is scanned
 * again for fields inside it: `msg="retry with password=x"`.
 */
function redactFields(text: string, count: (kind: string) => void): string {
  const pattern = new RegExp(fieldPattern.source, 'g');
  let out = '';
  let last = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const [whole, lead, name, quote, sep, dq, sq, bare] = match as unknown as [string, string, string, string, string, string?, string?, string?];
    const value = dq ?? sq ?? bare ?? '';
    const prose = bare !== undefined && looksLikeProse(name, sep, bare, text.slice(match.index + whole.length));
    if (!isSecretFieldName(name) || isPlaceholderValue(value) || value.includes('[REDACTED') || prose) {
      // Resume just after the separator so fields nested in this value are found.
      // (one character back, so the separator or quote can serve as the next field's leading delimiter).
      pattern.lastIndex = match.index + lead.length + name.length + quote.length + sep.length + (dq !== undefined || sq !== undefined ? 1 : 0) - 1;
      if (pattern.lastIndex <= match.index) pattern.lastIndex = match.index + 1;
      continue;
    }
    const kind = /pass|pwd|pw$/i.test(name) ? 'password' : 'secret-field';
    count(kind);
    const wrapped = dq !== undefined ? `"${placeholder(kind)}"` : sq !== undefined ? `'${placeholder(kind)}'` : placeholder(kind);
    out += text.slice(last, match.index) + `${lead}${name}${quote}${sep}${wrapped}`;
    last = match.index + whole.length;
  }
  return out + text.slice(last);
}

/** Replaces secrets in `text`. Idempotent: redacting twice gives the same text and no new findings. */
export function redact(text: string, options: RedactionOptions = {}): RedactionResult {
  const counts = new Map<string, number>();
  const count = (kind: string): void => void counts.set(kind, (counts.get(kind) ?? 0) + 1);
  let out = text;

  const apply = (rule: Rule): void => {
    out = out.replace(rule.pattern, (...match: unknown[]) => {
      const whole = match[0] as string;
      const group = rule.group ?? 0;
      if (group === 0) {
        count(rule.kind);
        return placeholder(rule.kind);
      }
      const secret = match[group] as string | undefined;
      if (!secret || secret.startsWith('[REDACTED')) return whole;
      count(rule.kind);
      const at = whole.lastIndexOf(secret);
      return whole.slice(0, at) + placeholder(rule.kind) + whole.slice(at + secret.length);
    });
  };

  for (const rule of tokenRules) apply(rule);
  apply(urlPasswordRule);
  for (const rule of headerRules) apply(rule);

  out = out.replace(cliFlagPattern, (whole, prefix: string, value: string) => {
    const bare = value.replace(/^["']|["']$/g, '');
    if (isPlaceholderValue(bare)) return whole;
    const kind = /pass/i.test(prefix) ? 'password' : 'secret-field';
    count(kind);
    return prefix + placeholder(kind);
  });
  out = out.replace(mysqlInlinePassword, (whole, prefix: string, value: string) => {
    if (isPlaceholderValue(value)) return whole;
    count('password');
    return prefix + placeholder('password');
  });
  out = redactFields(out, count);

  for (const extra of options.extraPatterns ?? []) apply({ kind: extra.kind, pattern: extra.pattern });
  if (options.redactEmails) apply({ kind: 'email', pattern: email });
  if (options.redactIps) {
    apply({ kind: 'ip', pattern: ipv4 });
    apply({ kind: 'ip', pattern: ipv6 });
  }
  const findings = [...counts].map(([kind, n]) => ({ kind, count: n })).sort((a, b) => b.count - a.count || a.kind.localeCompare(b.kind));
  return { text: out, findings };
}
