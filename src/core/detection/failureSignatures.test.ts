import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import {
  extractLatencyMs, extractStatus, guessLevel, hasInjectionPayload, highPercentReadings, isDumpLine, isUserError, matchSignature, mentionsFailure,
} from './failureSignatures';

describe('failureSignatures', () => {
  const cases: Array<[string, string | undefined]> = [
    ['Out of memory: Killed process 4242 (java) total-vm:8000000kB', 'resource_exhaustion:memory'],
    ['java.lang.OutOfMemoryError: Java heap space', 'resource_exhaustion:memory'],
    ['fork: Cannot allocate memory', 'resource_exhaustion:memory'],
    ['write /var/lib/pg/base/1: No space left on device', 'resource_exhaustion:disk'],
    ["EMFILE: too many open files, open '/srv/app/x.json'", 'resource_exhaustion:file_descriptors'],
    ['HikariPool-1 - Connection is not available, request timed out after 30000ms.', 'resource_exhaustion:pool'],
    ['connection pool exhausted: 50 of 50 connections in use', 'resource_exhaustion:pool'],
    ["CircuitBreaker 'billing' is OPEN and does not permit further calls", 'service_outage:circuit_breaker'],
    ['dial tcp 10.0.3.12:5432: connect: connection refused', 'service_outage:dependency'],
    ['upstream timed out (110: Connection timed out) while reading response header from upstream', 'service_outage:dependency'],
    ['Error: read ECONNRESET', 'service_outage:dependency'],
    ['health check failed for redis: status=unhealthy', 'service_outage:dependency'],
    ['JSON parse error: Unexpected token } in JSON at position 5', 'data_anomaly:data'],
    ['java.lang.NumberFormatException: For input string: "abc"', 'data_anomaly:data'],
    ['validation failed for order 12: field amount is NaN', 'data_anomaly:data'],
    ['null value in column "customer_id" violates not-null constraint', 'data_anomaly:data'],
    ['sudo:   mallory : user NOT in sudoers ; TTY=pts/0 ; PWD=/home/mallory ; USER=root ; COMMAND=/bin/sh', 'security_threat:privilege_escalation'],
    ['Failed password for root from 203.0.113.9 port 52113 ssh2', 'security_threat:brute_force'],
    ['pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.9', 'security_threat:brute_force'],
    ['Invalid user admin from 203.0.113.9 port 40022', 'security_threat:brute_force'],
    // Healthy lines that mention the same nouns.
    ['Accepted password for alice from 10.0.0.5 port 50022 ssh2', undefined],
    ['pam_unix(sudo:session): session opened for user root by alice(uid=0)', undefined],
    ['instruction cache parity error corrected', undefined],
    ['connection pool started with 10 connections', undefined],
    ['health check ok for redis', undefined],
    ['circuit breaker for billing is now CLOSED', undefined],
    ['Banana is a fruit; nan is a grandmother', undefined],
  ];
  for (const [text, expected] of cases) {
    it(`${expected ?? 'no signature'}: ${text.slice(0, 60)}`, () => {
      const hit = matchSignature(text);
      assert.equal(hit ? `${hit.type}:${hit.cause}` : undefined, expected);
    });
  }

  it('finds injection and traversal payloads, raw or URL-encoded, and nothing in ordinary requests', () => {
    for (const payload of [
      "/products?id=1'%20UNION%20SELECT%20username,password%20FROM%20users--",
      '/search?q=<script>alert(1)</script>',
      '/search?q=%3Cscript%3Ealert(1)%3C/script%3E',
      '/static/../../../../etc/passwd',
      '/files?name=..%2f..%2fetc%2fshadow',
      "/login?user=admin' OR '1'='1",
    ]) assert.ok(hasInjectionPayload(payload), payload);
    for (const ok of ['/api/v1/orders/123?expand=items', "it's 50% done <b>", '/docs/../README.md is fine once', 'GET /healthz']) {
      assert.equal(hasInjectionPayload(ok), false, ok);
    }
  });

  it('reads latencies with their units and refuses unitless ambiguity', () => {
    assert.equal(extractLatencyMs('GET /x completed with status 200 in 34ms'), 34);
    assert.equal(extractLatencyMs('query took 1.5s'), 1500);
    assert.equal(extractLatencyMs('rt=0.012 uct=0.001'), 12);
    assert.equal(extractLatencyMs('latency=250us'), 0.25);
    assert.equal(extractLatencyMs('duration=45 units'), undefined);
    assert.equal(extractLatencyMs('no timing here'), undefined);
  });

  it('reads HTTP statuses and resource percentages written in text', () => {
    assert.equal(extractStatus('GET /x completed with status 503 in 20ms'), 503);
    assert.equal(extractStatus('status=200'), 200);
    assert.equal(extractStatus('processed 503 items'), undefined);
    assert.deepEqual(highPercentReadings('memory usage 95.3% of 4GiB limit', 90), [['memory', 95.3]]);
    assert.deepEqual(highPercentReadings('resource usage cpu=45% mem=60% disk=97%', 90), [['disk', 97]]);
    assert.deepEqual(highPercentReadings('cpu=12%', 90), []);
  });

  it('guesses a level from the words of level-less lines', () => {
    assert.equal(guessLevel('kernel: EXT3-fs error (device sda1): ext3_find_entry'), 'error');
    assert.equal(guessLevel('retrying connection'), 'warn');
    assert.equal(guessLevel('session opened for user root'), undefined);
    assert.equal(guessLevel('Warning: we failed to resolve data source name <*>'), 'warn');
    assert.equal(guessLevel('error: Bind to port <*> on <*> failed: Address already in use.'), 'error');
    assert.equal(guessLevel('Fatal: cannot open shared object'), 'fatal');
  });

  it('reads an upper-case level word left in the text by a header the parser did not split', () => {
    assert.equal(guessLevel('2005.06.03 R02-M1-N0-C:J12-U11 RAS KERNEL FATAL data TLB error interrupt'), 'fatal');
    assert.equal(guessLevel('2005.06.03 R02-M1-N0-C:J12-U11 RAS KERNEL INFO instruction cache parity error corrected'), 'info');
    assert.equal(guessLevel('R02-M1-N0 RAS MONITOR FAILURE monitor caught java.lang.IllegalStateException'), 'fatal');
    assert.equal(guessLevel('Node card status: no ALERTs are active'), undefined);
  });

  it('tells failure wording from chatter, and handled failures from live ones', () => {
    for (const text of ['pbs_mom: task_check, cannot tm_reply to 123.tbird-admin1 task 1', 'kernel: scsi0 (0:0): rejecting I/O to offline device',
      'kernel: Uhhuh. NMI received. Dazed and confused, but trying to continue', 'monitor caught java.lang.IllegalStateException while stopping',
      'kernel: hda: drive not ready for command', 'kernel: e1000: eth0: e1000_watchdog: NIC Link is Down', 'cciss: cmd 0000010000a60000 has CHECK CONDITION, sense key = 0x3',
      '2 uncorrectable ECC errors on DIMM 2']) {
      assert.equal(mentionsFailure(text), true, text);
    }
    for (const text of ['instruction cache parity error corrected', 'data cache search parity error detected. attempting to correct',
      '3 correctable ECC errors on DIMM 2', 'session closed for user root', 'DHCPACK on 10.100.4.251 to 00:11:43:e3:ba:c3']) {
      assert.equal(mentionsFailure(text), false, text);
    }
  });

  it('recognises register and crash dump lines, with or without an unsplit header, and never a fault line', () => {
    for (const text of ['instruction address: 0x00004ed8', 'machine check enable..........1', 'general purpose registers:',
      'r00=0x00000000 r01=0x0fb4b2f0 r02=0x00000000 r03=0x00000003', 'Core Configuration Register 0: 0x00002000',
      '2005.06.03 R23-M1-N6-I:J18-U01 RAS KERNEL FATAL exception syndrome register: 0x00800000',
      'machine check: i-fetch......................0', 'program interrupt: privileged instruction...0', 'problem state (0=sup,1=usr).......0',
      'lr:00004ed0 cr:28244842 xer:20000002 ctr:00086000', 'size of scratchpad portion of L3.........0 (0M)', 'fpr29=0xffffffff ffffffff ffffffff ffffffff',
      'guaranteed instruction cache block touch.0', 'program interrupt: unimplemented operation..0']) {
      assert.equal(isDumpLine(text), true, text);
    }
    for (const text of ['data TLB error interrupt', 'machine check interrupt', 'rts panic! - stopping execution', 'Lustre mount FAILED : bglio11 : block_id : location',
      '2005.06.03 R23-M1-N6-I:J18-U01 RAS KERNEL FATAL data storage interrupt', 'kernel panic: 0x0000dead',
      'upgraded to version 2.0', 'rts internal error']) {
      assert.equal(isDumpLine(text), false, text);
    }
  });

  it("tells a user's error (missing or unreadable input) from a system fault", () => {
    for (const text of ['ciod: Error loading <*>: invalid or missing program image, No such file or directory', 'ciod: LOGIN chdir(<*>) failed: No such file or directory',
      "open('/home/ana/run.sh'): Permission denied", 'spawn ./job ENOENT', 'ciod: Error loading <*>: program image too big, <*> > <*>']) {
      assert.equal(isUserError(text), true, text);
    }
    for (const text of ['ciod: LOGIN chdir(<*>) failed: Input/output error', 'data storage interrupt', 'Lustre mount FAILED : bglio11 : block_id : location',
      'write /var/lib/pg/base/1: No space left on device']) {
      assert.equal(isUserError(text), false, text);
    }
  });
});
