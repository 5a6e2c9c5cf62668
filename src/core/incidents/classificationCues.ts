/**
 * The offline classifier's evidence: phrases SREs and software use for each incident category, with weights.
 * Weights: 3 = nearly decisive on its own (a specific error string), 2 = strong, 1 = suggestive. Several cues may
 * fire; the classifier sums them with diminishing returns per subcategory, so one long log does not win on volume.
 * Written from how real systems and postmortems word things, not from any test set.
 */
import type { IncidentCategory } from './incident';

export interface ClassificationCue {
  category: IncidentCategory;
  subcategory: string;
  pattern: RegExp;
  weight: number;
}

function cue(category: IncidentCategory, subcategory: string, weight: number, ...patterns: RegExp[]): ClassificationCue[] {
  return patterns.map((pattern) => ({ category, subcategory, pattern, weight }));
}

export const classificationCues: ClassificationCue[] = [
  // Database
  ...cue('Database', 'connection-pool', 3,
    /hikari\w*|connection is not available|remaining connection slots|too many (?:clients|connections)|queuepool limit|pool (?:is )?exhausted|connection pool/i,
    /idle in transaction|max_connections|pgbouncer/i),
  ...cue('Database', 'replication', 3, /replication lag|replica(?:tion)? (?:is )?(?:behind|lag)|seconds_behind_master|wal (?:sender|receiver)|replica set has no primary/i),
  ...cue('Database', 'replication', 2, /\breplica\b|failover of the (?:primary|database)|read-only option|--read-only/i),
  ...cue('Database', 'locks', 3, /deadlock|lock wait timeout|access exclusive lock|ora-00060|sharelock|could not obtain lock|lock timeout/i),
  ...cue('Database', 'slow-queries', 3, /slow query|query_time|rows_examined|full table scans?|seq(?:uential)? scan|missing index|explain analyze/i),
  ...cue('Database', 'engine', 2,
    /\b(?:postgres(?:ql)?|psql|mysql|mariadb|mongo(?:db|server\w*)?|cassandra|oracle|ora-\d{5}|sql ?server|sqlite|dynamodb|cockroach|elasticsearch|opensearch|clickhouse|memcached)\b/i),
  ...cue('Database', 'engine', 1, /\bdatabase\b|\bdb\b|\bsql\b|\btable\b|\bindex(?:es)?\b|transaction|schema migration|\bquery\b|\bqueries\b|sqlstate|jdbc|sqlalchemy|\borm\b/i),
  ...cue('Database', 'cache-store', 2, /\bredis\b|maxmemory|evicted_keys|evictions?/i),
  ...cue('Database', 'cluster-health', 3, /cluster health (?:red|yellow)|unassigned (?:primary )?shards|consistency (?:local_)?quorum|readtimeoutexception/i),

  // Network
  ...cue('Network', 'dns', 3, /\bdns\b|no such host|name or service not known|unknownhostexception|nxdomain|servfail|getaddrinfo|eai_again|name resolution|resolv\.conf|coredns|ndots|\bns records?\b/i),
  ...cue('Network', 'tls', 3, /certificate (?:has )?expired|certificates? (?:for|of|on) [\w.*-]+ (?:has |have )?expired|expired (?:tls |ssl |x\.?509 )?certificate|ssl certificate problem|x509|tls handshake|handshake (?:failure|error)|unknown authority|\bca rotation\b|sslv3|cert(?:ificate)? verify failed/i),
  ...cue('Network', 'connectivity', 2, /econnrefused|connection refused|connection reset|econnreset|ehostunreach|no route to host|network is unreachable|connect timeout|connection timed out|etimedout|unreachable/i),
  ...cue('Network', 'packet-loss', 3, /packet loss|retransmi|\bmtr\b|\bhop\b|\blatency between\b|jitter|\bmtu\b/i),
  ...cue('Network', 'routing', 3, /\bbgp\b|routing table|route flap|peering|transit provider|\bvpc\b|subnet|security group|firewall rule|\bacl\b|nat gateway/i),
  ...cue('Network', 'load-balancer', 3, /load balancer|\balb\b|\belb\b|\bnlb\b|target group|unhealthy targets?|healthy targets|health checks? failed with these codes|ingress(?:-nginx| controller)?/i),
  ...cue('Network', 'gateway', 2, /bad gateway|\b502\b|gateway time-?out|\b504\b|upstream timed out|\bcdn\b|origin pull|proxy error|upstream prematurely closed/i),
  ...cue('Network', 'rate-limit', 3, /\b429\b|too many requests|rate limit(?:ed|ing)?|throttl(?:ed|ing) by|quota exceeded/i),
  ...cue('Network', 'network', 1, /\bnetwork\b|connectivity|\bregion(?:al)?\b|outbound|\bvpn\b|\bwan\b|datacenter|interconnect|\btcp\b|\budp\b|\bport \d+/i),

  // Application
  ...cue('Application', 'exception', 3,
    /nullpointerexception|typeerror|referenceerror|keyerror|indexerror|attributeerror|valueerror|nil pointer|segmentation violation|panic:|unhandled (?:promise )?rejection|uncaught exception|stack ?trace|traceback \(most recent call last\)/i),
  ...cue('Application', 'exception', 2, /\bexception\b|cannot read propert|undefined is not|is not a function|\bbug\b|regression|assertion failed/i),
  ...cue('Application', 'deploy', 3, /after (?:the )?(?:deploy(?:ing|ment)?|release|rollout|upgrade)|rolling back|rolled back|rollback|new version|bad (?:merge|build|release|deploy)|feature flag|canary/i),
  ...cue('Application', 'crashloop', 3, /crashloopbackoff|back-off restarting failed container|exit code [1-9]|cannot find module|modulenotfounderror|classnotfoundexception|noclassdeffounderror/i),
  ...cue('Application', 'config', 3, /config(?:uration)? (?:reload |change |error|invalid)|yaml:|mapping values are not allowed|enoent|no such file or directory|missing (?:env|environment) var|invalid config/i),
  ...cue('Application', 'data-validation', 3, /validationerror|validation (?:error|failed)|must be a valid|schema (?:validation|mismatch)|jsondecodeerror|unexpected token|invalid date|parse error|failed to parse|malformed|null \w+_id|\bnan\b|renamed the field|column [\w.]+ does not exist/i),
  ...cue('Application', 'circuit-breaker', 3, /circuit breaker|breaker (?:is )?open|hystrix|resilience4j|fallback/i),
  ...cue('Application', 'health', 2, /readiness probe|liveness probe|probe failed|health ?check (?:failed|failing)|\b503\b|service unavailable/i),
  ...cue('Application', 'http-errors', 2, /\b5xx\b|\b500\b|internal server error|error rate|returned 500/i),
  ...cue('Application', 'jobs', 2, /cron ?job|batch job|\betl\b|worker\.py|job (?:queue )?(?:stuck|failed)|failed \d+ times/i),
  ...cue('Application', 'application', 1, /\bendpoint\b|\bapi\b|\bservice\b|application|\bapp\b|\bcode\b|release|version \d|deploy/i),

  // Security
  ...cue('Security', 'brute-force', 3,
    /failed password|invalid user|authentication failure|brute[- ]?force|credential stuffing|login failures?|failed logins?|too many (?:login|authentication) attempts|account (?:locked|lockout)|fail2ban/i),
  ...cue('Security', 'injection', 3, /sql injection|or 1=1|union select|<script|xss|cross-site|\.\.\/\.\.\/|\/etc\/passwd|path traversal|command injection|\$\{jndi:|waf blocked|csp violation/i),
  ...cue('Security', 'credentials', 3,
    /(?:access|api|secret) key (?:was )?(?:committed|leaked|exposed|posted)|leaked (?:credential|secret|token|key)|token (?:must be )?rotat|(?:committed|posted) (?:to|in) a public|exfiltration|stolen|compromised|revoked?/i),
  ...cue('Security', 'privilege', 3, /not in sudoers|privilege escalation|setuid|uid 0|\broot shell\b|sudo:.*command=|unauthorized ?access|guardduty|auditd|rootkit/i),
  ...cue('Security', 'malware', 3, /ransomware|malware|crypto ?miner|backdoor|\.locked extension|ransom note|c2 server|botnet/i),
  ...cue('Security', 'exposure', 3, /log in as other users|(?:see|view|access(?:ed)?|read|download(?:ed)?) (?:the )?(?:data|orders?|records?|accounts?|order history|profiles?|files?)? ?of (?:other|another) (?:users?|customers?|tenants?)|(?:see|view|access(?:ed)?|read|download(?:ed)?) (?:other|another) (?:users?|customers?|tenants?)'? ?s?\b|sensitive data exposed|data (?:leak|breach|exposure)|\bpii\b|session (?:fixation|hijack)|idor|cve-\d{4}/i),
  ...cue('Security', 'security', 1, /\bsecurity\b|attack(?:er)?|suspicious|\btor\b|unknown ip|probes?\b|scanner|\bwaf\b|\bmfa\b|\bphishing\b|\bintrusion\b|\bpam_unix\b|sshd/i),

  // Hardware
  ...cue('Hardware', 'disk-full', 3, /no space left on device|enospc|disk (?:is )?(?:full|at 100%)|inode usage|iused|filesystem (?:is )?full|\bdf -h\b|disk usage (?:above|over|at) \d+/i),
  ...cue('Hardware', 'disk-failure', 3, /smartd|smartctl|pending sectors?|unreadable|reallocated sector|i\/o error|ext4-fs error|xfs.*(?:corrupt|error)|raid|degraded array|nvme\d*:|\bdisk failure\b|lost a disk|bad blocks?|medium error/i),
  ...cue('Hardware', 'node', 3, /notready|not ready|kubelet stopped posting|pleg is not healthy|node (?:is )?down|host (?:is )?unreachable|rebooted unexpectedly|kernel panic/i),
  ...cue('Hardware', 'cpu-memory-hw', 3, /machine check|\bmce\b|\bedac\b|ecc|correctable (?:memory )?error|\bce memory\b|dimm|tlb error|ras kernel|hardware error/i),
  ...cue('Hardware', 'power-thermal', 3, /\bpsu\b|power supply|power distribution unit|\bpdu\b|fan (?:speed|failure)|cooling (?:failure|outage|system)|temperature|thermal|overheat|ipmi|\bups\b|power feed|\brack\b/i),
  ...cue('Hardware', 'clock', 3, /clock (?:skew|drift|wrong)|chronyd?|\bntp\b|time (?:drift|skew)|issued in the future|clock_gettime/i),
  ...cue('Hardware', 'hardware', 1, /\bhardware\b|\bdisk\b|\bhost\b|\bnode\b|\bserver\b|\bhypervisor\b|\bkernel\b|\bfirmware\b|storage node|block volumes?|\bbios\b/i),

  // Performance
  ...cue('Performance', 'oom', 3, /out of memory|oom ?kill(?:ed|er)?|outofmemoryerror|gc overhead limit|memory limit|heap (?:usage|space|out)|killed process/i),
  ...cue('Performance', 'memory-leak', 3, /memory leak|leak(?:s|ing)? memory|retained|heap snapshot|grows? (?:by|steadily|until)|climbs? (?:steadily|from)|memory (?:working set )?(?:grows|climbs|increas)/i),
  ...cue('Performance', 'cpu', 3, /cpu (?:on|at|usage|utili[sz]ation|saturat|pinned|throttl)|load average|high cpu|cpu throttling|cpu per request|\bthrottled\b|pinned at 9\d%/i),
  ...cue('Performance', 'latency', 3, /\bp9[059]\b|latency|response times?|slow(?:er|ness)?\b|tail latency|event loop lag|took \d+\s?m?s|upstream_response_time|stop-the-world|gc pauses?/i),
  ...cue('Performance', 'capacity', 3, /autoscal|max replicas|traffic (?:doubled|tripled|spike|surge)|capacity|saturat|thread pool (?:exhausted|full)|busy threads|accept queue|backlog|queued/i),
  ...cue('Performance', 'queue-lag', 3, /consumer (?:group )?lag|\blag \d|messages? (?:and growing|behind)|approximateageofoldestmessage|queue (?:depth|latency|age)|cannot keep up|throughput dropped/i),
  ...cue('Performance', 'file-descriptors', 3, /too many open files|emfile|file descriptors?|ulimit/i),
  ...cue('Performance', 'performance', 1, /\bperformance\b|\bslow\b|degrad|timeouts? (?:under|at) load|under load|more instances|\bqps\b|\brps\b|throughput/i),
];
