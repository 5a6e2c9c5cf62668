/**
 * The offline classifier's evidence: phrases SREs and software use for each incident category, with weights.
 * Weights: 3 = nearly decisive on its own (a specific error string), 2 = strong, 1 = suggestive. Several cues may
 * fire; the classifier sums them with diminishing returns per subcategory, so one long log does not win on volume.
 * Written from how real systems and postmortems word things, not from any test set.
 */
import type { IncidentCategory } from './incident';

/**
 * What a cue is matched against (see incidentFeatures.ts): `text` is the incident text plus its glued identifiers
 * split into words (`KubePodCrashLooping` → "kube pod crash looping"); `exceptions` the exception type names it
 * mentions, with packages; `frames` its stack-frame lines.
 */
export type CueScope = 'text' | 'exceptions' | 'frames';

export interface ClassificationCue {
  category: IncidentCategory;
  subcategory: string;
  pattern: RegExp;
  weight: number;
  /** Absent means `text`. */
  scope?: CueScope;
  /** Matches only the lines of its scope that no other cue of that scope matched (a catch-all for the rest). */
  residual?: boolean;
}

function cue(category: IncidentCategory, subcategory: string, weight: number, ...patterns: RegExp[]): ClassificationCue[] {
  return patterns.map((pattern) => ({ category, subcategory, pattern, weight }));
}

function scopedCue(
  scope: CueScope,
  category: IncidentCategory,
  subcategory: string,
  weight: number,
  pattern: RegExp,
  residual = false,
): ClassificationCue {
  return { category, subcategory, pattern, weight, scope, ...(residual ? { residual } : {}) };
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
  ...cue('Application', 'crashloop', 3, /crashloopbackoff|back-off restarting failed container|exit code (?!137\b)[1-9]|cannot find module|modulenotfounderror|classnotfoundexception|noclassdeffounderror/i),
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
    /(?:access|api|secret) key (?:was )?(?:committed|leaked|exposed|posted)|leaked (?:credential|secret|token|key)|token (?:must be )?rotat|(?:committed|posted) (?:to|in) a public|exfiltration|stolen|compromised|revoked?|exfiltrat\w*/i),
  ...cue('Security', 'privilege', 3, /not in sudoers|privilege escalation|setuid|uid 0|\broot shell\b|sudo:.*command=|unauthorized ?access|guardduty|auditd|rootkit/i),
  ...cue('Security', 'malware', 3, /ransomware|malware|crypto ?miner|backdoor|\.locked extension|ransom note|c2 server|botnet/i),
  ...cue('Security', 'exposure', 3, /log in as other users|(?:see|view|access(?:ed)?|read|download(?:ed)?) (?:the )?(?:data|orders?|records?|accounts?|order history|profiles?|files?)? ?of (?:other|another) (?:users?|customers?|tenants?)|(?:see|view|access(?:ed)?|read|download(?:ed)?) (?:other|another) (?:users?|customers?|tenants?)'? ?s?\b|sensitive data exposed|data (?:leak|breach|exposure)|\bpii\b|session (?:fixation|hijack)|idor|cve-\d{4}/i),
  ...cue('Security', 'security', 1, /\bsecurity\b|attack(?:er)?|suspicious|\btor\b|unknown ip|probes?\b|scanner|\bwaf\b|\bmfa\b|\bphishing\b|\bintrusion\b|\bpam_unix\b|sshd/i),

  // Hardware
  ...cue('Hardware', 'disk-full', 3, /no space left on device|enospc|disk (?:is )?(?:full|at 100%)|inode usage|iused|filesystem (?:is )?full|\bdf -h\b|disk usage (?:above|over|at) \d+/i),
  ...cue('Hardware', 'disk-failure', 3, /smartd|smartctl|pending sectors?|unreadable|reallocated sector|i\/o error|ext4-fs error|xfs.*(?:corrupt|error)|raid|degraded array|nvme\d*:|\bdisk failure\b|lost a disk|bad blocks?|medium error/i),
  ...cue('Hardware', 'node', 3, /\bnotready\b|node ?not ?ready|node[\w .()/-]{0,60}\b(?:not ready|unready)\b|kubelet stopped posting|pleg is not healthy|node (?:is )?down|host (?:is )?unreachable|rebooted unexpectedly|kernel panic/i),
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

  // Vocabulary of alerting rules (Prometheus/Alertmanager mixins, CloudWatch, Datadog), Kubernetes event reasons,
  // cloud status pages and security tooling. Alert names reach these cues through identifier splitting, so
  // `NodeFilesystemSpaceFillingUp` is matched as "node filesystem space filling up".
  ...cue('Database', 'replication', 3,
    /\bslave (?:is )?lagg?ing|slave lag|behind (?:its |the )?(?:source|master|primary)|replication (?:is )?(?:broken|stopped|lagging)|conflict with recovery|hot_standby_feedback/i),
  ...cue('Database', 'replication', 2, /\bfail(?:ed)? ?over\b|failover events?|promot(?:ed|ing) (?:the )?(?:replica|standby)/i),
  ...cue('Database', 'engine', 2, /\baurora\b|\brds\b|\bmongos\b|\bpg_\w+|:(?:5432|3306|27017|6379|9042|1433|1521)\b|\bport (?:5432|3306|27017|6379|9042|1433|1521)\b/i),
  ...cue('Database', 'locks', 3, /could not serialize access|serialization failure|sqlstate 40001|\b40p01\b|lock wait|row lock contention/i),
  ...cue('Database', 'maintenance', 3, /\bvacuum\b|autovacuum|wraparound|table bloat|dead tuples|must be vacuumed/i),
  ...cue('Database', 'cluster-health', 3, /cluster (?:health )?(?:status )?(?:is )?red\b|\bred status\b|shards? (?:are )?unassigned|no (?:suitable )?servers? (?:available|found)|server selection timed out/i),
  ...cue('Database', 'capacity', 3, /provisioned ?throughput ?exceeded|(?:read|write) capacity units|request rate is large|too many requests to the database/i),
  ...cue('Database', 'connection-pool', 3, /max_user_connections|connection limit (?:reached|exceeded)|too many connections|too many clients/i),

  ...cue('Network', 'tls', 3,
    /ssl handshake|certificate (?:will |is about to |is going to )?expir|certificate (?:is )?(?:not )?valid for|certification path|\bpkix\b|cert ?path|\bcert(?:ificate)?s? (?:has |have )?expired|\bcert\b[^\n]{0,40}\bexpir|\bhandshake\b|\bssl certificate|\bmtls\b/i),
  ...cue('Network', 'connectivity', 2,
    /dial tcp|i\/o timeout|upstream connect error|reset before headers|transport failure|connection failure|failed to establish a new connection|connect(?:ion)? error|no healthy upstream|network is down/i),
  ...cue('Network', 'dns', 3, /temporary failure in name resolution|server misbehaving|lookup [\w.-]+ on [\d.:]+|enotfound|dnssec|\bresolver\b|name ?servers?\b|\bcname\b|\ba record\b|\bdig\b/i),
  ...cue('Network', 'link', 3,
    /link (?:is )?(?:down|flapp)|changed state to down|line protocol|port-?channel|\blacp\b|\bnic\b|\beth\d+\b|\bens\d+|\bbond\d\b|(?:receive|transmit) err(?:or)?s|network (?:receive|transmit) errs?|carrier (?:lost|changed)|crc errors|interface [\w/.-]+ (?:is |went )?down/i),
  ...cue('Network', 'routing', 2, /\bbird\b|bgp (?:session|peer|not established)|\bospf\b|\bcni\b|\bcalico\b|\bcilium\b|\bflannel\b|\boverlay\b|vxlan|kube-proxy|iptables|\bnat\b/i),
  ...cue('Network', 'vpn', 3, /\bipsec\b|tunnels? (?:\d+ )?(?:is |are )?down|direct connect|expressroute|interconnect (?:is )?down/i),
  ...cue('Network', 'edge', 2, /\b52[0-4] errors?\b|\berror 52[0-4]\b|\bedge\b[^\n]{0,60}\borigin\b|origin (?:servers?|unreachable|timeouts?)|\bpops?\b|anycast/i),
  ...cue('Network', 'load-balancer', 3, /un ?healthy ?hosts?|healthy host count|no healthy (?:hosts|backends|targets)|backend (?:is )?(?:down|unhealthy)/i),
  ...cue('Network', 'packet-loss', 3, /packet (?:loss|drops?)|dropped packets|between availability zones/i),

  ...cue('Application', 'crashloop', 3,
    /crash ?loop(?:ing|back ?off)?|imagepullbackoff|image pull back ?off|errimagepull|failed to pull image|manifest unknown|create ?container(?: ?config)? ?error|backoff ?limit ?exceeded|exec format error|application (?:run )?failed to start|failed to start (?:the )?(?:application|container|service)/i),
  ...cue('Application', 'deploy', 3, /\brolled out\b|replicas mismatch|expected number of replicas|progress ?deadline ?exceeded|rollout (?:is )?stuck|sync failed|\bhelm (?:upgrade|release|install)/i),
  ...cue('Application', 'deploy', 1, /\bargo ?cd\b|\bhelm\b|\bchart\b|\bmerged\b|\brefactor/i),
  ...cue('Application', 'config', 3, /could not resolve placeholder|(?:secret|configmap) "[^"]+" not found|bean ?creation ?exception|invalid value|unknown (?:field|flag|option)|env(?:ironment)? variable [\w"']+ (?:is )?(?:not set|missing)/i),
  ...cue('Application', 'data-validation', 2, /\b400 bad request\b|\bbad request\b|\bis invalid\b|\bunprocessable entity\b|\b422\b/i),
  ...cue('Application', 'checks', 2, /synthetic (?:check|test|monitor)|expected text|end-to-end test|smoke test|\bhydration\b|minified react error/i),
  ...cue('Application', 'exception', 3, /undefined method|nil:nilclass|index out of range|division by zero|sequence contains no elements|nullreference/i),

  ...cue('Security', 'brute-force', 3,
    /\[preauth\]|authenticating user|\b401s?\b[^\n]{0,40}\blog ?in\b|\blog ?in\b[^\n]{0,40}\b401s?\b|credential[- ]stuffing|breach (?:dump|list|corpus)|combo ?lists?|password spray|proxy pool|impossible travel|push (?:challenges? )?denied|mfa (?:fatigue|bombing)|multiple authentication failures/i),
  ...cue('Security', 'credentials', 3,
    /secret scanning|access key id|\bakia[\w*]{4,}|exposed (?:secrets?|keys?|tokens?|credentials?)|credentials? (?:for [\w -]+ )?(?:were |was )?used from|credential ?exfiltration|\bleaked\b|hard-?coded (?:secret|password|credential)/i),
  ...cue('Security', 'runtime-threat', 3,
    /\bfalco\b|shell was spawned|spawned [\w ]{0,20}shell|reverse shell|\bcrypto ?min(?:er|ing)\b|\bxmr\b|stratum\+tcp|mining pool|\bmonero\b|unknown process|suspicious process|\bedr\b|crowdstrike|defender (?:alert|detected)/i),
  ...cue('Security', 'audit', 3, /stoplogging|deletetrail|stop logging|delete trail|cloudtrail (?:disabled|stopped)|audit logging (?:disabled|stopped)/i),
  ...cue('Security', 'audit', 2, /\bcloudtrail\b|\baudit(?: log)?\b|outside (?:any |the )?(?:pipeline|change window|business hours)/i),
  ...cue('Security', 'privilege', 3, /cluster-admin|system:anonymous|privileged (?:container|pod)|escalat(?:e|ed|ion) (?:to|privileges?)|granted (?:admin|owner|root)|new (?:admin|iam) (?:user|key) created/i),
  ...cue('Security', 'privilege', 1, /permission denied|access denied|\bforbidden\b|\b403s?\b/i),
  ...cue('Security', 'integrity', 3, /\baide\b|tripwire|file integrity|checksums? (?:differ|changed)|binar(?:y|ies) (?:modified|replaced)|backdoor(?:ed)?/i),
  ...cue('Security', 'auth-bypass', 3, /alg ?[=:]? ?none|unsigned tokens?|signature verification (?:failed|bypass)|auth(?:entication|orization)? bypass|authori[sz]ed as (?:admin|another)|without authentication/i),
  ...cue('Security', 'auth-bypass', 1, /\bjwt\b|\boauth\b|\bsaml\b|\bsso\b|\bokta\b|\biam\b|\bvault\b/i),
  ...cue('Security', 'exposure', 3,
    /(?:another|other) (?:company|organi[sz]ation|tenant|customer|user|account)(?:'s|s'|s)? (?:data|invoices?|orders?|records?|files?|accounts?|documents?|emails?|passwords?)/i),
  // Phrase cues break when people insert a word ("failed SSH logins"), so the commonest ones allow a couple.
  ...cue('Security', 'brute-force', 3, /failed (?:[\w-]+ ){0,2}(?:logins?|log-ins?|sign-ins?|authentications?|passwords?)\b/i),
  ...cue('Security', 'supply-chain', 3, /hijack(?:ed|ing)?|typosquat|malicious (?:package|version|dependency|commit)|postinstall script/i),
  ...cue('Security', 'exposure', 3, /principal ['"]?\*|public(?:ly)? (?:readable|accessible|listable|exposed)|allow(?:s|ed)? (?:all|anyone|everyone) (?:to )?(?:read|access|list)/i),
  ...cue('Security', 'phishing', 3, /\bphishing\b|impersonat(?:ing|ed|ion)|fake (?:login )?page|entered (?:their )?credentials/i),
  ...cue('Security', 'web-attack', 3, /waf (?:blocked|rule)|blocked by (?:the )?(?:managed |waf )?rule|\blog4j\b|log4shell|\bjndi\b|modsecurity|libinjection|\bscanner\b|vulnerability scan/i),
  ...cue('Security', 'vulnerability', 3, /\bvulnerab(?:le|ility)\b|\bsnyk\b|\btrivy\b|\bdependabot\b|security advisory|prototype pollution|\brce\b/i),

  ...cue('Hardware', 'disk-full', 3,
    /filesystem (?:space )?(?:filling up|almost full|is filling)|space filling up|out of (?:disk )?space|disk (?:is )?almost full|\d+(?:\.\d+)?% available (?:disk )?space|available (?:disk )?space left|available inodes|out of (?:files|inodes)|\binodes\b|disk ?pressure|ephemeral-storage|\bnodefs\b|\bimagefs\b/i),
  ...cue('Hardware', 'disk-failure', 3,
    /reallocated|pending sectors?|degraded ?array|\bdegraded\b[^\n]{0,40}\b(?:pool|array|raid|md\d|disk|volume)|\bfaulted\b|\bzfs\b|\bzpool\b|\bmdadm\b|\bimpaired\b|blk_update_request|\bsmart (?:usage )?attribute|\bsmart\b[^\n]{0,30}\b(?:failed|failing|error)|\bfailed (?:drive|disk)\b/i),
  ...cue('Hardware', 'host', 3,
    /underlying (?:hardware|host)|hardware (?:degradation|failure|fault|issue)|\bhost error\b|host maintenance|scheduled for retirement|instance retirement|physical (?:host|machine|server)|system status check failed|instance status check failed/i),
  ...cue('Hardware', 'accelerator', 3, /\bxid\b|fallen off the bus|nvidia-smi|\bgpu\b[^\n]{0,40}\b(?:error|failed|lost|err!)/i),
  ...cue('Hardware', 'power-thermal', 3, /utility power|\bgenerators?\b|power[- ]cycled?|power (?:loss|outage|failure|redundancy)|\bracks?\b|\bvoltage\b|\bidrac\b|\bilo\b|\bbmc\b/i),
  ...cue('Hardware', 'clock', 3, /not synchroni[sz]ing|clock (?:is )?not synchroni|time ?sync|timedatectl|\bptp\b/i),

  ...cue('Performance', 'oom', 3, /exit code 137|\boom ?killed\b|memory ?pressure|heap limit|heap out of memory|java heap space|insufficient memory|memory limit exceeded/i),
  ...cue('Performance', 'cpu', 3, /cpu throttling|throttling of cpu|system\.load|\bload(?:\.| average )?(?:1|5|15)\b|\d{3}% of (?:cpu )?request|insufficient cpu|steal time|run queue/i),
  ...cue('Performance', 'capacity', 3,
    /nodes are available|failed ?scheduling|max ?replicas|unable to scale|at (?:its|their) (?:ceiling|limit|max)|all threads .{0,20}busy|threads? (?:are )?(?:currently )?busy|max ?threads|listen (?:queue|overflows?)|listenoverflows|somaxconn|\b\d+x (?:normal|usual|baseline)|full concurrency|worker pool (?:full|exhausted)/i),
  ...cue('Performance', 'queue-lag', 3,
    /(?:ready|unacked|visible|pending|queued) (?:messages|tasks|jobs)|messages ?visible|(?:queue|topic)\b[^\n]{0,40}\b(?:backlog|depth)|\bbacklog (?:at|of|grew|growing)|publish rate|deliver rate|oldest (?:task|message|job)|total lag|lag (?:is )?(?:growing|rising|increasing)/i),
  ...cue('Performance', 'memory-leak', 3, /goroutine (?:count|leak)|goroutines? (?:climb|grow)|\brss\b|resident (?:set|memory)|climbed from|grew from|heap grows/i),
  ...cue('Performance', 'latency', 3, /\bapdex\b|percentile|\bslo\b|\bp\d\d\b|gc pause|evacuation pause|full gc|request latency|high latency|latency high/i),

  // Names from widely used alert catalogues (kube-prometheus and node-exporter mixins, awesome-prometheus-alerts).
  ...cue('Performance', 'capacity', 3, /overcommit|too many pods|maxed out|too many unack(?:ed|nowledged)? messages|unack(?:ed)? messages/i),
  ...cue('Performance', 'memory', 3,
    /memory (?:high )?utili[sz]ation|memory (?:usage )?(?:is )?high|high memory|memory filling up|swap (?:is )?filling|swap usage|system ?oom|oom encountered|low on resource: memory|insufficient memory/i),
  ...cue('Performance', 'cpu', 3, /cpu (?:high )?usage|cpu high|high cpu load|cpu load/i),
  ...cue('Performance', 'queue-lag', 2, /consumers? group/i),
  ...cue('Network', 'conntrack', 3, /conntrack|table full, dropping packet/i),
  ...cue('Network', 'probe', 3, /\bblackbox\b|uptime check|pingdom|statuscake/i),
  ...cue('Network', 'load-balancer', 3, /\bhaproxy\b|server [\w/.-]+ is down|targets? (?:are |is )?down\b|targets? missing|target down/i),
  ...cue('Database', 'engine', 2, /\betcd\b/i),
  ...cue('Database', 'cluster-health', 2, /insufficient members|leader changes|no leader\b|lost (?:its )?quorum/i),
  ...cue('Database', 'transactions', 3, /rollback rate|high rollback|transaction rollbacks?/i),
  ...cue('Database', 'slow-queries', 3, /slow quer(?:y|ies)/i),
  // SQLSTATE 23xxx: the database refused the write; whether the code or the data is at fault, it surfaces there.
  ...cue('Database', 'constraints', 2, /violates (?:unique|foreign key|not-null|check) constraint|unique constraint|integrity constraint violation|duplicate entry/i),
  ...cue('Network', 'dns', 3, /(?:could not|couldn't|unable to|cannot|can't) resolve (?:host|hostname|address)|resolve host address/i),
  ...cue('Hardware', 'disk-full', 3, /(?:volume|disk|filesystem|inodes?|storage)\b[^\n]{0,20}\bfilling up|will fill in|disk space (?:is )?low|low disk space/i),
  ...cue('Hardware', 'storage', 3, /failed ?mount|mount ?volume|mount failed|failed ?attach ?volume|multi-attach error|already exclusively attached/i),
  ...cue('Application', 'health', 3, /readiness probe failed|liveness probe failed|startup probe failed|pod ?not ?ready|pod[\w .()/-]{0,60}\b(?:non-ready|not ready|unready)\b/i),

  // Everyday wording of on-call notes for the same kinds of incident.
  ...cue('Security', 'credentials', 3,
    /secrets? (?:were |was )?(?:printed|pasted|posted|logged|leaked|exposed)|(?:print|dump|echo)(?:s|ed|ing)? (?:all |the )?secrets|(?:api|secret|private|access) key (?:was )?(?:pasted|shared|posted)|pasted (?:in|into) (?:a )?(?:public |#[\w-]+ )?(?:slack|channel|chat|ticket|gist)|authorized_keys|former employee|offboarded|departed employee/i),
  ...cue('Security', 'account-takeover', 3, /account takeover|password reset (?:emails?|requests?|flood|abuse)|sim[- ]swap/i),
  ...cue('Hardware', 'host', 3, /hung_task|blocked for more than \d+ seconds|soft lockup|hard lockup|rcu_\w+ (?:self-)?detected stall/i),
  ...cue('Hardware', 'disk-full', 3, /(?:\/[\w.-]+)+ (?:is )?(?:at )?(?:9\d|100)%(?: full)?\b|\bdisk (?:is )?(?:9\d|100)% full/i),
  ...cue('Performance', 'memory-leak', 3, /memory[_ ]working[_ ]set|working set bytes|memory (?:keeps )?(?:rising|growing|climbing)|rising linearly|never returns to baseline/i),
  ...cue('Performance', 'capacity', 3, /worker_connections|connections are not enough|connection limit of the (?:proxy|web server)/i),
  ...cue('Performance', 'cpu', 3, /\bcpu\b[^\n]{0,30}\b(?:9\d|100)%|\bpegged\b/i),
  ...cue('Performance', 'queue-lag', 3, /iterator ?age|unacked messages? age|oldest unacked|consumers? (?:are )?falling behind|subscription backlog/i),
  ...cue('Network', 'dns', 3, /\broute ?53\b|\bcloud dns\b|\bhosted zone\b/i),

  // Exception types a stack trace names: the package and class say which layer failed, whatever the message says.
  scopedCue('exceptions', 'Database', 'driver-error',
    3, /sql|jdbc|hibernate|psycopg|pymongo|mongo|redis|jedis|lettuce|cassandra|datastax|sequelize|prisma|typeorm|activerecord|deadlock|lockwait|operationalerror|integrityerror|dataaccess|persistence|elasticsearch|dynamo|throughputexceeded|(?:^|\.)db\./im),
  scopedCue('exceptions', 'Network', 'network-error',
    3, /ssl|tls|certificate|certpath|handshake|x509|socket|connectexception|connecttimeout|connectionrefused|connectionreset|unknownhost|noroutetohost|nameresolution|newconnectionerror|maxretryerror|(?:^|\.)net\.(?!.*\bdb)/im),
  scopedCue('exceptions', 'Performance', 'oom', 3, /outofmemory|memoryerror|heapspace|rejectedexecution/i),
  scopedCue('exceptions', 'Security', 'auth-error', 2, /accessdenied|unauthori[sz]ed|authentication|csrf|signatureexception|invalidtoken|securityexception/i),
  // An exception type none of the above claims is the code itself failing.
  scopedCue('exceptions', 'Application', 'exception', 2.5, /\w/, true),
  // Frames alone say little about the layer (a driver's timeout has frames too), so they only lean to Application.
  scopedCue('frames', 'Application', 'stack-trace', 1, /\S/),
];
