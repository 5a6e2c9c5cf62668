import { strict as assert } from 'node:assert';
import { maskTokens, maskVariables } from './variableMasker';

describe('maskVariables', () => {
  const cases: Array<[string, string, string]> = [
    ['numbers, block ids', 'PacketResponder 1 for block blk_-1608999687919862906 terminating', 'PacketResponder <*> for block <*> terminating'],
    ['ip:port with its leading slash', 'Receiving block blk_1 src: /10.250.19.102:54106 dest: /10.250.19.102:50010', 'Receiving block <*> src: <*> dest: <*>'],
    ['ip in brackets', 'reverse mapping checking getaddrinfo for host [173.234.31.186] failed', 'reverse mapping checking getaddrinfo for host [<*>] failed'],
    ['key=value keeps the key', 'authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=218.188.2.4', 'authentication failure; logname= uid=<*> euid=<*> tty=NODEVssh ruser= rhost=<*>'],
    ['uuid and hex', 'instance 3edec1e4-9678-4a3a-a21b-a145a4ee5e61 at 0x7fed806eb5d', 'instance <*> at <*>'],
    ['paths, urls, emails', 'open /etc/httpd/conf/workers2.properties from https://x.io/a?b=1 by ops@example.com', 'open <*> from <*> by <*>'],
    ['windows paths', 'Loaded stack with Core: C:\\Windows\\winsxs\\cbscore.dll', 'Loaded stack with Core: <*>'],
    ['durations and sizes with units', 'took 250ms, wrote 3GiB in 1.5s', 'took <*>, wrote <*> in <*>'],
    ['quoted values of several words or with digits; one quoted word is left to the miner', 'user said "hello big world", tag=\'Audio1\' in state \'Active\'', 'user said "<*>", tag=\'<*>\' in state \'Active\''],
    ['structured tokens keep their shape', 'IOThunderboltSwitch<0>(0x0)::listenerCallback', 'IOThunderboltSwitch<<*>>(<*>)::listenerCallback'],
    ['adjacent variables collapse', 'values 1 2 3 4 done', 'values <*> done'],
    ['words with a few digits stay', 'ext3 on eth0 over IPv4 via AirPort_Brcm43xx::powerChange:', 'ext3 on eth0 over IPv4 via AirPort_Brcm43xx::powerChange:'],
    ['ids made of letters and digits go', 'attempt_1445144423722_0020_m_000000_0 on R02-M1-N0-C:J12-U11 node dn228', '<*> on <*> node <*>'],
    ['an HTTP request line keeps its method, its protocol goes with the target', '10.11.10.1 "GET /v2/54fd/servers/detail HTTP/1.1" status: 200', '<*> "GET <*>" status: <*>'],
    ['bounds and scaled sizes belong to the value, time units stay', 'lifetime <1 sec, sent 1190 bytes (1.16 KB), size 2.3 KB; 5 s, 0 bytes', 'lifetime <*> sec, sent <*>, size <*>; <*> s, <*> bytes'],
    ['a word after a number is not a unit', 'port 22 ssh2 and 5 users, took 5, s', 'port <*> ssh2 and <*> users, took <*>, s'],
    ['plain words stay', 'Connection closed by peer', 'Connection closed by peer'],
    ['a counter keeps its sign', 'Starting Socket Reader #3 for port 62270', 'Starting Socket Reader #<*> for port <*>'],
    ['a plain-word key keeps itself whatever the value', 'Targeting domains:node-D1 and status:200', 'Targeting domains:<*> and status:<*>'],
    ['a date written out in a message, words and all', 'connection from 222.33.90.199 (222.33.90.199) at Fri Jun 17 20:55:07 2005', 'connection from <*> (<*>) at <*>'],
    ['a month word without a day and a clock stays', 'rotated in May 3 times; due Jun 17 20:55 now', 'rotated in May <*> times; due <*> now'],
    ['booleans are values, bare, wrapped, after key= or key:', 'down true canceled (false), interactive=TRUE isOverlap:false null?true', 'down <*> canceled (<*>), interactive=<*> isOverlap:<*> null?true'],
    ['a call with a boolean argument', 'setLightsOn(true) then enterQuietMode(false), but foo(bar)', 'setLightsOn(<*>) then enterQuietMode(<*>), but foo(bar)'],
    ['the reading after a long dot leader, keeping a label with digits or dashes', 'machine check: i-fetch......................0 L3.........1 (0M)', 'machine check: i-fetch......................<*> L3.........<*> (<*>)'],
    ["a call's argument as a token of its own, keeping the name", 'ciod: LOGIN chdir(/p/gb1/run/2183) failed; open(/etc/passwd), mIp(10.0.0.1), f(user)', 'ciod: LOGIN chdir(<*>) failed; open(<*>), mIp(<*>), f(user)'],
    ['a token of a capital and one digit as a name, not a value', '3 L3 EDRAM error(s) on tree C1 wire of node-D1 R02', '<*> L3 EDRAM error(s) on tree C1 wire of <*>'],
    ['a MAC address or a longer hex-pair list as one value', 'DHCPACK to 00:11:43:e3:ba:c3 via mLp(FF:F2:9F:16:E1:DA:00:0D:60:E9:1E:25),', 'DHCPACK to <*> via mLp(<*>),'],
    ['a dot leader keeps its label', 'program interrupt: illegal instruction......0 depth....................12', 'program interrupt: illegal instruction......<*> depth....................<*>'],
    ['a name keeps itself, not its serial; mixed ids go whole', 'generating core.2275 on node-12, not node-D7 R02-M1-N0 blk_-42 attempt_1_2', 'generating core.<*> on node-<*>, not <*>'],
    ['a source location keeps its file', '[ib_sm_sweep.c:1234]: at Thread.java:745 in DAVEngineImpl.cpp:88:Close of notes.txt:12', '[ib_sm_sweep.c:<*>]: at Thread.java:<*> in DAVEngineImpl.cpp:<*>:Close of <*>'],
    ['a product keeps its name, not its version', 'Apache/2.2.3 (Fedora) with jetty-6.1.26 and libc-2.31.so on node-12', 'Apache/<*> (Fedora) with jetty-<*> and <*> on node-<*>'],
    ['an event word glued after an address stays', '10.250.14.224:50010:Transmitted block blk_-42 to /10.1.2.3:50010', '<*>:Transmitted block <*> to <*>'],
    ['a key glued after a value by a comma stays', 'saveStatData() type =1,time = 1512345,statClient = 0,who is 19', 'saveStatData() type =<*>,time = <*>,statClient = <*>,who is <*>'],
    ['a boolean glued to the next key is a value', 'updateLightsLocked,mInCall =false,mScreenOn = true,ledNotification', 'updateLightsLocked,mInCall =<*>,mScreenOn = <*>,ledNotification'],
    ['a list of numbered names is one value', 'we failed to resolve data source name dadmin2 dadmin3 dadmin4', 'we failed to resolve data source name <*>'],
    ['one numbered name stays a name', 'link eth0 up on eth0', 'link eth0 up on eth0'],
    ['a path with spaces in brackets is one value', 'RRD_update (/var/lib/ganglia/rrds/C Nodes/cn304/pkts_out.rrd): illegal attempt', 'RRD_update (<*>): illegal attempt'],
  ];
  for (const [what, input, expected] of cases) {
    it(`masks ${what}`, () => assert.equal(maskVariables(input), expected));
  }

  it('keeps the raw text behind each masked token', () => {
    const { tokens, raw } = maskTokens('took 1 2 3 ms "a b"');
    assert.deepEqual(tokens, ['took', '<*>', 'ms', '"<*>"']);
    assert.deepEqual(raw, ['took', '1 2 3', 'ms', '"a b"']);
  });

  it('locates each token in the message, whitespace runs included', () => {
    const message = 'took  1   2 ms\t"a  b"';
    const { tokens, raw, spans } = maskTokens(message);
    assert.deepEqual(tokens, ['took', '<*>', 'ms', '"<*>"']);
    assert.deepEqual(raw, ['took', '1   2', 'ms', '"a  b"']);
    for (let i = 0; i < raw.length; i++) assert.equal(message.slice(spans[2 * i], spans[2 * i + 1]), raw[i]);
  });

  it('splits a single-spaced message on its spaces only, locating every part', () => {
    const message = 'a\rb c=1 d\u000be 42';
    const { tokens, raw, spans } = maskTokens(message);
    assert.deepEqual(tokens, ['a\rb', 'c=<*>', 'd\u000be', '<*>']);
    assert.deepEqual(raw, ['a\rb', 'c=1', 'd\u000be', '42']);
    assert.deepEqual(spans, [0, 3, 4, 7, 8, 11, 12, 14]);
  });

  it('masks values that start with a digit whatever their glue, but keeps an event word after a colon', () => {
    for (const value of ['375378', '163.97', '177ms', '172.16.0.1', '2026-11-20', '1_000', '3/4', '5,6', '7@8', '9+1', '0x1f']) {
      assert.equal(maskVariables(`got ${value} now`), 'got <*> now', value);
    }
    assert.equal(maskVariables('at 10.0.0.1:50010:Transmitted'), 'at <*>:Transmitted');
    assert.equal(maskVariables('at 10.0.0.1:50010'), 'at <*>');
    assert.equal(maskVariables('proto HTTP/1.1 and HTTP/2'), 'proto HTTP/1.1 and HTTP/2');
  });

  it('splits on any run of whitespace', () => {
    assert.equal(maskVariables('  a \t b   c '), 'a b c');
    assert.equal(maskVariables(''), '');
  });
});
