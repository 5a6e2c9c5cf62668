/** Guesses a category for runbooks written without front matter, from weighted keywords. */
import { RunbookCategory } from './runbook';

const keywords: Record<RunbookCategory, string[]> = {
  Network: ['dns', 'tls', 'ssl', 'certificate', 'packet', 'latency', 'timeout', 'load balancer', 'ingress', 'proxy',
    'nginx', 'haproxy', 'firewall', 'route', 'tcp', 'udp', 'connection refused', 'connection reset', 'network', 'vpn'],
  Database: ['database', 'postgres', 'postgresql', 'mysql', 'mariadb', 'psql', 'replication', 'replica', 'deadlock',
    'query', 'sql', 'index', 'vacuum', 'mongodb', 'redis', 'transaction', 'connection pool', 'schema', 'table'],
  Application: ['deploy', 'release', 'exception', 'stack trace', 'crash', 'crashloop', 'http 5', '500', 'service',
    'application', 'feature flag', 'rollback', 'queue', 'consumer', 'validation', 'api'],
  Security: ['attack', 'brute', 'injection', 'credential', 'leak', 'secret', 'unauthorized', 'privilege', 'malware',
    'intrusion', 'phishing', 'cve', 'vulnerability', 'token', 'password', 'audit'],
  Hardware: ['disk', 'smart', 'raid', 'nvme', 'ssd', 'hdd', 'memory error', 'ecc', 'power supply', 'fan',
    'temperature', 'hardware', 'node', 'kernel', 'i/o error', 'filesystem'],
  Performance: ['cpu', 'memory', 'saturation', 'slow', 'latency', 'throughput', 'leak', 'garbage collection', 'gc',
    'heap', 'oom', 'load average', 'p99', 'p95', 'throttl', 'capacity'],
};

/** Returns undefined when no category clearly wins, rather than a coin flip. */
export function inferRunbookCategory(text: string): RunbookCategory | undefined {
  const haystack = text.toLowerCase();
  const scores = (Object.keys(keywords) as RunbookCategory[]).map((category) => {
    let score = 0;
    for (const keyword of keywords[category]) {
      const pattern = new RegExp(`\\b${keyword.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`, 'g');
      score += Math.min(5, haystack.match(pattern)?.length ?? 0);
    }
    return { category, score };
  });
  scores.sort((a, b) => b.score - a.score);
  const [best, second] = scores;
  if (!best || best.score < 3) return undefined;
  if (second && best.score < second.score * 1.25) return undefined;
  return best.category;
}
