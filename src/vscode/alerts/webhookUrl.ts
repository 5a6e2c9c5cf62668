/**
 * Checks an incoming-webhook URL before it goes into SecretStorage. The URL is itself the credential (Slack's path
 * holds the token), so plain http is accepted only for a receiver on this machine.
 */

export type WebhookUrlCheck = { ok: true; url: string } | { ok: false; error: string };

export function checkWebhookUrl(text: string): WebhookUrlCheck {
  const trimmed = text.trim();
  if (!trimmed) return { ok: false, error: 'Paste the incoming-webhook URL, e.g. https://hooks.slack.com/services/…' };
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return { ok: false, error: 'This is not a URL.' };
  }
  if (url.protocol === 'https:') return { ok: true, url: url.toString() };
  if (url.protocol === 'http:' && isLoopback(url.hostname)) return { ok: true, url: url.toString() };
  if (url.protocol === 'http:') return { ok: false, error: 'Use https:// — the URL is a secret; plain http is accepted only for a receiver on this machine.' };
  return { ok: false, error: `Unsupported scheme ${url.protocol} — use https://.` };
}

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
}
