import { strict as assert } from 'node:assert';
import { contentOf, drainParse, drainSettingsFor, formatRegex } from './drainBaseline';
import { TemplateMiner } from './templateMiner';

describe('Drain baseline', () => {
  it('splits the header off by the benchmark format, runs of spaces included', () => {
    const format = formatRegex(drainSettingsFor('zookeeper')!.logFormat);
    const line = '2015-07-29 17:41:44,747 - INFO  [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774] - Notification time out: 3200';
    assert.equal(contentOf(line, format), 'Notification time out: 3200');
    assert.equal(contentOf('no header here', format), 'no header here');
  });

  it('parses as Drain does: preprocessing, length and first-token tree, similarity threshold, final templates per line', () => {
    const settings = { logFormat: '<Content>', regex: ['(\\d+\\.){3}\\d+'], st: 0.5, depth: 4 };
    const { templates, clusterIds } = drainParse(
      ['Accepted connection from 10.0.0.1 port 22', 'Accepted connection from 10.0.0.2 port 2222', 'VM Started', 'VM Paused', 'Disk full'],
      settings,
    );
    assert.equal(clusterIds[0], clusterIds[1]);
    assert.equal(templates[0], 'Accepted connection from <*> port <*>');
    // The failure our miner's constant-word guard exists for: one differing word of two reaches the threshold.
    assert.equal(clusterIds[2], clusterIds[3]);
    assert.equal(templates[3], 'VM <*>');
    assert.notEqual(clusterIds[4], clusterIds[2]);
    const miner = new TemplateMiner();
    assert.notEqual(miner.add('VM Started').templateId, miner.add('VM Paused').templateId);
  });

  it('has the benchmark settings for the 16 LogHub systems', () => {
    for (const system of ['HDFS', 'Hadoop', 'Spark', 'Zookeeper', 'BGL', 'HPC', 'Thunderbird', 'Windows', 'Linux', 'Android', 'HealthApp', 'Apache', 'Proxifier', 'OpenSSH', 'OpenStack', 'Mac']) {
      const settings = drainSettingsFor(system);
      assert.ok(settings, system);
      assert.ok(formatRegex(settings.logFormat).source.includes('(?<Content>'), system);
      for (const regex of settings.regex) new RegExp(regex, 'g');
    }
  });
});
