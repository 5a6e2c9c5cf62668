import { strict as assert } from 'node:assert';
import { durationToMs, extractMessageFields } from './fieldExtractor';
import { parseLogLine } from './logParser';

/**
 * Edges of the field-extraction and structured-line fast paths (durationToMs without its regex, the one-scan gate of the
 * message word checks, the `:` walk for `status: `-style pairs, the JSON leading-zero gate, logfmt's indexOf value
 * scans, structured keys looked up once). Every expected value was produced by the parser before those paths (a439bb6),
 * so these pin that they changed no result, key order included.
 */
const durations: Array<[string, boolean, number | undefined]> = [
  ["", false, undefined],
  ["", true, undefined],
  ["52", false, 52],
  ["52", true, 52000],
  ["52ms", false, 52],
  ["52ms", true, 52],
  ["30.0s", false, 30000],
  ["30.0s", true, 30000],
  ["250us", false, 0.25],
  ["250us", true, 0.25],
  ["1.5", false, 1.5],
  ["1.5", true, 1500],
  ["12.", false, undefined],
  ["12.", true, undefined],
  ["12.ms", false, undefined],
  ["12.ms", true, undefined],
  ["5MS", false, 5],
  ["5MS", true, 5],
  ["5 ms", false, 5],
  ["5 ms", true, 5],
  ["-5ms", false, -5],
  ["-5ms", true, -5],
  ["7s ", false, 7000],
  ["7s ", true, 7000],
  ["0.079", false, 0.079],
  ["0.079", true, 79],
  ["2m", false, 120000],
  ["2m", true, 120000],
  ["ms", false, undefined],
  ["ms", true, undefined],
  [".5s", false, undefined],
  [".5s", true, undefined],
  ["3µs", false, 0.003],
  ["3µs", true, 0.003],
  ["1.2.3ms", false, undefined],
  ["1.2.3ms", true, undefined],
];
const messages: Array<[string, Record<string, unknown>]> = [
  ["GET /x HTTP/1.1 took 5ms", {"latencyMs":5}],
  ["Took 7MS for user bob", {"latencyMs":7,"user":"bob"}],
  ["request from 10.0.0.1 failed", {"ip":"10.0.0.1"}],
  ["Accepted publickey for deploy from 10.0.0.4 port 22", {"ip":"10.0.0.4","user":"deploy"}],
  ["status: 503 len: 12 time: 0.25", {"status":503,"bytes":12,"len":"12","latencyMs":250}],
  ["TIME 3s", {"latencyMs":3000}],
  ["no words here 1.2.3.4", {"ip":"1.2.3.4"}],
  ["elapsed=12ms user=amy", {"latencyMs":12,"elapsed":"12ms","user":"amy"}],
  ["after 9 s", {"latencyMs":9000}],
  ["HTTP/2 \"POST /a HTTP/2\" latency: 4ms", {"latencyMs":4,"latency":"4ms","method":"POST","path":"/a"}],
  ["user unknown from 1.1.1.1", {"ip":"1.1.1.1"}],
  ["a: b: status: 200", {"status":200}],
];
const lines: Array<[string, Record<string, unknown>]> = [
  ["{\"ts\":\"2026-11-20T10:05:11Z\",\"status\":002,\"msg\":\"x\"}", {"format":"unknown","shape":"none","message":"{\"ts\":\"2026-11-20T10:05:11Z\",\"status\":002,\"msg\":\"x\"}","fields":{}}],
  ["{\"ts\":\"2026-11-20T10:05:11Z\",\"ratio\":0.5,\"msg\":\"ok\",\"n\":-0.25}", {"format":"json","shape":"json","timestamp":1795169111000,"message":"ok","fields":{"ts":"2026-11-20T10:05:11Z","ratio":0.5,"msg":"ok","n":-0.25}}],
  ["{\"a\":\"\\\":01\",\"msg\":\"quoted\",\"count\":7,\"ok\":true}", {"format":"json","shape":"json","message":"quoted","fields":{"a":"\":01","msg":"quoted","count":7,"ok":"true"}}],
  ["{\"msg\":\"m\",\"latency_ms\":12,\"http\":{\"status\":404,\"method\":\"get\"}}", {"format":"json","shape":"json","message":"m","fields":{"msg":"m","latencyMs":12,"latency_ms":12,"status":404,"method":"GET"}}],
  ["ts=2026-11-20T10:05:11Z level=info msg=\"a \\\"quoted\\\" word\" duration=52ms", {"format":"logfmt","shape":"logfmt","timestamp":1795169111000,"level":"info","message":"a \"quoted\" word","fields":{"ts":"2026-11-20T10:05:11Z","level":"info","msg":"a \"quoted\" word","latencyMs":52,"duration":"52ms"}}],
  ["level=warn msg=\"x y\" dur=1 rt=0.5 took=30.0s", {"format":"logfmt","shape":"logfmt","level":"warn","message":"x y","fields":{"level":"warn","msg":"x y","dur":"1","latencyMs":30000,"rt":"0.5","took":"30.0s"}}],
  ["a=1 b=\"unterminated c=3", {"format":"unknown","shape":"none","message":"a=1 b=\"unterminated c=3","fields":{"a":"1","b":"unterminated c=3"}}],
  ["msg= level=info size=10 duration=", {"format":"logfmt","shape":"logfmt","level":"info","message":"","fields":{"msg":"","level":"info","bytes":10,"size":"10","duration":""}}],
];

describe('field extraction fast paths', () => {
  it('durationToMs reads numbers with ms, s and us as its regex does', () => {
    for (const [value, bareIsSeconds, expected] of durations) {
      assert.ok(Object.is(durationToMs(value, bareIsSeconds), expected), `${JSON.stringify(value)} ${bareIsSeconds}`);
    }
  });

  it('message fields come out as before, in the same order', () => {
    for (const [message, expected] of messages) {
      const fields = {};
      extractMessageFields(message, fields);
      assert.equal(JSON.stringify(fields), JSON.stringify(expected), message);
    }
  });

  it('JSON and logfmt lines parse as before, fields in the same order', () => {
    for (const [line, expected] of lines) assert.equal(JSON.stringify(parseLogLine(line, 2026)), JSON.stringify(expected), line);
  });
});
