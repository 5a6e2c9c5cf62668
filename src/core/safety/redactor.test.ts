import assert from 'node:assert/strict';
import { redact } from './redactor';
import cases from '../../test/fixtures/redaction/cases.json';

interface RedactionCase {
  text: string;
  secrets: string[];
  keep: string[];
}

describe('redact', () => {
  it('removes every secret of the fixture set and keeps the context strings', () => {
    const leaked: string[] = [];
    const lost: string[] = [];
    for (const c of cases as RedactionCase[]) {
      const out = redact(c.text).text;
      for (const secret of c.secrets) if (out.includes(secret)) leaked.push(secret.slice(0, 12));
      for (const keep of c.keep) if (!out.includes(keep)) lost.push(keep);
    }
    assert.deepEqual(leaked, []);
    assert.deepEqual(lost, []);
  });

  it('has both positives and negatives in its fixtures', () => {
    const list = cases as RedactionCase[];
    assert.ok(list.filter((c) => c.secrets.length > 0).length >= 40);
    assert.ok(list.filter((c) => c.secrets.length === 0).length >= 15);
  });

  it('names what it replaced and counts it', () => {
    const result = redact('a=1 password=hunter22 b=2 password=swordfish9 key ghp_' + 'a'.repeat(36));
    assert.equal(result.text, 'a=1 password=[REDACTED:password] b=2 password=[REDACTED:password] key [REDACTED:github-token]');
    assert.deepEqual(result.findings, [
      { kind: 'password', count: 2 },
      { kind: 'github-token', count: 1 },
    ]);
  });

  it('is idempotent', () => {
    for (const c of cases as RedactionCase[]) {
      const once = redact(c.text);
      const twice = redact(once.text);
      assert.equal(twice.text, once.text);
      assert.deepEqual(twice.findings, []);
    }
  });

  it('keeps IPs by default and removes them on request', () => {
    const line = 'client 203.0.113.9 -> 2001:db8::1 status=200';
    assert.equal(redact(line).text, line);
    assert.equal(redact(line, { redactIps: true }).text, 'client [REDACTED:ip] -> [REDACTED:ip] status=200');
  });

  it('leaves placeholders and secret-adjacent metadata alone', () => {
    const line = 'password=${DB_PASSWORD} token=<your-token> secret_name=prod/db token_count=12 password_changed_at=2024-01-01';
    assert.equal(redact(line).text, line);
  });

  it('does not let a bare private-key header swallow the rest of the text', () => {
    const text = 'look for "-----BEGIN RSA PRIVATE KEY" in repos\nstatus=500 host=web-1';
    assert.match(redact(text).text, /\nstatus=500 host=web-1$/);
  });

  it('tells field names from host and file names and prose', () => {
    const kept = [
      'UnknownHostException: auth-service.prod.svc.cluster.local: Name or service not known',
      'see auth.log: pam_unix(sudo:session) opened',
      'Auth: `KRB5KRB_AP_ERR_SKEW: Clock skew too great`',
      'auth: token validation failed: token is expired',
    ];
    for (const line of kept) assert.equal(redact(line).text, line);
    assert.equal(redact('spring.datasource.password=q9Xv2Lm8Rt').text, 'spring.datasource.password=[REDACTED:password]');
  });

  it('applies extra site patterns', () => {
    const out = redact('employee E-123456 logged in', { extraPatterns: [{ kind: 'employee-id', pattern: /\bE-\d{6}\b/g }] });
    assert.equal(out.text, 'employee [REDACTED:employee-id] logged in');
  });
});
