/**
 * A seeded, deterministic generator of realistic service logs with injected anomalies and their ground truth.
 * Normal traffic comes from several services with a daily-ish load curve; each injected anomaly records exactly
 * which lines it wrote or altered, so detectors can be scored line by line.
 */
import type { AnomalyType } from '../detection/anomaly';
import { SeededRandom } from './seededRandom';

export const syntheticFormats = ['json', 'logfmt', 'nginx', 'plain'] as const;
export type SyntheticFormat = (typeof syntheticFormats)[number];

type Level = 'debug' | 'info' | 'warn' | 'error' | 'fatal';

interface Request {
  ip: string;
  user: string;
  method: string;
  path: string;
  status: number;
  bytes: number;
  latencyMs: number;
  agent: string;
}

interface LogEvent {
  level: Level;
  service: string;
  message: string;
  request?: Request;
}

export interface InjectedAnomaly {
  id: string;
  type: AnomalyType;
  /** What was injected within the type, e.g. brute_force, oom, dependency_down. */
  subtype: string;
  firstLine: number;
  lastLine: number;
  startTime: number;
  endTime: number;
  lineCount: number;
  /** Inclusive 1-based line ranges the anomaly wrote or altered. */
  ranges: Array<[number, number]>;
}

export interface GeneratedLabels {
  version: 1;
  seed: number;
  format: SyntheticFormat;
  lines: number;
  startTime: number;
  anomalies: InjectedAnomaly[];
}

export interface GeneratorOptions {
  lines: number;
  seed: number;
  format: SyntheticFormat;
  /** Epoch ms of the first line; default 2026-11-20T00:00:00Z. */
  startTime?: number;
  /** Mean lines per second at the average load (default 40). */
  linesPerSecond?: number;
  /** Inject anomalies (default true); false gives healthy traffic only. */
  inject?: boolean;
  /** Restrict injection to these types (default: every type the format can show). */
  types?: readonly AnomalyType[];
  /** Healthy lead-in before the first anomaly, in seconds (default 1200). */
  warmupSeconds?: number;
  /** Mean healthy gap between anomalies, in seconds (default 900). */
  gapSeconds?: number;
  /** Length of one simulated "day" of the load curve, in seconds (default 6 hours). */
  dayPeriodSeconds?: number;
}

/** Anomaly types an access log can show; application-only failures (OOM, parse errors) never reach nginx's log. */
const accessLogTypes: readonly AnomalyType[] = [
  'error_spike',
  'latency_degradation',
  'security_threat',
  'service_outage',
  'pattern_burst',
];
const appLogTypes: readonly AnomalyType[] = [
  'error_spike',
  'new_pattern',
  'pattern_burst',
  'latency_degradation',
  'security_threat',
  'resource_exhaustion',
  'service_outage',
  'data_anomaly',
];

/** Relative weights and duration ranges (seconds) of injected anomalies. */
const injectionProfile: Record<AnomalyType, { weight: number; minSeconds: number; maxSeconds: number }> = {
  error_spike: { weight: 3, minSeconds: 90, maxSeconds: 300 },
  new_pattern: { weight: 2, minSeconds: 90, maxSeconds: 240 },
  pattern_burst: { weight: 2, minSeconds: 90, maxSeconds: 240 },
  latency_degradation: { weight: 3, minSeconds: 120, maxSeconds: 420 },
  security_threat: { weight: 2, minSeconds: 90, maxSeconds: 240 },
  resource_exhaustion: { weight: 2, minSeconds: 90, maxSeconds: 300 },
  service_outage: { weight: 3, minSeconds: 90, maxSeconds: 360 },
  data_anomaly: { weight: 2, minSeconds: 90, maxSeconds: 240 },
};

const services = ['api-gateway', 'orders', 'payments', 'auth', 'inventory', 'search'] as const;
const users = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory', 'oscar'];
const agents = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  'Mozilla/5.0 (X11; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0',
  'okhttp/4.12.0',
  'python-requests/2.32.3',
];
const endpoints: Array<{ method: string; path: (r: SeededRandom) => string; weight: number; median: number }> = [
  { method: 'GET', path: (r) => `/api/v1/orders/${r.int(10000, 99999)}`, weight: 30, median: 35 },
  { method: 'GET', path: (r) => `/api/v1/products?page=${r.int(1, 40)}`, weight: 25, median: 25 },
  { method: 'POST', path: () => '/api/v1/orders', weight: 10, median: 80 },
  { method: 'GET', path: (r) => `/api/v1/users/${r.int(1, 5000)}/profile`, weight: 12, median: 20 },
  { method: 'POST', path: () => '/api/v1/login', weight: 6, median: 60 },
  { method: 'GET', path: (r) => `/static/app.${r.pick(['js', 'css'])}`, weight: 10, median: 4 },
  { method: 'GET', path: () => '/healthz', weight: 5, median: 2 },
  { method: 'GET', path: (r) => `/api/v1/reports/${r.int(1, 9999)}/export`, weight: 1, median: 45 },
  { method: 'GET', path: (r) => `/api/v1/search?q=${r.pick(['shoes', 'lamp', 'desk', 'phone', 'cable'])}`, weight: 8, median: 90 },
];
const endpointTotal = endpoints.reduce((s, e) => s + e.weight, 0);
const dependencies = [
  { name: 'postgres', address: '10.0.3.12:5432' },
  { name: 'redis', address: '10.0.3.20:6379' },
  { name: 'billing-api', address: '10.0.4.7:8443' },
  { name: 'kafka', address: '10.0.3.31:9092' },
];
const handlers = ['OrderController.create', 'CartService.checkout', 'InventoryWorker.reserve', 'ProfileHandler.update'];
const queues = ['orders.created', 'payments.settled', 'inventory.updates'];
const jobs = ['reconcile-ledger', 'expire-carts', 'rebuild-search-index', 'send-digest-emails'];
const tables = ['orders', 'order_items', 'customers', 'payments'];
/** Messages no healthy service ever prints; each new_pattern injection uses one. */
const novelMessages: Array<(r: SeededRandom) => string> = [
  (r) => `replica db-${r.int(1, 3)} lagging behind primary by ${r.int(30, 400)}s, reads may be stale`,
  (r) => `leader election lost for partition ${r.int(0, 31)}, stepping down as coordinator`,
  (r) => `TLS certificate for api-${r.int(1, 9)}.internal expires in ${r.int(1, 6)} days`,
  (r) => `consumer group rebalance aborted: member worker-${r.int(1, 40)} left during sync`,
  (r) => `feature flag store returned stale snapshot version ${r.int(100, 999)}`,
  (r) => `clock skew of ${r.int(600, 5000)}ms detected against ntp peer ${r.int(1, 4)}`,
  (r) => `checksum mismatch on segment ${r.int(1000, 9999)} of write-ahead log, segment quarantined`,
  (r) => `license seat limit reached for tenant t-${r.int(100, 999)}, new sessions degraded`,
];

function ipFor(r: SeededRandom): string {
  return `${r.pick(['10.1', '10.2', '172.16', '192.168'])}.${r.int(0, 255)}.${r.int(1, 254)}`;
}

function publicIp(r: SeededRandom): string {
  return `${r.int(23, 212)}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`;
}

/** An anomaly while it is being injected: emits its own lines and may alter healthy ones. */
interface ActiveInjection {
  label: InjectedAnomaly;
  end: number;
  /** Own events per second of event time. */
  perSecond: number;
  emit(time: number): LogEvent;
  /** Alters a healthy event; returns true when the change makes the line part of the anomaly. */
  alter?(event: LogEvent, time: number): boolean;
}

export class LogGenerator {
  private readonly rng: SeededRandom;
  private readonly format: SyntheticFormat;
  private readonly startTime: number;
  private readonly linesPerSecond: number;
  private readonly dayPeriodMs: number;
  private readonly gapMs: number;
  private readonly types: readonly AnomalyType[];
  private readonly inject: boolean;
  private readonly injected: InjectedAnomaly[] = [];
  private time: number;
  private line = 0;
  private nextInjectionAt: number;
  private active: ActiveInjection | undefined;
  private typeCycle: AnomalyType[] = [];
  private novelIndex: number;
  private readonly totalLines: number;

  constructor(private readonly options: GeneratorOptions) {
    if (!Number.isInteger(options.lines) || options.lines < 0) throw new RangeError('lines must be a non-negative integer');
    this.rng = new SeededRandom(options.seed);
    this.format = options.format;
    this.totalLines = options.lines;
    this.startTime = options.startTime ?? Date.UTC(2026, 10, 20, 0, 0, 0);
    this.time = this.startTime;
    this.linesPerSecond = options.linesPerSecond ?? 40;
    this.dayPeriodMs = (options.dayPeriodSeconds ?? 6 * 3600) * 1000;
    this.gapMs = (options.gapSeconds ?? 900) * 1000;
    this.inject = options.inject ?? true;
    const allowed = this.format === 'nginx' ? accessLogTypes : appLogTypes;
    this.types = options.types ? options.types.filter((t) => allowed.includes(t)) : allowed;
    this.nextInjectionAt = this.startTime + (options.warmupSeconds ?? 1200) * 1000;
    this.novelIndex = this.rng.int(0, novelMessages.length - 1);
  }

  /** Yields the log text in chunks of whole lines (each ending in "\n"). */
  *chunks(chunkLines = 2000): Generator<string> {
    let buffer: string[] = [];
    while (this.line < this.totalLines) {
      buffer.push(this.nextLine());
      if (buffer.length >= chunkLines) {
        yield buffer.join('\n') + '\n';
        buffer = [];
      }
    }
    if (buffer.length > 0) yield buffer.join('\n') + '\n';
    this.finishActive();
  }

  /** Ground truth; complete once `chunks()` has been consumed. */
  labels(): GeneratedLabels {
    return {
      version: 1,
      seed: this.options.seed,
      format: this.format,
      lines: this.line,
      startTime: this.startTime,
      anomalies: this.injected,
    };
  }

  private loadFactor(time: number): number {
    const phase = ((time - this.startTime) / this.dayPeriodMs) * 2 * Math.PI;
    return 1 + 0.45 * Math.sin(phase) + 0.1 * Math.sin(phase * 5.3);
  }

  private nextLine(): string {
    const rate = this.linesPerSecond * this.loadFactor(this.time);
    this.time += this.rng.exponential(1000 / rate);
    this.line++;
    if (this.active && this.time > this.active.end) this.finishActive();
    if (!this.active && this.inject && this.types.length > 0 && this.time >= this.nextInjectionAt) this.startInjection();

    let event: LogEvent;
    let labelled = false;
    const active = this.active;
    if (active && this.rng.chance(Math.min(0.9, active.perSecond / rate))) {
      event = active.emit(this.time);
      labelled = true;
    } else {
      event = this.format === 'nginx' ? this.healthyRequestEvent() : this.healthyEvent();
      if (active?.alter) labelled = active.alter(event, this.time);
    }
    if (labelled && active) this.mark(active.label);
    return this.render(event);
  }

  private mark(label: InjectedAnomaly): void {
    const last = label.ranges[label.ranges.length - 1];
    if (last && last[1] === this.line - 1) last[1] = this.line;
    else label.ranges.push([this.line, this.line]);
    if (label.lineCount === 0) label.firstLine = this.line;
    label.lastLine = this.line;
    label.lineCount++;
  }

  private finishActive(): void {
    const active = this.active;
    if (!active) return;
    this.active = undefined;
    active.label.endTime = Math.round(Math.min(active.end, this.time));
    active.label.startTime = Math.round(active.label.startTime);
    if (active.label.lineCount > 0) this.injected.push(active.label);
    this.nextInjectionAt = this.time + this.gapMs * this.rng.range(0.8, 1.6);
  }

  private nextType(): AnomalyType {
    if (this.typeCycle.length === 0) {
      // Every type once per cycle, heavier types twice, in a seeded order: all types show up even in short files.
      const cycle: AnomalyType[] = [];
      for (const type of this.types) {
        cycle.push(type);
        if (injectionProfile[type].weight >= 3) cycle.push(type);
      }
      for (let i = cycle.length - 1; i > 0; i--) {
        const j = this.rng.int(0, i);
        [cycle[i], cycle[j]] = [cycle[j]!, cycle[i]!];
      }
      this.typeCycle = cycle;
    }
    return this.typeCycle.pop()!;
  }

  private startInjection(): void {
    const type = this.nextType();
    const profile = injectionProfile[type];
    const durationMs = this.rng.range(profile.minSeconds, profile.maxSeconds) * 1000;
    const label: InjectedAnomaly = {
      id: `inj-${this.injected.length + 1}`,
      type,
      subtype: type,
      firstLine: 0,
      lastLine: 0,
      startTime: this.time,
      endTime: this.time + durationMs,
      lineCount: 0,
      ranges: [],
    };
    this.active = this.buildInjection(type, label, this.time + durationMs);
  }

  private buildInjection(type: AnomalyType, label: InjectedAnomaly, end: number): ActiveInjection {
    const r = this.rng;
    const nginx = this.format === 'nginx';
    const rate = this.linesPerSecond;
    switch (type) {
      case 'error_spike': {
        const share = r.range(0.15, 0.4);
        label.subtype = 'exceptions';
        if (nginx) {
          return {
            label, end, perSecond: 0,
            emit: () => this.healthyRequestEvent(),
            alter: (event) => {
              if (!event.request || !r.chance(share)) return false;
              event.request.status = 500;
              event.level = 'error';
              return true;
            },
          };
        }
        return { label, end, perSecond: rate * share, emit: () => this.baselineError() };
      }
      case 'new_pattern': {
        const make = novelMessages[this.novelIndex++ % novelMessages.length]!;
        const level: Level = r.chance(0.5) ? 'warn' : 'error';
        const service = r.pick(services);
        label.subtype = level;
        return {
          label, end, perSecond: r.range(0.1, 0.5),
          emit: () => ({ level, service, message: make(r) }),
        };
      }
      case 'pattern_burst': {
        const multiplier = r.range(8, 16);
        if (nginx) {
          label.subtype = 'export_scrape';
          const ip = publicIp(r);
          return {
            label, end, perSecond: rate * 0.01 * multiplier,
            emit: () => ({
              level: 'info', service: 'nginx', message: '',
              request: { ip, user: '-', method: 'GET', path: `/api/v1/reports/${r.int(1, 9999)}/export`, status: 200, bytes: r.int(20000, 90000), latencyMs: r.logNormal(45, 0.4), agent: 'python-requests/2.32.3' },
            }),
          };
        }
        const kind = r.pick(['evictions', 'webhook_retries', 'token_refresh'] as const);
        label.subtype = kind;
        return {
          label, end, perSecond: rate * 0.01 * multiplier,
          emit: () => {
            if (kind === 'evictions') return { level: 'info', service: 'inventory', message: `evicted ${r.int(10, 900)} keys from cache ${r.pick(['sessions', 'catalog', 'prices'])}` };
            if (kind === 'webhook_retries') return { level: 'info', service: 'payments', message: `retrying webhook delivery wh-${r.int(10000, 99999)} (attempt ${r.int(2, 5)})` };
            return { level: 'info', service: 'auth', message: `token refreshed for user ${r.pick(users)}` };
          },
        };
      }
      case 'latency_degradation': {
        const factor = r.range(4, 10);
        label.subtype = 'slow_requests';
        return {
          label, end, perSecond: 0,
          emit: () => this.healthyRequestEvent(),
          alter: (event) => {
            if (!event.request) return false;
            event.request.latencyMs *= factor * r.range(0.8, 1.3);
            return true;
          },
        };
      }
      case 'security_threat': {
        const kinds = nginx ? (['brute_force', 'injection'] as const) : (['brute_force', 'injection', 'privilege_escalation'] as const);
        const kind = r.pick(kinds);
        label.subtype = kind;
        const attacker = publicIp(r);
        if (kind === 'brute_force') {
          return {
            label, end, perSecond: r.range(0.5, 3),
            emit: () => {
              const user = r.pick([...users, 'admin', 'root', 'test']);
              if (nginx) return { level: 'warn', service: 'nginx', message: '', request: { ip: attacker, user: '-', method: 'POST', path: '/api/v1/login', status: 401, bytes: 112, latencyMs: r.logNormal(60, 0.3), agent: 'python-requests/2.32.3' } };
              return { level: 'warn', service: 'auth', message: `login failed for user ${user} from ${attacker}: invalid password` };
            },
          };
        }
        if (kind === 'injection') {
          const payloads = [
            () => `/api/v1/products?id=${r.int(1, 99)}'%20UNION%20SELECT%20username,password%20FROM%20users--`,
            () => `/api/v1/search?q=%3Cscript%3Ealert(${r.int(1, 9)})%3C/script%3E`,
            () => `/static/../../../../etc/passwd`,
            () => `/api/v1/orders?id=${r.int(1, 99)}%27%20OR%20%271%27=%271`,
            () => `/api/v1/files?name=..%2f..%2f..%2fetc%2fshadow`,
          ];
          return {
            label, end, perSecond: r.range(0.3, 1.5),
            emit: () => {
              const path = r.pick(payloads)();
              const status = r.pick([400, 403, 404]);
              const request: Request = { ip: attacker, user: '-', method: 'GET', path, status, bytes: r.int(100, 400), latencyMs: r.logNormal(8, 0.4), agent: 'sqlmap/1.8.4#stable (https://sqlmap.org)' };
              return { level: 'warn', service: 'api-gateway', message: nginx ? '' : `request rejected ${request.method} ${path}`, request };
            },
          };
        }
        return {
          label, end, perSecond: r.range(0.05, 0.2),
          emit: () => {
            const user = r.pick(users);
            return r.chance(0.5)
              ? { level: 'warn', service: 'auth', message: `sudo: ${user} : user NOT in sudoers ; TTY=pts/${r.int(0, 9)} ; PWD=/home/${user} ; USER=root ; COMMAND=/bin/bash` }
              : { level: 'error', service: 'auth', message: `privilege escalation attempt: user ${user} requested role admin from ${attacker}` };
          },
        };
      }
      case 'resource_exhaustion': {
        const kind = r.pick(['oom', 'disk_full', 'file_descriptors', 'pool_exhausted'] as const);
        label.subtype = kind;
        const start = label.startTime;
        const service = r.pick(services);
        return {
          label, end, perSecond: r.range(0.3, 1.5),
          emit: (time) => {
            const progress = Math.min(1, (time - start) / Math.max(1, end - start));
            switch (kind) {
              case 'oom':
                return progress > 0.85 && r.chance(0.5)
                  ? { level: 'fatal', service, message: `Out of memory: Killed process ${r.int(1000, 65000)} (java) total-vm:${r.int(8, 16)}000000kB` }
                  : { level: 'warn', service, message: `memory usage ${(91 + progress * 8.5).toFixed(1)}% of ${r.pick(['4', '8'])}GiB limit, gc pressure high` };
              case 'disk_full':
                return { level: 'error', service, message: `failed to write /var/lib/${service}/segment-${r.int(100, 999)}.dat: No space left on device` };
              case 'file_descriptors':
                return { level: 'error', service, message: `accept tcp 0.0.0.0:8080: accept4: too many open files; retrying in ${r.int(5, 1000)}ms` };
              default:
                return { level: 'error', service, message: `connection pool exhausted: ${r.pick([20, 50, 100])} of ${r.pick([20, 50, 100])} connections in use, request waited ${r.int(1000, 30000)}ms` };
            }
          },
        };
      }
      case 'service_outage': {
        const dep = r.pick(dependencies);
        const share = r.range(0.2, 0.6);
        label.subtype = nginx ? 'upstream_5xx' : `dependency_down:${dep.name}`;
        if (nginx) {
          return {
            label, end, perSecond: 0,
            emit: () => this.healthyRequestEvent(),
            alter: (event) => {
              if (!event.request || event.request.path === '/healthz' || !r.chance(share)) return false;
              event.request.status = r.pick([502, 503, 504]);
              event.level = 'error';
              return true;
            },
          };
        }
        const service = r.pick(['orders', 'payments', 'inventory'] as const);
        return {
          label, end, perSecond: r.range(1, 4),
          emit: () => {
            const roll = r.next();
            if (roll < 0.45) return { level: 'error', service, message: `dial tcp ${dep.address}: connect: connection refused (${dep.name})` };
            if (roll < 0.75) return { level: 'error', service, message: `request to ${dep.name} timed out after ${r.pick([2000, 5000, 10000])}ms` };
            if (roll < 0.92) return { level: 'warn', service, message: `health check failed for ${dep.name}: status=unhealthy` };
            return { level: 'error', service, message: `circuit breaker for ${dep.name} is now OPEN after ${r.int(5, 50)} consecutive failures` };
          },
          alter: (event) => {
            if (!event.request || event.request.path === '/healthz' || !r.chance(share)) return false;
            event.request.status = 503;
            event.level = 'error';
            return true;
          },
        };
      }
      case 'data_anomaly': {
        const service = r.pick(['orders', 'payments', 'inventory', 'search'] as const);
        label.subtype = 'bad_payloads';
        return {
          label, end, perSecond: r.range(0.5, 3),
          emit: () => {
            const roll = r.next();
            if (roll < 0.3) return { level: 'error', service, message: `failed to parse event payload from ${r.pick(queues)}: unexpected token '${r.pick(['}', ']', 'N', '<'])}' at position ${r.int(1, 4000)}` };
            if (roll < 0.55) return { level: 'error', service, message: `validation failed for order ${r.int(100000, 999999)}: field amount is NaN` };
            if (roll < 0.8) return { level: 'error', service, message: `schema mismatch on topic ${r.pick(queues)}: expected version ${r.int(3, 5)}, got ${r.int(6, 9)}` };
            return { level: 'error', service, message: `null value in column "customer_id" violates not-null constraint (row ${r.int(1, 99999)})` };
          },
        };
      }
    }
  }

  private healthyRequestEvent(): LogEvent {
    const r = this.rng;
    let roll = r.next() * endpointTotal;
    let endpoint = endpoints[0]!;
    for (const e of endpoints) {
      roll -= e.weight;
      if (roll < 0) {
        endpoint = e;
        break;
      }
    }
    const path = endpoint.path(r);
    const s = r.next();
    let status = endpoint.method === 'POST' && path.endsWith('/orders') ? 201 : 200;
    if (path === '/api/v1/login') status = s < 0.03 ? 401 : 200;
    else if (s < 0.0008) status = 500;
    else if (s < 0.025) status = 404;
    else if (s < 0.035) status = 304;
    else if (s < 0.045) status = 400;
    const load = this.loadFactor(this.time);
    const latencyMs = r.logNormal(endpoint.median * (0.8 + 0.2 * load), 0.45);
    const level: Level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
    return {
      level,
      service: 'api-gateway',
      message: '',
      request: {
        ip: ipFor(r),
        user: r.chance(0.6) ? r.pick(users) : '-',
        method: endpoint.method,
        path,
        status,
        bytes: status === 304 ? 0 : r.int(200, 24000),
        latencyMs,
        agent: r.pick(agents),
      },
    };
  }

  /** Errors healthy services print now and then; an error spike is many more of the same. */
  private baselineError(): LogEvent {
    const r = this.rng;
    const roll = r.next();
    const service = r.pick(services);
    if (roll < 0.35) return { level: 'error', service, message: `unhandled exception in ${r.pick(handlers)}: IllegalStateException: order ${r.int(100000, 999999)} in unexpected state ${r.pick(['PENDING', 'CANCELLED', 'SHIPPED'])}` };
    if (roll < 0.65) return { level: 'error', service, message: `failed to process message ${r.int(1, 9999999)} from queue ${r.pick(queues)}: internal error` };
    if (roll < 0.85) return { level: 'error', service, message: `request req-${r.int(100000, 999999)} aborted: handler returned error code E${r.int(1000, 1010)}` };
    return { level: 'error', service, message: `worker ${r.int(1, 32)} crashed with exit code ${r.pick([1, 2, 134, 137])}, restarting` };
  }

  private healthyEvent(): LogEvent {
    const r = this.rng;
    const roll = r.next() * 100;
    if (roll < 45) {
      const event = this.healthyRequestEvent();
      const path = event.request!.path;
      if (path === '/api/v1/login' && event.request!.status === 401) {
        // Real users mistype passwords: scattered single failures from different sources are healthy.
        const user = r.pick(users);
        return { level: 'warn', service: 'auth', message: `login failed for user ${user} from ${event.request!.ip}: invalid password` };
      }
      return event;
    }
    if (roll < 53) return { level: 'info', service: 'orders', message: `order ${r.int(100000, 999999)} created for customer c-${r.int(1000, 99999)} total=${(r.next() * 400 + 5).toFixed(2)} EUR` };
    if (roll < 59) return { level: 'info', service: 'payments', message: `payment authorized for order ${r.int(100000, 999999)} amount=${(r.next() * 400 + 5).toFixed(2)} EUR via ${r.pick(['card', 'paypal', 'sepa'])}` };
    if (roll < 59.5) return { level: 'warn', service: 'payments', message: `payment declined for order ${r.int(100000, 999999)}: insufficient funds` };
    if (roll < 63) return { level: 'info', service: 'auth', message: `user ${r.pick(users)} logged in from ${ipFor(r)}` };
    if (roll < 66) return { level: 'info', service: 'auth', message: `token refreshed for user ${r.pick(users)}` };
    if (roll < 73) return { level: 'debug', service: r.pick(services), message: `query executed in ${r.int(1, 40)}ms rows=${r.int(0, 500)} table=${r.pick(tables)}` };
    if (roll < 73.5) return { level: 'warn', service: r.pick(services), message: `slow query detected: ${r.int(500, 2500)}ms on table ${r.pick(tables)}` };
    if (roll < 80) return { level: 'debug', service: 'inventory', message: `cache hit for key sku:${r.int(1000, 99999)}` };
    if (roll < 83) return { level: 'info', service: 'inventory', message: `cache miss for key sku:${r.int(1000, 99999)}, loading from database` };
    if (roll < 84) return { level: 'info', service: 'inventory', message: `evicted ${r.int(10, 900)} keys from cache ${r.pick(['sessions', 'catalog', 'prices'])}` };
    if (roll < 85) return { level: 'info', service: 'payments', message: `retrying webhook delivery wh-${r.int(10000, 99999)} (attempt ${r.int(2, 5)})` };
    if (roll < 86.5) {
      const job = r.pick(jobs);
      return r.chance(0.5)
        ? { level: 'info', service: 'scheduler', message: `job ${job} started` }
        : { level: 'info', service: 'scheduler', message: `job ${job} finished in ${r.int(200, 60000)}ms` };
    }
    if (roll < 87.5) {
      const load = this.loadFactor(this.time);
      return { level: 'info', service: r.pick(services), message: `resource usage cpu=${Math.round(15 + 35 * load * r.range(0.7, 1.1))}% mem=${Math.round(45 + 15 * r.next())}% disk=${Math.round(55 + 10 * r.next())}%` };
    }
    if (roll < 88) return { level: 'warn', service: 'api-gateway', message: `deprecated API version v1 used by client app-${r.int(1, 30)}` };
    if (roll < 88.4) return this.baselineError();
    if (roll < 88.42) return { level: 'warn', service: r.pick(services), message: `request to ${r.pick(dependencies).name} timed out after 5000ms, retrying` };
    if (roll < 88.44) return { level: 'warn', service: r.pick(services), message: `validation failed for request req-${r.int(100000, 999999)}: field email is invalid` };
    if (roll < 88.45) return { level: 'info', service: r.pick(services), message: `configuration reloaded from /etc/shop/${r.pick(services)}.yaml` };
    if (roll < 94) return { level: 'debug', service: r.pick(services), message: `span ${r.int(0, 0xffffff).toString(16)} closed after ${r.int(1, 300)}ms` };
    return { level: 'info', service: 'orders', message: `order ${r.int(100000, 999999)} status changed to ${r.pick(['PAID', 'PACKED', 'SHIPPED', 'DELIVERED'])}` };
  }

  private render(event: LogEvent): string {
    const iso = new Date(this.time).toISOString();
    const req = event.request;
    switch (this.format) {
      case 'nginx':
        return renderNginx(iso, req!);
      case 'json': {
        let text = `{"ts":"${iso}","level":"${event.level}","service":"${event.service}"`;
        if (req) {
          text += `,"msg":"request completed","method":"${req.method}","path":${JSON.stringify(req.path)},"status":${req.status},"latency_ms":${req.latencyMs.toFixed(1)},"bytes":${req.bytes},"client_ip":"${req.ip}"`;
          if (req.user !== '-') text += `,"user":"${req.user}"`;
          return text + '}';
        }
        return text + `,"msg":${JSON.stringify(event.message)}}`;
      }
      case 'logfmt': {
        let text = `ts=${iso} level=${event.level} service=${event.service}`;
        if (req) {
          text += ` msg="request completed" method=${req.method} path=${quoteLogfmt(req.path)} status=${req.status} duration=${req.latencyMs.toFixed(1)}ms bytes=${req.bytes} ip=${req.ip}`;
          if (req.user !== '-') text += ` user=${req.user}`;
          return text;
        }
        return text + ` msg=${quoteLogfmt(event.message)}`;
      }
      case 'plain': {
        const stamp = `${iso.slice(0, 10)} ${iso.slice(11, 19)},${iso.slice(20, 23)}`;
        const level = event.level.toUpperCase().padEnd(5);
        if (req) {
          return `${stamp} ${level} [${event.service}] ${req.method} ${req.path} completed with status ${req.status} in ${Math.round(req.latencyMs)}ms client=${req.ip}`;
        }
        return `${stamp} ${level} [${event.service}] ${event.message}`;
      }
    }
  }
}

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function renderNginx(iso: string, req: Request): string {
  const stamp = `${iso.slice(8, 10)}/${months[Number(iso.slice(5, 7)) - 1]}/${iso.slice(0, 4)}:${iso.slice(11, 19)} +0000`;
  const rt = (req.latencyMs / 1000).toFixed(3);
  return `${req.ip} - ${req.user} [${stamp}] "${req.method} ${req.path} HTTP/1.1" ${req.status} ${req.bytes} "-" "${req.agent}" rt=${rt}`;
}

function quoteLogfmt(value: string): string {
  if (!/[\s"=\\]/.test(value)) return value;
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Generates the whole log into memory (small sizes: tests, demos). */
export function generateLog(options: GeneratorOptions): { text: string; labels: GeneratedLabels } {
  const generator = new LogGenerator(options);
  let text = '';
  for (const chunk of generator.chunks()) text += chunk;
  return { text, labels: generator.labels() };
}
