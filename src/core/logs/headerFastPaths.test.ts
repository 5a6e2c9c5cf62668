import { strict as assert } from 'node:assert';
import { parseLogLine } from './logParser';

/**
 * Lines on the edges of the hand-written header scanners (ISO, header tail, BSD syslog, CLF and its request time,
 * HDFS, Spark, structured timestamps, message fields): each scanner accepts only what its regex would match the same
 * way and leaves the rest to the regex. The expected records were produced by the regex-only parser (commit 6cc5222),
 * so these pin that the fast paths changed no result.
 */
const cases: Array<[string, Record<string, unknown>]> = [
  ["2026-11-20 10:05:11,332 INFO [main] a.B: hello",
    {"component": "a.B", "fields": {}, "format": "plain", "level": "info", "message": "hello", "shape": "iso", "thread": "main", "timestamp": 1795169111332}],
  ["2026-11-20T10:05:11.332Z INFO x",
    {"fields": {}, "format": "plain", "level": "info", "message": "x", "shape": "iso", "timestamp": 1795169111332}],
  ["2026-11-20 10:05:11 Zebra crossing",
    {"fields": {}, "format": "plain", "message": "Zebra crossing", "shape": "iso", "timestamp": 1795169111000}],
  ["2026-11-20 10:05:11 +0100 msg",
    {"fields": {}, "format": "plain", "message": "msg", "shape": "iso", "timestamp": 1795165511000}],
  ["2026-11-20 10:05:11 -05 msg",
    {"fields": {}, "format": "plain", "message": "-05 msg", "shape": "iso", "timestamp": 1795169111000}],
  ["2026-11-20 10:05:11, Info CBS x",
    {"component": "CBS", "fields": {}, "format": "plain", "level": "info", "message": "x", "shape": "windows", "timestamp": 1795169111000}],
  ["[2026-11-20 10:05:11] WARN msg",
    {"fields": {}, "format": "plain", "level": "warn", "message": "msg", "shape": "iso", "timestamp": 1795169111000}],
  ["2026-11-20 10:05:11.1234567890 x",
    {"fields": {}, "format": "unknown", "message": "2026-11-20 10:05:11.1234567890 x", "shape": "none"}],
  ["2026/11/20 10:05:11.5 ERROR  worker-3 | boom",
    {"fields": {}, "format": "plain", "level": "error", "message": "worker-3 | boom", "shape": "iso", "timestamp": 1795169111500}],
  ["2026-11-20 10:05:11 - INFO  [QuorumPeer[myid=1]/0.0.0.0:2181:FastLeaderElection@774] - note",
    {"fields": {"myid": "1", "ip": "0.0.0.0"}, "format": "plain", "level": "info", "message": "[QuorumPeer[myid=1]/0.0.0.0:2181:FastLeaderElection@774] - note", "shape": "iso", "timestamp": 1795169111000}],
  ["2026-11-20 10:05:11 1234#5: *7 WARN x",
    {"fields": {}, "format": "plain", "message": "1234#5: *7 WARN x", "shape": "iso", "timestamp": 1795169111000}],
  ["2026-11-20 10:05:11 <error> disk full",
    {"fields": {}, "format": "plain", "level": "error", "message": "disk full", "shape": "iso", "timestamp": 1795169111000}],
  ["2026-11-20 10:05:11 WARNING: low memory",
    {"fields": {}, "format": "plain", "level": "warn", "message": "low memory", "shape": "iso", "timestamp": 1795169111000}],
  ["2026-11-20 10:05:11 INFO com.example.Worker - started",
    {"component": "com.example.Worker", "fields": {}, "format": "plain", "level": "info", "message": "started", "shape": "iso", "timestamp": 1795169111000}],
  ["2026-11-20 10:05:11 [pool-1] com.example.Worker - DEBUG - started",
    {"component": "com.example.Worker", "fields": {}, "format": "plain", "level": "debug", "message": "started", "shape": "iso", "thread": "pool-1", "timestamp": 1795169111000}],
  ["2026-05-16 00:00:04.500 2931 INFO nova.compute.manager [req-3ea4052c user tenant - - -] VM Started",
    {"component": "nova.compute.manager", "fields": {"traceId": "req-3ea4052c"}, "format": "plain", "level": "info", "message": "VM Started", "pid": "2931", "shape": "iso", "timestamp": 1778889604500}],
  ["2026-11-20 10:05:11 INFO a.b.C[12]: msg",
    {"component": "a.b.C[12]", "fields": {}, "format": "plain", "level": "info", "message": "msg", "shape": "iso", "timestamp": 1795169111000}],
  ["2026-11-20 10:05:11 INFO lowercase: not a component",
    {"fields": {}, "format": "plain", "level": "info", "message": "lowercase: not a component", "shape": "iso", "timestamp": 1795169111000}],
  ["Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure; rhost=218.188.2.4",
    {"component": "sshd(pam_unix)", "fields": {"service": "sshd(pam_unix)", "ip": "218.188.2.4", "rhost": "218.188.2.4"}, "format": "syslog3164", "host": "combo", "message": "authentication failure; rhost=218.188.2.4", "pid": "19939", "shape": "syslog3164", "timestamp": 1781450161000}],
  ["Jun 14 15:16:01 2024 host app: with a year",
    {"component": "app", "fields": {"service": "app"}, "format": "syslog3164", "host": "host", "message": "with a year", "shape": "syslog3164", "timestamp": 1718378161000}],
  ["Jun 14 15:16:01 2024 ",
    {"fields": {}, "format": "syslog3164", "host": "2024", "message": "", "shape": "syslog3164", "timestamp": 1781450161000}],
  ["Jun 14 15:16:01.123 host x: fraction",
    {"component": "x", "fields": {"service": "x"}, "format": "syslog3164", "host": "host", "message": "fraction", "shape": "syslog3164", "timestamp": 1781450161123}],
  ["Jun  4 15:16:01 hóst app: non-ASCII host",
    {"component": "app", "fields": {"service": "app"}, "format": "syslog3164", "host": "hóst", "message": "non-ASCII host", "shape": "syslog3164", "timestamp": 1780586161000}],
  ["<34>Oct 11 22:14:15 mymachine su: bad su",
    {"component": "su", "fields": {"service": "su"}, "format": "syslog3164", "host": "mymachine", "level": "fatal", "message": "bad su", "shape": "syslog3164", "timestamp": 1791756855000}],
  ["172.16.78.101 - - [20/Nov/2026:00:00:00 +0000] \"GET /api/v1/x HTTP/1.1\" 200 16554 \"-\" \"curl/8\" rt=0.079",
    {"fields": {"ip": "172.16.78.101", "method": "GET", "path": "/api/v1/x", "status": 200, "bytes": 16554, "latencyMs": 79, "rt": "0.079"}, "format": "clf", "level": "info", "message": "\"GET /api/v1/x HTTP/1.1\" 200 16554 \"-\" \"curl/8\" rt=0.079", "shape": "clf", "timestamp": 1795132800000}],
  ["1.2.3.4 - bob [01/Jan/2026:10:11:12 -0530] \"POST /a b c\" 503 - \"x\" request_time=1.5",
    {"fields": {"ip": "1.2.3.4", "user": "bob", "method": "POST", "path": "/a", "status": 503, "latencyMs": 1500, "request_time": "1.5"}, "format": "clf", "level": "error", "message": "\"POST /a b c\" 503 - \"x\" request_time=1.5", "shape": "clf", "timestamp": 1767282072000}],
  ["1.2.3.4 - - [01/Jan/2026:10:11:12 -0000] \"GET /\" 200 12\t0.25",
    {"fields": {"ip": "1.2.3.4", "method": "GET", "path": "/", "status": 200, "bytes": 12, "latencyMs": 250}, "format": "clf", "level": "info", "message": "\"GET /\" 200 12\t0.25", "shape": "clf", "timestamp": 1767262272000}],
  ["1.2.3.4 - - [01/Jan/2026:10:11:12 +0000] \"GET / HTTP/1.0\" 200 12 \"ref\" \"ua 1.0\" 2500",
    {"fields": {"ip": "1.2.3.4", "method": "GET", "path": "/", "status": 200, "bytes": 12, "latencyMs": 2.5}, "format": "clf", "level": "info", "message": "\"GET / HTTP/1.0\" 200 12 \"ref\" \"ua 1.0\" 2500", "shape": "clf", "timestamp": 1767262272000}],
  ["1.2.3.4 - - [01/Jan/2026:10:11:12 +0000] \"GET / HTTP/1.0\" 200 12 \"odd 7 ",
    {"fields": {"ip": "1.2.3.4", "method": "GET", "path": "/", "status": 200, "bytes": 12, "latencyMs": 0.007}, "format": "clf", "level": "info", "message": "\"GET / HTTP/1.0\" 200 12 \"odd 7 ", "shape": "clf", "timestamp": 1767262272000}],
  ["1.2.3.4 - - [01/Jan/2026:10:11:12 +0000] \"GET / HTTP/1.0\" 2000 12",
    {"fields": {"method": "GET", "path": "/", "ip": "1.2.3.4"}, "format": "unknown", "message": "1.2.3.4 - - [01/Jan/2026:10:11:12 +0000] \"GET / HTTP/1.0\" 2000 12", "shape": "none"}],
  ["081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 terminating",
    {"component": "dfs.DataNode$PacketResponder", "fields": {}, "format": "plain", "level": "info", "message": "PacketResponder 1 terminating", "pid": "148", "shape": "hdfs", "timestamp": 1226262975000}],
  ["081109 203615 148 INFO dfs.DataéNode: non-ASCII component",
    {"component": "dfs.DataéNode", "fields": {}, "format": "plain", "level": "info", "message": "non-ASCII component", "pid": "148", "shape": "hdfs", "timestamp": 1226262975000}],
  ["17/06/09 20:10:40 INFO executor.CoarseGrainedExecutorBackend: Registered signal handlers",
    {"component": "executor.CoarseGrainedExecutorBackend", "fields": {}, "format": "plain", "level": "info", "message": "Registered signal handlers", "shape": "spark", "timestamp": 1497039040000}],
  ["1131566461 2005.11.09 dn228 Nov 9 12:01:01 dn228/dn228 crond(pam_unix)[2915]: session closed for user root",
    {"component": "crond(pam_unix)", "fields": {"service": "crond(pam_unix)", "user": "root"}, "format": "plain", "host": "dn228", "message": "session closed for user root", "pid": "2915", "shape": "thunderbird", "timestamp": 1131537661000}],
  ["{\"ts\":\"2026-11-20T10:05:11.5Z\",\"level\":\"warn\",\"msg\":\"took 5ms\"}",
    {"fields": {"ts": "2026-11-20T10:05:11.5Z", "level": "warn", "msg": "took 5ms", "latencyMs": 5}, "format": "json", "level": "warn", "message": "took 5ms", "shape": "json", "timestamp": 1795169111500}],
  ["{\"time\":1700000000,\"lvl\":30,\"message\":\"x\",\"host\":5,\"hostname\":\"h\",\"thread_name\":\"t\"}",
    {"fields": {"time": 1700000000, "lvl": 30, "message": "x", "host": 5, "hostname": "h", "thread_name": "t"}, "format": "json", "level": "info", "message": "x", "shape": "json", "thread": "t", "timestamp": 1700000000000}],
  ["{\"ts\":\"2026-11-20T10:05:11+02:00\",\"msg\":\"zone\",\"status\":\"404\",\"duration\":\"1.5s\"}",
    {"fields": {"ts": "2026-11-20T10:05:11+02:00", "msg": "zone", "status": 404, "latencyMs": 1500, "duration": "1.5s"}, "format": "json", "message": "zone", "shape": "json", "timestamp": 1795161911000}],
  ["{\"ts\":\"bad\",\"timestamp\":\"2026-11-20 10:05:11\",\"msg\":\"second time key\",\"rt\":\"0.5\"}",
    {"fields": {"ts": "bad", "timestamp": "2026-11-20 10:05:11", "msg": "second time key", "latencyMs": 500, "rt": "0.5"}, "format": "json", "message": "second time key", "shape": "json", "timestamp": 1795169111000}],
  ["{\"msg\":\"a\",\"msg\":\"dup\",\"level\":\"ERROR\",\"logger\":\"x.Y\",\"http\":{\"status\":503,\"method\":\"get\"}}",
    {"component": "x.Y", "fields": {"msg": "dup", "level": "ERROR", "logger": "x.Y", "status": 503, "method": "GET", "service": "x.Y"}, "format": "json", "level": "error", "message": "dup", "shape": "json"}],
  ["ts=2026-11-20T10:05:11.027Z level=debug service=orders msg=\"span 665808 closed after 177ms\"",
    {"fields": {"ts": "2026-11-20T10:05:11.027Z", "level": "debug", "service": "orders", "msg": "span 665808 closed after 177ms", "latencyMs": 177}, "format": "logfmt", "level": "debug", "message": "span 665808 closed after 177ms", "shape": "logfmt", "timestamp": 1795169111027}],
  ["user bob from 10.0.0.1 version 1.2.3.4567 at 10.0.0.256 and 10.1.2.3",
    {"fields": {"ip": "10.0.0.1", "user": "bob"}, "format": "unknown", "message": "user bob from 10.0.0.1 version 1.2.3.4567 at 10.0.0.256 and 10.1.2.3", "shape": "none"}],
  ["took 12.5 ms; time: 0.24, status: 200, len: 5 size: 9;",
    {"fields": {"latencyMs": 240, "status": 200, "bytes": 9, "len": "5", "size": "9"}, "format": "unknown", "message": "took 12.5 ms; time: 0.24, status: 200, len: 5 size: 9;", "shape": "none"}],
  ["Accepted publickey for deploy from 10.0.0.4 port 22",
    {"fields": {"ip": "10.0.0.4", "user": "deploy"}, "format": "unknown", "message": "Accepted publickey for deploy from 10.0.0.4 port 22", "shape": "none"}],
  ["just some words, no header",
    {"fields": {}, "format": "unknown", "message": "just some words, no header", "shape": "none"}]
];

/** The parsed line with its defined properties only, in a fixed order (fields keep their own order). */
function defined(parsed: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(parsed).sort()) {
    const value = (parsed as Record<string, unknown>)[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

describe('header fast paths give the regex parser\'s results', () => {
  for (const [line, expected] of cases) {
    it(JSON.stringify(line).slice(0, 90), () => {
      const parsed = defined(parseLogLine(line, 2026));
      assert.deepEqual(parsed, expected);
      // Field order is part of the output (jsonl prints fields as inserted).
      assert.deepEqual(Object.keys(parsed.fields as object), Object.keys(expected.fields as object));
    });
  }
});
