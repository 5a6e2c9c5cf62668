import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TemplateMiner } from './templateMiner';
import { groupingAccuracy } from './groupingAccuracy';
import { mineFile } from '../logs/logPipeline';

function mine(lines: string[], miner = new TemplateMiner()): { miner: TemplateMiner; ids: string[] } {
  const ids = lines.map((line, i) => miner.add(line, { line: i + 1 }).templateId);
  return { miner, ids };
}

describe('TemplateMiner', () => {
  it('merges lines that differ only in variables and reports the parameters', () => {
    const miner = new TemplateMiner();
    const first = miner.add('Received block blk_1 of size 67108864 from /10.251.107.19', { line: 1, timestamp: 1000 });
    const second = miner.add('Received block blk_2 of size 512 from /10.0.0.1', { line: 2, timestamp: 2000 });
    assert.equal(first.isNew, true);
    assert.equal(second.isNew, false);
    assert.equal(second.templateId, first.templateId);
    assert.equal(second.template, 'Received block <*> of size <*> from <*>');
    assert.deepEqual(second.params, ['blk_2', '512', '/10.0.0.1']);
    assert.deepEqual(miner.get(first.templateId), {
      id: first.templateId, text: 'Received block <*> of size <*> from <*>', count: 2, firstLine: 1, lastLine: 2, firstSeen: 1000, lastSeen: 2000,
    });
  });

  it('gives a line that differs only in digit values the template and counts the slow path would (line-shape cache)', () => {
    const lines = [
      'VM 12 Started after 340 ms',
      'VM 98 Started after 120 ms',
      'VM 12 Paused after 340 ms',
      'VM 55 Started after 999 ms',
      'VM 77 Stopped after 101 ms',
      'VM 31 Resumed after 555 ms',
      'VM 40 Paused after 222 ms',
    ];
    const cached = new TemplateMiner();
    const matches = lines.map((line, i) => cached.add(line, { line: i + 1, timestamp: i * 1000 }));
    assert.deepEqual(matches[3].params, ['55', '999']);
    assert.equal(matches[3].isNew, false);
    // The same lines with different spacing never share a shape: each goes through masking and the tree.
    const uncached = new TemplateMiner();
    lines.forEach((line, i) => uncached.add(line.replace(/ /g, i % 2 === 0 ? ' ' : '  '), { line: i + 1, timestamp: i * 1000 }));
    assert.deepEqual(
      cached.templates().map((t) => [t.text, t.count, t.firstLine, t.lastLine, t.lastSeen]),
      uncached.templates().map((t) => [t.text, t.count, t.firstLine, t.lastLine, t.lastSeen]),
    );
    // Siblings forked on one word merge once the word varies enough; a cached shape of a merged sibling then follows
    // the survivor instead of counting into a dead template.
    const names = new TemplateMiner();
    const first = names.add('session 12 opened for alice', { line: 1 });
    const bob = names.add('session 13 opened for bob', { line: 2 });
    names.add('session 14 opened for carol', { line: 3 });
    assert.equal(names.resolveId(bob.templateId), first.templateId);
    const again = names.add('session 55 opened for bob', { line: 4 });
    assert.equal(again.templateId, first.templateId);
    assert.equal(again.template, 'session <*> opened for <*>');
    assert.equal(names.get(first.templateId)?.count, 4);
    // Digits that masking keeps (interface and protocol names) are part of the shape: eth1 is not eth0's template.
    const kept = ['link eth0 up', 'link eth1 up', 'MDNS: IPV6 Addr: fe80:0:0:0:c6b3:1ff:fecd:467f', 'MDNS: IPV4 Addr: fe80:0:0:0:c6b3:1ff:fecd:467f'];
    const keptCached = new TemplateMiner();
    const keptMatches = kept.map((line, i) => keptCached.add(line, { line: i + 1 }));
    assert.equal(keptMatches[1].template, 'link <*> up');
    assert.notEqual(keptMatches[3].templateId, keptMatches[2].templateId);
    assert.equal(keptMatches[3].template, 'MDNS: IPV4 Addr: <*>');
  });

  it('generalises a word that varies (three values are enough) and keeps the key of key=value', () => {
    const { miner, ids } = mine([
      'session opened for user alice from web-a by (uid=0)',
      'session opened for user bob from web-b by (uid=0)',
      'session opened for user carol from web-c by (uid=0)',
      'login ok user=root shell=bash',
      'login ok user=admin shell=bash',
    ]);
    assert.equal(miner.templateOf(ids[0]), 'session opened for user <*> from <*> by (uid=<*>)');
    assert.equal(miner.templateOf(ids[3]), 'login ok user=<*> shell=bash');
  });

  it('keeps a one-word message out of a template that is all wildcards', () => {
    const { miner, ids } = mine(['12345', '0x7f3a', 'Reconnecting', '98765', 'Reconnecting']);
    assert.equal(ids[0], ids[1]);
    assert.equal(ids[0], ids[3]);
    assert.notEqual(ids[2], ids[0]);
    assert.equal(ids[2], ids[4]);
    assert.equal(miner.templateOf(ids[2]), 'Reconnecting');
    assert.equal(miner.templateOf(ids[0]), '<*>');
    // A token with words around its variables is not a wildcard either.
    const mixed = mine(['12345', 'removeNotification:0|com.example.app|121|null|10111', 'cancelNotificationLocked:0|com.example.app|121|null|10111']).ids;
    assert.equal(new Set(mixed).size, 3);
  });

  it('forks on word values of one key and on different keys, merges values that differ in digits or are names', () => {
    const { miner, ids } = mine([
      'link state=up speed=fast',
      'link state=down speed=fast',
      'auth failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=<host>',
      'auth failure; logname= uid=0 euid=0 tty=ssh ruser= user=<name>',
      'connect via port=ssh2 ok',
      'connect via port=ssh1 ok',
      'loaded class=com.example.Foo ok',
      'loaded class=org.example.Bar ok',
    ].map((l) => l.replace('<host>', '10.0.0.1').replace('<name>', 'root')));
    assert.notEqual(ids[0], ids[1]);
    assert.equal(miner.templateOf(ids[1]), 'link state=down speed=fast');
    assert.notEqual(ids[2], ids[3]);
    assert.equal(ids[4], ids[5]);
    assert.equal(ids[6], ids[7]);
    assert.equal(miner.templateOf(ids[6]), 'loaded class=<*> ok');
    // A word set in punctuation (method names, flags in brackets) is a constant too.
    const embedded = mine([
      'ARPT: 620701.011328: AirPort_Brcm43xx::syncPowerState: WWEN[enabled]',
      'ARPT: 620702.879952: AirPort_Brcm43xx::platformWoWEnable: WWEN[disable]',
      'ARPT: 621342.242614: AirPort_Brcm43xx::platformWoWEnable: WWEN[enable]',
      'ARPT: 621350.000001: AirPort_Brcm43xx::platformWoWEnable: WWEN[disable]',
    ]).ids;
    assert.equal(new Set(embedded).size, 3);
    assert.equal(embedded[1], embedded[3]);
    // Words with a version number (SOCKS5, awdl0) differ from other words; eth0/eth1 only in the number.
    const versioned = mine([
      'chrome.exe - www.a.com:443 open through proxy proxy.b.edu:5070 HTTPS',
      'putty.exe - 183.62.156.108:22 open through proxy socks.b.edu:5070 SOCKS5',
      'AirPort: Link Up on en0',
      'AirPort: Link Up on awdl0',
      'link up on eth0',
      'link up on eth1',
    ]).ids;
    assert.notEqual(versioned[0], versioned[1]);
    // Quoted request methods are state-like words (all capitals): GET, POST and DELETE stay three templates.
    const methods = mine(['GET', 'POST', 'DELETE', 'GET'].map((m, i) => `10.11.10.${i} "${m} /v2/servers/${i} HTTP/1.1" status: 200 len: 1893 time: 0.26`)).ids;
    assert.equal(new Set(methods).size, 3);
    assert.notEqual(versioned[2], versioned[3]);
    assert.equal(versioned[4], versioned[5]);
  });

  it('tells a quoted state from a quoted name by how it varies', () => {
    const states = mine(['Active', 'Inactive', 'Active', 'Inactive'].map((s) => `Location icon should now be in state '${s}'`)).ids;
    assert.equal(new Set(states).size, 2);
    const { miner, ids } = mine(['bob', 'alice', 'carol'].map((u) => `login refused for user '${u}'`));
    assert.equal(new Set(ids.map((id) => miner.resolveId(id))).size, 1);
    assert.equal(miner.templateOf(ids[0]), "login refused for user '<*>'");
  });

  it('does not join lines that share only wildcards with a template', () => {
    const { ids } = mine(['onExtend:1514044485000 0 0 5', 'getStepCounterStatus= true', 'onExtend:1514044486000 1 0 7']);
    assert.notEqual(ids[0], ids[1]);
    assert.equal(ids[0], ids[2]);
  });

  it('keeps devices apart (via interface ee0 / alt0 / scip0) while hosts with numbers merge', () => {
    const devices = mine(['ee0', 'alt0', 'scip0', 'ee0'].map((d, i) => `NIFF: node node-${i} has detected an available network connection on network 10.0.0.${i} via interface ${d}`)).ids;
    assert.equal(new Set(devices).size, 3);
    assert.equal(devices[0], devices[3]);
    const { miner, ids } = mine(['eadmin1', 'badmin1', 'cadmin1', 'dadmin1'].map((h) => `unable to qualify my own domain name (${h}) -- using short name`));
    assert.equal(new Set(ids.map((id) => miner.resolveId(id))).size, 1);
  });

  it('keeps the brackets and quotes a variable sits in, empty values included', () => {
    const { miner, ids } = mine([
      'connection from 222.33.90.199 (222.33.90.199) at Fri Jun 17 20:55:07 2005',
      'connection from 84.139.180.144 (p548BB490.dip0.t-ipconnect.de) at Sat Jun 18 02:08:10 2005',
      'connection from 210.118.170.95 () at Sun Jun 19 03:11:12 2005',
      "unable to qualify my own domain name (tbird-admin1) -- using short name",
      "unable to qualify my own domain name (sn330) -- using short name",
    ]);
    assert.equal(ids[0], ids[2]);
    assert.equal(miner.templateOf(ids[0]), 'connection from <*> (<*>) at <*>');
    assert.equal(ids[3], ids[4]);
    assert.equal(miner.templateOf(ids[3]), 'unable to qualify my own domain name (<*>) -- using short name');
  });

  it('folds templates that differ only in a value given again in another unit: <*> bytes (<*> KB)', () => {
    const { miner, ids } = mine([
      'proxy:5070 close, 0 bytes sent, 0 bytes received, lifetime 00:01',
      'proxy:5070 close, 1190 bytes (1.16 KB) sent, 1671 bytes (1.63 KB) received, lifetime 00:02',
      'proxy:5070 close, 451 bytes sent, 18846 bytes (18.4 KB) received, lifetime <1 sec',
      'proxy:5070 close, 2933 bytes (2.86 KB) sent, 11721005 bytes (11.1 MB) received, lifetime 02:48',
    ]);
    assert.equal(miner.templates().length, 1);
    assert.equal(new Set(ids.map((id) => miner.resolveId(id))).size, 1);
  });

  it('keeps the labels of dot-leader readings: each kind is its own template, the reading a variable', () => {
    const kinds = ['illegal instruction......', 'privileged instruction...', 'trap instruction.........', 'imprecise exception......', 'unimplemented operation..'];
    const lines: string[] = [];
    for (let round = 0; round < 3; round++) for (const kind of kinds) lines.push(`program interrupt: ${kind}${round % 2}`);
    for (const label of ['i-fetch......................', 'd-fetch......................', 'data address space.........']) {
      lines.push(`machine check: ${label}0`, `machine check: ${label}1`);
    }
    const { miner, ids } = mine(lines);
    const texts = new Set(ids.map((id) => miner.templateOf(id)));
    for (const kind of kinds) assert.ok(texts.has(`program interrupt: ${kind}<*>`), kind);
    assert.ok(texts.has('machine check: i-fetch......................<*>'));
    assert.ok(texts.has('machine check: d-fetch......................<*>'));
    assert.ok(texts.has('machine check: data address space.........<*>'));
    assert.equal(texts.size, kinds.length + 3);
  });

  it('does not merge lines that differ in one constant word', () => {
    const lines = ['VM Started', 'VM Paused', 'VM Started', 'VM Resumed', 'VM Stopped', 'VM Paused'];
    const { miner, ids } = mine(lines.map((l) => `[instance: 3edec1e4-9678-4a3a-a21b-a145a4ee5e61] ${l} (Lifecycle Event)`));
    assert.equal(new Set(ids).size, 4);
    assert.equal(ids[0], ids[2]);
    assert.equal(ids[1], ids[5]);
    assert.equal(miner.templateOf(ids[1]), '[instance: <*>] VM Paused (Lifecycle Event)');
    assert.equal(mine(['Connection opened', 'Connection closed']).miner.templates().length, 2);
  });

  it('needs only two names after a word that introduces one (user, host, from, by)', () => {
    const { miner } = mine(['session closed for user root', 'session closed for user news', 'Block rdd_1 stored as bytes in memory', 'Block rdd_2 stored as values in memory']);
    assert.deepEqual(miner.templates().map((t) => t.text).sort(), ['Block <*> stored as bytes in memory', 'Block <*> stored as values in memory', 'session closed for user <*>']);
  });

  it('keeps a key with no value apart from the key with one, and a word before a frame apart from the bare frame', () => {
    const auth = (tty: string, rhost: string): string => `authentication failure; logname= uid=0 euid=0 tty=${tty} ruser= rhost=${rhost}`;
    const { miner, ids } = mine([
      auth('NODEVssh', 'massive.merukuru.org'),
      auth('NODEVssh', '211.214.161.141'),
      auth(':0', ''),
      auth('NODEVssh', 'zeus.example.net'),
      'session opened for user root by (uid=0)',
      'session opened for user news by (uid=0)',
      'session opened for user root by LOGIN(uid=0)',
      'session opened for user cyrus by (uid=0)',
      'session closed by alice',
      'session closed by bob',
    ]);
    assert.equal(ids[0], ids[1]);
    assert.equal(ids[0], ids[3]);
    assert.notEqual(ids[2], ids[0]);
    assert.match(miner.templateOf(ids[0]), /rhost=<\*>$/);
    assert.match(miner.templateOf(ids[2]), /rhost=$/);
    assert.equal(ids[4], ids[7]);
    assert.notEqual(ids[6], ids[4]);
    assert.equal(miner.templateOf(ids[4]), 'session opened for user <*> by (uid=<*>)');
    assert.equal(miner.templateOf(ids[6]), 'session opened for user root by LOGIN(uid=<*>)');
    // Two names after `by` are enough, as after `user`.
    assert.equal(miner.resolveId(ids[8]), miner.resolveId(ids[9]));
    assert.equal(miner.templateOf(ids[9]), 'session closed by <*>');
  });

  it('folds a template made before another of its form became general enough to cover it', () => {
    const lock = (tag: string, name: string, ws: string): string => `acquire lock=237091223, flags=0x1, tag="${tag}", name=${name}, ws=${ws}, uid=1000, pid=1702`;
    const { miner, ids } = mine([
      lock('WiredAccessoryManager', 'android', 'null'),
      lock('handleAudioEvent', 'android', 'null'),
      lock('AudioMix', 'audioserver', 'null'),
      lock('RILJ_ACK_WL', 'com.android.phone', 'null'),
      lock('*launch*', 'android', 'WorkSource{10057}'),
      lock('*launch*', 'android', 'WorkSource{10020}'),
      lock('NetworkStats', 'com.android.phone', 'WorkSource{1001}'),
      lock('AudioMix', 'audioserver', 'null'),
      'release lock=237091223, flags=0x1, tag="AudioMix", name=audioserver, ws=null, uid=1000, pid=1702',
    ]);
    assert.equal(miner.templates().filter((t) => t.text.startsWith('acquire')).length, 1);
    const resolved = ids.map((id) => miner.resolveId(id));
    assert.equal(new Set(resolved.slice(0, 8)).size, 1);
    assert.notEqual(resolved[8], resolved[0]);
  });

  it('compares two-word lines on their last word: a varying name merges, two states stay apart', () => {
    const { miner } = mine(['removing chargen', 'removing daytime', 'removing echo', 'removing ftp', 'session opened', 'session closed']);
    assert.deepEqual(miner.templates().map((t) => t.text).sort(), ['removing <*>', 'session closed', 'session opened']);
  });

  it('keeps functions of the code apart (Class::method) and a variable inside a shared frame', () => {
    const { miner, ids } = mine([
      'AppleActuatorDevice::start Entered',
      'AppleActuatorDevice::stop Entered',
      'AppleActuatorDeviceUserClient::start Entered',
      'AppleActuatorDeviceUserClient::stop Entered',
      'Sandbox: QQ(10018) deny(1) network-outbound /private/var/run/mDNSResponder',
      'Sandbox: com.apple.Addres(32885) deny(1) network-outbound /private/var/run/mDNSResponder',
    ]);
    assert.equal(new Set(ids.slice(0, 4).map((id) => miner.resolveId(id))).size, 4);
    assert.equal(miner.templateOf(ids[0]), 'AppleActuatorDevice::start Entered');
    assert.equal(miner.templateOf(ids[5]), 'Sandbox: <*>(<*>) deny(<*>) network-outbound <*>');
    // Names that differ only in digits are one function (a chip's model number), as any value that differs in digits.
    const chips = mine(['ARPT: 620651.021206: AirPort_Brcm43xx::powerChange: System Sleep', 'ARPT: 620701.011328: AirPort_Brcm4360::powerChange: System Sleep']);
    assert.equal(chips.miner.resolveId(chips.ids[0]), chips.miner.resolveId(chips.ids[1]));
  });

  it('keeps named constants of one namespace apart (intent actions, enum values) while other dotted names merge', () => {
    const lines = [
      'processHandleBroadcastAction action:android.intent.action.TIME_TICK',
      'processHandleBroadcastAction action:android.intent.action.SCREEN_ON',
      'processHandleBroadcastAction action:android.intent.action.TIME_TICK',
      'processHandleBroadcastAction action:android.intent.action.SCREEN_OFF',
      'processHandleBroadcastAction action:android.intent.action.USER_PRESENT',
      'loaded class com.example.OrderService',
      'loaded class com.example.InventoryClient',
    ];
    const { miner } = mine(lines);
    assert.deepEqual(miner.templates().map((t) => t.text).sort(), [
      'loaded class <*>',
      'processHandleBroadcastAction action:android.intent.action.SCREEN_OFF',
      'processHandleBroadcastAction action:android.intent.action.SCREEN_ON',
      'processHandleBroadcastAction action:android.intent.action.TIME_TICK',
      'processHandleBroadcastAction action:android.intent.action.USER_PRESENT',
    ]);
  });

  it('forks on words before a colon (AuthFail:sts:5 vs RoamFail:sts:1) but merges host:port values', () => {
    const { miner } = mine([
      'Received Capture notice id: 1499122032.492037, reason = AuthFail:sts:5_rsn:0',
      'Received Capture notice id: 1499133420.914478, reason = DeauthInd:sts:0_rsn:7',
      'Received Capture notice id: 1499122099.100000, reason = RoamFail:sts:1_rsn:1',
      'connected to host-a:8080 after retry',
      'connected to host-b:8080 after retry',
    ]);
    assert.deepEqual(miner.templates().map((t) => t.text).sort(), [
      'Received Capture notice id: <*>, reason = AuthFail:sts:<*>',
      'Received Capture notice id: <*>, reason = DeauthInd:sts:<*>',
      'Received Capture notice id: <*>, reason = RoamFail:sts:<*>',
      'connected to <*> after retry',
    ]);
  });

  it('keeps states written in capitals with underscores apart (enum constants, not names joined by _)', () => {
    const { miner } = mine([
      'attempt_1445144423722_0020_m_000003_0 TaskAttempt Transitioned from RUNNING to FAIL_CONTAINER_CLEANUP',
      'attempt_1445144423722_0020_m_000004_0 TaskAttempt Transitioned from RUNNING to SUCCESS_CONTAINER_CLEANUP',
      'attempt_1445144423722_0020_m_000005_0 TaskAttempt Transitioned from FAIL_CONTAINER_CLEANUP to FAIL_TASK_CLEANUP',
      'attempt_1445144423722_0020_m_000006_0 TaskAttempt Transitioned from RUNNING to FAIL_CONTAINER_CLEANUP',
      'job queue pool_main drained',
      'job queue pool_batch drained',
    ]);
    assert.deepEqual(miner.templates().map((t) => t.text).sort(), [
      '<*> TaskAttempt Transitioned from FAIL_CONTAINER_CLEANUP to FAIL_TASK_CLEANUP',
      '<*> TaskAttempt Transitioned from RUNNING to FAIL_CONTAINER_CLEANUP',
      '<*> TaskAttempt Transitioned from RUNNING to SUCCESS_CONTAINER_CLEANUP',
      'job queue <*> drained',
    ]);
  });

  it('merges a word position once it shows the variety of a variable', () => {
    const users = ['webmaster', 'test', 'admin', 'oracle', 'guest'];
    const { miner, ids } = mine(users.map((u, i) => `Invalid user ${u} from 10.0.0.${i}`));
    assert.equal(miner.templates().length, 1);
    assert.equal(miner.templateOf(ids[0]), 'Invalid user <*> from <*>');
    assert.equal(miner.resolveId(ids[4]), miner.resolveId(ids[0]));
    assert.equal(miner.templates()[0].count, 5);
  });

  it('does not split a template over values of variable length', () => {
    const { miner } = mine([
      'Registered handlers for signals 1 2 3',
      'Registered handlers for signals 9',
      'user said "hi" then left',
      'user said "hello there, how are you" then left',
      'lifetime <1 sec',
      'lifetime 00:02',
      'lifetime 01:10',
    ]);
    assert.deepEqual(miner.templates().map((t) => t.text).sort(), ['Registered handlers for signals <*>', 'lifetime <*>', 'user said "<*>" then left']);
  });

  it('gives the same ids to the same input in every run, independent of other templates', () => {
    const lines = ['disk /dev/sda1 is 91% full', 'job 42 done in 12ms', 'job 43 done in 9ms', 'disk /dev/sdb1 is 12% full'];
    const a = mine(lines).ids;
    const b = mine(lines).ids;
    assert.deepEqual(a, b);
    const c = mine(['something else entirely', ...lines]).ids.slice(1);
    assert.deepEqual(c, a);
    assert.match(a[0], /^[0-9a-f]{12}$/);
  });

  it('keeps an id while its template generalises', () => {
    const miner = new TemplateMiner();
    const id = miner.add('Deleting block blk_1 file /data/a', { line: 1 }).templateId;
    miner.add('Deleting block blk_2 file /data/b', { line: 2 });
    assert.equal(miner.add('Deleting block blk_3 file /data/c', { line: 3 }).templateId, id);
    assert.equal(miner.get(id)?.count, 3);
  });

  it('mines only the first line of a multi-line message', () => {
    const miner = new TemplateMiner();
    const a = miner.add('Failed to place order 1\njava.lang.IllegalStateException: x\n\tat a.b(C.java:1)', { line: 1 });
    const b = miner.add('Failed to place order 2\njava.lang.NullPointerException', { line: 5 });
    assert.equal(a.templateId, b.templateId);
    assert.equal(b.template, 'Failed to place order <*>');
  });

  it('bounds its templates', () => {
    const miner = new TemplateMiner({ maxTemplates: 10 });
    for (let i = 0; i < 500; i++) miner.add(`word${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + ((i / 26) | 0))} something`, { line: i + 1 });
    assert.ok(miner.size <= 11, `size ${miner.size}`);
  });
});

describe('TemplateMiner on the labelled LogHub-style set', () => {
  const dir = join(__dirname, '..', '..', 'test', 'fixtures', 'templates');
  const systems = readdirSync(dir).filter((f) => f.endsWith('.log')).map((f) => f.slice(0, -4)).sort();

  it('covers the 16 systems', () => assert.equal(systems.length, 16));

  it('groups at least 90% of lines correctly on average and 75% on every system', async () => {
    const scores: Record<string, number> = {};
    for (const system of systems) {
      const truth = readFileSync(join(dir, `${system}.expected`), 'utf8').split('\n').slice(0, -1);
      const mined = await mineFile(join(dir, `${system}.log`));
      const predicted: string[] = [];
      for (let r = 0, line = 1; r < mined.recordEndLines.length; r++) {
        for (; line <= mined.recordEndLines[r]; line++) predicted.push(mined.miner.resolveId(mined.recordTemplateIds[r]));
      }
      scores[system] = groupingAccuracy(predicted, truth);
    }
    const mean = Object.values(scores).reduce((a, b) => a + b, 0) / systems.length;
    const weak = Object.entries(scores).filter(([, s]) => s < 0.75);
    assert.ok(mean >= 0.9 && weak.length === 0, `mean ${mean.toFixed(3)}; ${JSON.stringify(scores)}`);
  });
});
