import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { LogParser, parseLogLine } from './logParser';
import { readRecords } from './logPipeline';
import type { LogRecord } from './logRecord';

const logs = join(__dirname, '..', '..', 'test', 'fixtures', 'logs');

async function records(name: string): Promise<LogRecord[]> {
  const out: LogRecord[] = [];
  for await (const record of readRecords(join(logs, name), { referenceYear: 2026 })) out.push(record);
  return out;
}

/** Feeds lines to a parser as physical lines numbered from 1, then flushes: every record it makes, in order. */
function pushAll(parser: LogParser, texts: readonly string[]): LogRecord[] {
  const out: LogRecord[] = [];
  texts.forEach((text, i) => out.push(...parser.push({ line: i + 1, byteOffset: 0, text, truncated: false })));
  out.push(...parser.flush());
  return out;
}

function iso(ms: number | undefined): string | undefined {
  return ms === undefined ? undefined : new Date(ms).toISOString();
}

describe('parseLogLine: header/body split of the LogHub systems', () => {
  const cases: Array<[string, string, Partial<Record<'level' | 'component' | 'host' | 'pid' | 'thread' | 'time', string>>, string]> = [
    ['HDFS', '081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_38865049064139660 terminating',
      { time: '2008-11-09T20:36:15.000Z', level: 'info', pid: '148', component: 'dfs.DataNode$PacketResponder' }, 'PacketResponder 1 for block blk_38865049064139660 terminating'],
    ['Hadoop', '2015-10-18 18:01:47,978 INFO [RMCommunicator Allocator] org.apache.hadoop.mapreduce.v2.app.rm.RMContainerAllocator: Assigned container container_1445144423722_0020_01_000002 to attempt_1',
      { time: '2015-10-18T18:01:47.978Z', level: 'info', thread: 'RMCommunicator Allocator', component: 'org.apache.hadoop.mapreduce.v2.app.rm.RMContainerAllocator' }, 'Assigned container container_1445144423722_0020_01_000002 to attempt_1'],
    ['Spark', '17/06/09 20:10:40 INFO executor.CoarseGrainedExecutorBackend: Registered signal handlers for [TERM, HUP, INT]',
      { time: '2017-06-09T20:10:40.000Z', level: 'info', component: 'executor.CoarseGrainedExecutorBackend' }, 'Registered signal handlers for [TERM, HUP, INT]'],
    ['Zookeeper', '2015-07-29 17:41:44,747 - INFO  [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774] - Notification time out: 3200',
      { time: '2015-07-29T17:41:44.747Z', level: 'info', component: 'FastLeaderElection' }, 'Notification time out: 3200'],
    ['BGL', '- 1117838570 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 R02-M1-N0-C:J12-U11 RAS KERNEL INFO instruction cache parity error corrected',
      { time: '2005-06-03T15:42:50.675Z', level: 'info', host: 'R02-M1-N0-C:J12-U11', component: 'KERNEL' }, 'instruction cache parity error corrected'],
    ['BGL without its label column', '1117838570 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 R02-M1-N0-C:J12-U11 RAS KERNEL FAILURE machine check interrupt',
      { time: '2005-06-03T15:42:50.675Z', level: 'fatal', host: 'R02-M1-N0-C:J12-U11', component: 'KERNEL' }, 'machine check interrupt'],
    ['Thunderbird without its label column', '1131566461 2005.11.09 dn228 Nov 9 12:01:01 dn228/dn228 crond(pam_unix)[2915]: session closed for user root',
      { time: '2005-11-09T12:01:01.000Z', host: 'dn228', pid: '2915', component: 'crond(pam_unix)' }, 'session closed for user root'],
    ['HPC', '134681 node-246 unix.hw state_change.unavailable 1077804742 1 Component State Change: Component \\042alt0\\042 is in the unavailable state (HWID=1742)',
      { time: '2004-02-26T14:12:22.000Z', host: 'node-246', component: 'unix.hw' }, 'Component State Change: Component \\042alt0\\042 is in the unavailable state (HWID=1742)'],
    ['Thunderbird', '- 1131566461 2005.11.09 dn228 Nov 9 12:01:01 dn228/dn228 crond(pam_unix)[2915]: session closed for user root',
      { time: '2005-11-09T12:01:01.000Z', host: 'dn228', pid: '2915', component: 'crond(pam_unix)' }, 'session closed for user root'],
    ['Windows', '2016-09-28 04:30:30, Info                  CBS    Loaded Servicing Stack v6.1.7601.23505 with Core: C:\\Windows\\winsxs\\cbscore.dll',
      { time: '2016-09-28T04:30:30.000Z', level: 'info', component: 'CBS' }, 'Loaded Servicing Stack v6.1.7601.23505 with Core: C:\\Windows\\winsxs\\cbscore.dll'],
    ['Linux', 'Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=218.188.2.4',
      { time: '2026-06-14T15:16:01.000Z', host: 'combo', pid: '19939', component: 'sshd(pam_unix)' }, 'authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=218.188.2.4'],
    ['Android', '03-17 16:13:38.811  1702  2395 D WindowManager: printFreezingDisplayLogsopening app wtoken = AppWindowToken{9f4ef63 token=Token{a64f992}}',
      { time: '2026-03-17T16:13:38.811Z', level: 'debug', pid: '1702', thread: '2395', component: 'WindowManager' }, 'printFreezingDisplayLogsopening app wtoken = AppWindowToken{9f4ef63 token=Token{a64f992}}'],
    ['HealthApp', '20171223-22:15:29:606|Step_LSC|30002312|onStandStepChanged 3579',
      { time: '2017-12-23T22:15:29.606Z', component: 'Step_LSC', pid: '30002312' }, 'onStandStepChanged 3579'],
    ['Apache', '[Sun Dec 04 04:47:44 2005] [notice] workerEnv.init() ok /etc/httpd/conf/workers2.properties',
      { time: '2005-12-04T04:47:44.000Z', level: 'notice' }, 'workerEnv.init() ok /etc/httpd/conf/workers2.properties'],
    ['Proxifier', '[10.30 16:49:06] chrome.exe *64 - proxy.cse.cuhk.edu.hk:5070 open through proxy proxy.cse.cuhk.edu.hk:5070 HTTPS',
      { time: '2026-10-30T16:49:06.000Z', component: 'chrome.exe *64' }, 'proxy.cse.cuhk.edu.hk:5070 open through proxy proxy.cse.cuhk.edu.hk:5070 HTTPS'],
    ['OpenSSH', 'Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user webmaster from 173.234.31.186',
      { time: '2026-12-10T06:55:46.000Z', host: 'LabSZ', pid: '24200', component: 'sshd' }, 'Invalid user webmaster from 173.234.31.186'],
    ['OpenStack', 'nova-compute.log.1.2017-05-16_13:55:31 2017-05-16 00:00:04.500 2931 INFO nova.compute.manager [req-3ea4052c-895d-4b64-9e2d-04d64c4d94ab - - - - -] [instance: b9000564-fe1a-409b-b8cc-1e88b294cd1d] VM Started (Lifecycle Event)',
      { time: '2017-05-16T00:00:04.500Z', level: 'info', pid: '2931', component: 'nova.compute.manager' }, '[instance: b9000564-fe1a-409b-b8cc-1e88b294cd1d] VM Started (Lifecycle Event)'],
    ['Mac', 'Jul  8 08:10:46 calvisitor-10-105-160-237 com.apple.xpc.launchd[1] (com.apple.xpc.launchd.domain.pid.WebContent.35572): Service exited with abnormal code: 1',
      { time: '2026-07-08T08:10:46.000Z', host: 'calvisitor-10-105-160-237', pid: '1', component: 'com.apple.xpc.launchd' }, 'Service exited with abnormal code: 1'],
  ];
  for (const [system, line, header, message] of cases) {
    it(`splits ${system}`, () => {
      const parsed = parseLogLine(line, 2026);
      assert.equal(parsed.message, message);
      const { time, ...rest } = header;
      if (time !== undefined) assert.equal(iso(parsed.timestamp), time);
      for (const [key, value] of Object.entries(rest)) assert.equal(parsed[key as keyof typeof parsed], value, `${system} ${key}`);
    });
  }

  it('splits HPC lines whose flag column is -1, and the lines after them', () => {
    const parser = new LogParser({ referenceYear: 2026 });
    const texts = [
      '2567354 node-147 node status 1074098611 1 not responding',
      ...Array.from({ length: 12 }, (_, i) => `22867${i + 10} full partition status 10612197${i + 10} -1 running`),
      '2596202 node-216 node status 1074289110 1 configured out',
    ];
    const out = pushAll(parser, texts);
    assert.deepEqual(out.map((r) => r.message), ['not responding', ...Array.from({ length: 12 }, () => 'running'), 'configured out']);
    assert.deepEqual([out[1].host, out[1].component, out[1].timestamp], ['full', 'partition', 1061219710000]);
  });

  it('reads level words and letters in their many spellings', () => {
    assert.equal(parseLogLine('2026-11-20 10:05:11,332 SEVERE [main] a.B: x').level, 'error');
    assert.equal(parseLogLine('2026-11-20T10:05:11Z CRITICAL disk gone').level, 'fatal');
    assert.equal(parseLogLine('[WARN] config missing').level, 'warn');
    assert.equal(parseLogLine('E/AndroidRuntime( 4242): FATAL EXCEPTION: main').level, 'error');
    assert.equal(parseLogLine('PANIC: out of memory').level, 'fatal');
  });

  it('reads macOS process names with spaces', () => {
    const parsed = parseLogLine('Jul  2 10:01:02 calvisitor-10-105-160-95 Google Chrome Helper[31524]: Couldn\'t set selectedTextBackgroundColor', 2026);
    assert.deepEqual([parsed.component, parsed.pid, parsed.message], ['Google Chrome Helper', '31524', "Couldn't set selectedTextBackgroundColor"]);
    const plain = parseLogLine('Jul  1 09:13:00 calvisitor-10-105-160-95 --- last message repeated 1 time ---', 2026);
    assert.equal(plain.message, '--- last message repeated 1 time ---');
  });

  it('keeps a version printed in a syslog tag out of the message', () => {
    const parsed = parseLogLine('Jun 18 02:23:12 combo syslogd 1.4.1: restart.', 2026);
    assert.deepEqual([parsed.component, parsed.message], ['syslogd 1.4.1', 'restart.']);
  });

  it('takes a line it does not recognise whole as the message', () => {
    const parsed = parseLogLine('just some words, no header');
    assert.equal(parsed.format, 'unknown');
    assert.equal(parsed.message, 'just some words, no header');
  });
});

describe('LogParser formats', () => {
  it('parses combined access logs with status, bytes, method, path and request time', async () => {
    const [first, second, , fourth] = await records('nginx-access.log');
    assert.equal(first.format, 'clf');
    assert.equal(iso(first.timestamp), '2026-11-20T10:05:11.000Z');
    assert.deepEqual([first.fields.status, first.fields.bytes, first.fields.method, first.fields.path, first.fields.ip], [200, 512, 'GET', '/api/v1/orders/1234', '192.168.1.20']);
    assert.equal(first.fields.latencyMs, 12);
    assert.equal(second.fields.user, 'alice');
    assert.equal(fourth.fields.status, 504);
    assert.equal(fourth.level, 'error');
    assert.ok(Math.abs((fourth.fields.latencyMs ?? 0) - 30001) < 1e-6);
  });

  it('reads nginx `rt=` (the request time in seconds) as milliseconds', () => {
    const parser = new LogParser();
    const [record] = [
      ...parser.push({ line: 1, byteOffset: 0, truncated: false, text: '10.1.27.32 - judy [20/Nov/2026:00:00:00 +0000] "GET /healthz HTTP/1.1" 200 11925 "-" "curl/8" rt=0.250' }),
      ...parser.flush(),
    ];
    assert.equal(record.fields.latencyMs, 250);
  });

  it('parses the common log format without a referrer', async () => {
    const [first, second] = await records('apache-common.log');
    assert.equal(iso(first.timestamp), '2000-10-10T20:55:36.000Z');
    assert.equal(first.fields.user, 'frank');
    assert.equal(second.fields.status, 404);
    assert.equal(second.fields.bytes, undefined);
  });

  it('parses RFC 3164 syslog with and without a priority', async () => {
    const lines = await records('syslog-rfc3164.log');
    assert.equal(lines[0].format, 'syslog3164');
    assert.equal(lines[0].level, 'fatal'); // <34> = auth.crit
    assert.equal(lines[0].host, 'mymachine');
    assert.equal(lines[0].component, 'su');
    assert.equal(lines[0].message, "'su root' failed for lonvick on /dev/pts/8");
    assert.equal(lines[1].pid, '4242');
    assert.equal(lines[2].component, 'systemd');
    assert.equal(lines[2].message, 'Started Session 42 of user deploy.');
  });

  it('parses RFC 5424 syslog with structured data', async () => {
    const lines = await records('syslog-rfc5424.log');
    assert.equal(lines[0].format, 'syslog5424');
    assert.equal(iso(lines[0].timestamp), '2003-10-11T22:14:15.003Z');
    assert.equal(lines[0].component, 'su');
    assert.equal(lines[0].message, "'su root' failed for lonvick on /dev/pts/8");
    assert.equal(iso(lines[1].timestamp), '2003-08-24T12:14:15.000Z');
    assert.equal(lines[2].fields.eventID, '1011');
    assert.equal(lines[2].message, 'An application event log entry...');
    assert.equal(lines[3].fields.status, 502);
    assert.equal(lines[3].fields.latencyMs, 1830);
    assert.equal(lines[3].level, 'error');
  });

  it('parses JSON lines with the usual key spellings', async () => {
    const lines = await records('app.jsonl');
    assert.ok(lines.every((r) => r.format === 'json'));
    assert.equal(lines[0].message, 'request completed');
    assert.deepEqual([lines[0].level, lines[0].fields.status, lines[0].fields.latencyMs, lines[0].fields.user, lines[0].fields.service], ['info', 200, 12.5, 'u-1842', 'checkout']);
    assert.equal(lines[1].fields.latencyMs, 1830);
    assert.equal(lines[1].fields.traceId, '4bf92f3577b34da6a3ce929d0e0e4736');
    assert.deepEqual([lines[2].level, lines[2].component, lines[2].host, lines[2].pid, iso(lines[2].timestamp)], ['error', 'worker', 'api-1', '4242', '2025-11-20T10:05:13.000Z']);
    assert.deepEqual([lines[3].level, iso(lines[3].timestamp)], ['warn', '2026-11-20T09:05:14.000Z']);
  });

  it('parses logfmt', async () => {
    const lines = await records('app.logfmt');
    assert.ok(lines.every((r) => r.format === 'logfmt'));
    assert.deepEqual([lines[0].message, lines[0].level, lines[0].fields.latencyMs, lines[0].fields.method], ['request completed', 'info', 12, 'GET']);
    assert.deepEqual([lines[1].fields.status, lines[1].fields.latencyMs, lines[1].fields.service], [504, 30000, 'checkout']);
    assert.deepEqual([lines[2].level, lines[2].component, iso(lines[2].timestamp)], ['warn', 'db', '2026-11-20T10:05:13.000Z']);
  });

  it('parses nginx error logs, glog and logcat brief', async () => {
    const [nginx] = await records('nginx-error.log');
    assert.deepEqual([nginx.level, nginx.pid, iso(nginx.timestamp)], ['error', '1234', '2026-11-20T10:05:11.000Z']);
    assert.ok(nginx.message.startsWith('*5 connect() failed'));
    const [glog, glogError] = await records('glog.log');
    assert.deepEqual([glog.level, glog.component, glog.message], ['info', 'server.cc:88', 'Listening on 0.0.0.0:9090']);
    assert.equal(glogError.level, 'error');
    const brief = await records('android-logcat-brief.log');
    assert.deepEqual([brief[0].level, brief[0].component, brief[0].pid, brief[0].message], ['error', 'AndroidRuntime', '4242', 'FATAL EXCEPTION: main']);
  });

  it('detects the format per line in a mixed file', async () => {
    const lines = await records('mixed.log');
    assert.deepEqual(lines.map((r) => r.format), ['plain', 'json', 'syslog3164', 'unknown', 'plain']);
    assert.equal(lines[1].message, 'cache miss ratio high');
    assert.equal(lines[2].fields.user, 'deploy');
    assert.equal(lines[4].level, 'warn');
  });

  it('keeps splitting headers after a malformed line that only a looser shape fits, and follows a real change of shape', () => {
    const bgl = (i: number): string =>
      `- 11316${String(24000 + i).padStart(5, '0')} 2005.11.10 R22-M1-N1-C:J17-U11 2005-11-10-04.07.${String(10 + (i % 40)).padStart(2, '0')}.804295 R22-M1-N1-C:J17-U11 RAS KERNEL INFO CE sym ${i}, at 0x00e462c0, mask 0x02`;
    const texts: string[] = [];
    for (let i = 0; i < 20; i++) texts.push(bgl(i));
    // A line that lost its middle (a torn write): `-` then an epoch, which the `source+epoch` fallback takes.
    texts.push('- 1131624438 2005.11.10 R65-M0-N2-C:J05-U11 RAS KERNEL INFO CE sym 6, at 0x00e462c0, mask 0x02');
    for (let i = 20; i < 40; i++) texts.push(bgl(i));
    // Then the file really changes shape: the looser one takes over after a run of lines.
    for (let i = 0; i < 12; i++) texts.push(`node7 1131625${String(100 + i)} job ${i} done`);
    const parser = new LogParser({ referenceYear: 2005 });
    const out = pushAll(parser, texts);
    assert.equal(out.length, texts.length);
    for (const record of [...out.slice(0, 20), ...out.slice(21, 41)]) {
      assert.equal(record.level, 'info', `line ${record.line}`);
      assert.equal(record.component, 'KERNEL', `line ${record.line}`);
      assert.match(record.message, /^CE sym \d+, at 0x00e462c0, mask 0x02$/, `line ${record.line}`);
    }
    for (const record of out.slice(41)) assert.match(record.message, /^job \d+ done$/, `line ${record.line}`);
  });

  it('gives every line the shape the whole list would give, also after a first line that a looser shape fits', () => {
    const texts = ['2015-07-29 17:41:44,747 - INFO  [QuorumPeer[myid=1]/0.0.0.0:2181:FastLe'];
    for (let i = 0; i < 12; i++) texts.push(`2015-07-29 19:13:${10 + i},107 - INFO  [NIOServerCxn.Factory:0.0.0.0/0.0.0.0:2181:NIOServerCnxnFactory@197] - Accepted socket connection from /10.10.34.${i}:37177`);
    const parser = new LogParser({ referenceYear: 2015 });
    const out = pushAll(parser, texts);
    for (const record of out.slice(1)) {
      assert.equal(record.component, 'NIOServerCnxnFactory', `line ${record.line}`);
      const alone = parseLogLine(texts[record.line - 1]!, 2015);
      assert.deepEqual([record.timestamp, record.level, record.thread, record.component, record.message], [alone.timestamp, alone.level, alone.thread, alone.component, alone.message]);
    }
  });

  it('moves to a stricter format that a looser preferred shape also fits within a bounded number of lines', () => {
    const texts: string[] = [];
    for (let i = 0; i < 50; i++) texts.push(`2016-09-28 04:29:${String(i % 60).padStart(2, '0')},000 INFO [main] app step ${i}`);
    for (let i = 0; i < 400; i++) texts.push(`2016-09-28 04:30:${String(i % 60).padStart(2, '0')}, Info                  CBS    Loaded Servicing Stack v6.1.${i}`);
    const parser = new LogParser({ referenceYear: 2016 });
    const out = pushAll(parser, texts);
    const windows = out.slice(50);
    const firstRight = windows.findIndex((r) => r.component === 'CBS');
    assert.ok(firstRight >= 0 && firstRight <= 128, `CBS split off from line ${firstRight} of the Windows run`);
    for (const record of windows.slice(firstRight)) assert.equal(record.component, 'CBS', `line ${record.line}`);
  });

  it('finds the stricter shape when the first line of a file is torn and only a fallback shape fits it', () => {
    const texts = ['- 1131624438 2005.11.10 R65-M0-N2-C:J05-U11 RAS KERNEL INFO CE sym 6, at 0x00e462c0, mask 0x02'];
    for (let i = 0; i < 10; i++) {
      texts.push(`- 11316240${10 + i} 2005.11.10 R22-M1-N1-C:J17-U11 2005-11-10-04.07.${10 + i}.804295 R22-M1-N1-C:J17-U11 RAS KERNEL FATAL data TLB error interrupt`);
    }
    const parser = new LogParser({ referenceYear: 2005 });
    const out = pushAll(parser, texts);
    for (const record of out.slice(1)) {
      assert.equal(record.level, 'fatal', `line ${record.line}`);
      assert.equal(record.message, 'data TLB error interrupt', `line ${record.line}`);
    }
  });
});

describe('LogParser multi-line records', () => {
  it('joins a Java stack trace (with Caused by and ... more) into the record that logged it', async () => {
    const lines = await records('java-stacktrace.log');
    assert.equal(lines.length, 3);
    const error = lines[1];
    assert.deepEqual([error.line, error.endLine, error.level], [2, 9, 'error']);
    assert.ok(error.message.startsWith('Failed to place order 7731\njava.lang.IllegalStateException: Inventory service returned 503\n\tat com.example'));
    assert.ok(error.raw.endsWith('\t... 42 more'));
    assert.deepEqual([lines[2].line, lines[2].fields.latencyMs], [10, 1830]);
  });

  it('joins a Python traceback including its closing exception line', async () => {
    const lines = await records('python-traceback.log');
    assert.equal(lines.length, 3);
    assert.deepEqual([lines[0].component, lines[0].level, lines[0].message], ['worker.tasks', 'info', 'processing batch 17 of 40']);
    assert.deepEqual([lines[1].line, lines[1].endLine], [2, 8]);
    assert.ok(lines[1].message.endsWith("PIL.UnidentifiedImageError: cannot identify image file '/data/in/7731.jpg'"));
  });

  it('keeps a trace whole when one of its frames lost the start of its line (torn or pasted)', () => {
    const traces: Array<[string, string[]]> = [
      ['2026-11-20 10:00:00,000 ERROR [main] o.e.Orders: Failed to place order 7731', [
        'java.lang.IllegalStateException: Inventory service returned 503',
        '\tat com.example.inventory.Client.reserve(Client.java:88)',
        '\tat com.example.orders.Service.place(Service.java:41)',
        '\tat sun.reflect.NativeMethodAccessorImpl.invoke0(Native Method)',
        '\tat org.springframework.web.servlet.FrameworkServlet.service(FrameworkServlet.java:897) ~[spring-webmvc-5.3.jar:5.3.20]',
        '\tat java.base/java.lang.Thread.run(Thread.java:833)']],
      ['2026-11-20 10:00:00,000 ERROR worker.tasks: batch failed', [
        'Traceback (most recent call last):',
        '  File "/app/worker/tasks.py", line 42, in run_batch',
        '    image = Image.open(path)',
        '  File "/usr/lib/python3/dist-packages/PIL/Image.py", line 3123, in open',
        '    raise UnidentifiedImageError(msg)',
        "PIL.UnidentifiedImageError: cannot identify image file '/data/in/7731.jpg'"]],
      ['2026-11-20T10:00:00.000Z error api: request failed', [
        'TypeError: Cannot read properties of undefined (reading \'id\')',
        '    at handler (/srv/api/routes/orders.js:31:17)',
        '    at Layer.handle [as handle_request] (/srv/api/node_modules/express/lib/router/layer.js:95:5)',
        '    at next (/srv/api/node_modules/express/lib/router/route.js:144:13)']],
    ];
    for (const [head, body] of traces) {
      const after = '2026-11-20 10:00:01,000 INFO [main] o.e.Orders: next request';
      for (let torn = 1; torn < body.length - 1; torn++) {
        const line = body[torn];
        const cut = line.slice(Math.min(line.length - 12, 9 + (torn % 4)));
        const texts = [head, ...body.slice(0, torn), cut, ...body.slice(torn + 1), after];
        const out = pushAll(new LogParser({ referenceYear: 2026 }), texts);
        assert.deepEqual(out.map((r) => [r.line, r.endLine]), [[1, body.length + 1], [body.length + 2, body.length + 2]], `${head} / torn ${JSON.stringify(cut)}`);
      }
    }
  });

  it('returns each record once the next one starts, and the last one on flush', () => {
    const parser = new LogParser();
    let offset = 0;
    const feed = (text: string, line: number) => {
      const out = parser.push({ line, byteOffset: offset, text, truncated: false });
      offset += text.length + 1;
      return out;
    };
    assert.deepEqual(feed('2026-11-20 10:00:00,000 ERROR [main] a.B: boom', 1), []);
    assert.deepEqual(feed('\tat a.B.c(B.java:1)', 2), []);
    const done = feed('2026-11-20 10:00:01,000 INFO [main] a.B: fine', 3);
    assert.deepEqual(done.map((r) => [r.line, r.endLine]), [[1, 2]]);
    assert.deepEqual(parser.flush().map((r) => [r.line, r.endLine, r.message]), [[3, 3, 'fine']]);
    assert.equal(parser.format, 'plain');
  });

  it('does not join lines of a file without headers', () => {
    const parser = new LogParser();
    const out = [...parser.push({ line: 1, byteOffset: 0, text: 'plain words', truncated: false }), ...parser.push({ line: 2, byteOffset: 12, text: '  indented words', truncated: false }), ...parser.flush()];
    assert.deepEqual(out.map((r) => [r.line, r.endLine]), [[1, 1], [2, 2]]);
    assert.equal(parser.format, 'unknown');
  });
});
