/**
 * Streaming, per-file anomaly detection. Records arrive in file order with their template match; they are grouped
 * into event-time windows (line-count windows when the file has no timestamps) and each closed window is scored
 * against baselines learnt from the file's own healthy windows. Consecutive windows with the same cause extend one
 * anomaly (same id, growing line range), so a tailing watcher can update its diagnostics in place.
 */
import type { LogLevel, LogRecord } from '../logs/logRecord';
import type { TemplateMatch } from '../templates/logTemplate';
import type { Anomaly, AnomalySeverity, AnomalyType, EvidenceLine } from './anomaly';
import {
  extractLatencyMs,
  isUserError,
  extractStatus,
  guessLevel,
  isDumpLine,
  mentionsFailure,
  type GuessedLevel,
  hasInjectionPayload,
  highPercentReadings,
  injectionHit,
  matchSignature,
  mayCarryLatency,
  mayCarryPercent,
  mayCarryStatus,
  type SignatureHit,
} from './failureSignatures';
import { LineRanges } from './lineRanges';
import { RobustBaseline, poissonTail, poissonZ, quantileInPlace } from './robustBaseline';

export interface DetectorOptions {
  /** The file's path or URI, copied into every anomaly. */
  file: string;
  /** Event-time window length for timestamped logs (default 60). */
  windowSeconds?: number;
  /** Window length in records for logs without timestamps (default 500). */
  windowLines?: number;
  /** Closed windows before baseline-relative alarms (error spike, new pattern, burst, latency) may fire (default 5). */
  warmupWindows?: number;
  /**
   * Patterns never reported: a template id, `/regex/flags` or `re:regex` tested on the message, or a template's exact
   * text. The editor's "Ignore this pattern" quick fix persists these.
   */
  ignore?: readonly string[];
  /** Records before baseline-relative alarms may fire, so sparse files do not warm up in a handful of lines (default 1000). */
  warmupRecords?: number;
  /** Evidence lines kept per anomaly (default 8). */
  maxEvidence?: number;
}

/** Floors from the issue: a handful of errors in a quiet file is not a spike. */
const errorSpikeMinErrors = 5;
const errorSpikeMinRate = 0.1;
const minZ = 3;
/** A frequency signature needs this many hits in a window, and this multiple of its expected count. */
const frequencyMinHits = 5;
const frequencyMinRatio = 3;
/** Brute force: failures from a single source in one window. */
const bruteForceMinPerSource = 5;
const percentThreshold = 90;
const burstMinCount = 20;
const burstMinRatio = 4;
/** Many templates are tested at every window, so a burst needs a far stronger z than a single metric does. */
const burstMinZ = 6;
const newPatternBurstCount = 10;
/** New templates in one window that make it a start-up (restart, deploy), where info-level bursts of them are expected. */
const startUpNewTemplates = 12;
/** New templates in the window right after a start-up that continue it. */
const startUpContinuedNewTemplates = 4;
const latencyMinSamples = 20;
const latencyMinRatio = 2;
/** A window gap this large (in windows that held records) ends an anomaly instead of extending it. */
const mergeGapWindows = 2;
/**
 * Windows without any record do not count as a gap (a sparse log: one fatal line every few minutes, nothing between,
 * is one episode), up to this much silence in windows, past which a new anomaly starts anyway.
 */
const maxMergeSilenceWindows = 30;
const maxLatencySamples = 4096;
/** Timed records remembered per window (line, end line, family, value: 20 bytes each, 5 MiB at most) so every slow line can be flagged. */
const maxTimedLines = 1 << 18;
/** New-pattern anomalies keep absorbing their template for this many windows; after that it is simply known. */
const newPatternMaxWindows = 30;
/** A warning-or-worse template present in at most this share of the windows so far is reported whenever it appears. */
const rareFailureMaxWindowShare = 0.05;
/**
 * ...or one this rare among records and absent from most windows (a busy file's occasional failure line); a failure
 * line present in nearly every window, however few its lines, is that service's routine.
 */
const rareFailureMaxRecordShare = 0.002;
const occasionalMaxWindowShare = 0.25;
const shareAlpha = 0.1;
const modeDecisionRecords = 50;
const minExpected = 0.2;
const overdispersion = 1.5;
const maxTailProbability = 1e-6;
/** Bounds on per-family state, so a file with endless distinct templates or routes keeps constant memory. */
const maxFamilies = 20000;
const maxLatencyFamilies = 200;
/** Records per window whose line numbers are kept for family verdicts (new pattern, burst); beyond it lines are dropped. */
const maxFamilyLogRecords = 1_000_000;

interface TemplateProfile {
  id: string;
  text: string;
  signature: SignatureHit | undefined;
  levelGuess: GuessedLevel | undefined;
  /** The text reports a failure in words (an info line saying "cannot tm_reply" is not chatter). */
  failure: boolean;
  /** Its failure is a user error (isUserError): fatal lines of it count towards error spikes but do not fire alone. */
  userError: boolean;

  /** The text may carry a response time / an HTTP status in free text: worth extracting from its lines. */
  latency: boolean;
  percent: boolean;
  status: boolean;
  /** Free-text extractions that found nothing on this template's lines, while none ever found anything. */
  latencyMisses: number;
  statusMisses: number;
  /** Canonical family: a generalised template points at the one it grew from. */
  family: Family;
}

/**
 * A template family or request route, for the life of the detector. Its tallies for the open window live on it too,
 * so a record costs a few number updates on an object already at hand, not a map entry and arrays per window.
 */
interface Family {
  key: string;
  index: number;
  /** A request route (`GET /api/orders/<*>`) rather than a template family. */
  route: boolean;
  /** Template text (or the route) for explanations. */
  text: string;
  newPatternKey: string;
  burstKey: string;
  rareKey: string;
  count: number;
  shareEwma: number;
  lastUpdateWindow: number;
  firstWindow: number;
  /** Largest per-window count seen in a healthy window. */
  peak: number;
  /** Windows the family had records in. */
  windows: number;
  /** Serial of the window the tallies below belong to. */
  windowSerial: number;
  windowCount: number;
  windowMaxLevel: number;
  evidenceCount: number;
  evidenceLines: number[];
  evidenceRaw: string[];
  windowTemplateIds: string[];
}

interface CauseBucket {
  type: AnomalyType;
  key: string;
  cause: string;
  strength: 'strong' | 'frequency' | 'metric';
  label: string;
  lines: number[];
  evidence: EvidenceLine[];
  count: number;
  sources?: Map<string, number>;
  maxReading?: number;
  templateIds: Set<string>;
}

interface Window {
  index: number;
  /** Unique per window (indices can repeat when event time jumps back). */
  serial: number;
  startTime?: number;
  endTime?: number;
  firstLine: number;
  lastLine: number;
  /** Records the file had before this window. */
  recordsBefore: number;
  records: number;
  errors: number;
  unexplained: CauseBucket;
  buckets: Map<string, CauseBucket>;
  /** Families with records in this window, in order of first appearance. */
  touched: Family[];
  /** Latency samples kept (in the detector's sample arrays) and seen in this window. */
  latencyCount: number;
  latencySeen: number;
  withStatus: number;
  gatewayErrors: CauseBucket;
}

interface LatencySample {
  line: number;
  endLine: number;
  ms: number;
  raw: string;
}

interface ActiveAnomaly {
  anomaly: Anomaly;
  lastWindow: number;
  /** Serial (count of windows with records) of the last window that extended it. */
  lastSerial: number;
  firstWindowStart?: number;
  lines: LineRanges;
  windows: number;
  /** The figures of the window that scored highest so far, and that score. */
  peakFigures: string;
  peakScore: number;
}

interface Firing {
  buckets: CauseBucket[];
  severity: AnomalySeverity;
  score: number;
  metrics: Record<string, number>;
  figures: string[];
  detail?: string;
}

function guessedRank(guess: GuessedLevel | undefined): number {
  return guess === 'fatal' ? 4 : guess === 'error' ? 3 : guess === 'warn' ? 2 : 1;
}

function levelRank(level: LogLevel): number {
  switch (level) {
    case 'info': case 'notice': return 1;
    case 'warn': return 2;
    case 'error': return 3;
    case 'fatal': return 4;
    default: return 0;
  }
}
const levelScore = [0, 0.05, 0.3, 0.55, 0.7];

export class AnomalyDetector {
  private readonly file: string;
  private readonly windowMs: number;
  private readonly windowLines: number;
  private readonly warmupWindows: number;
  private readonly warmupRecords: number;
  private readonly maxEvidence: number;
  private readonly ignoredIds = new Set<string>();
  private readonly ignoredPatterns: RegExp[] = [];

  private mode: 'time' | 'lines' | undefined;
  private window: Window | undefined;
  private closedWindows = 0;
  /** Index of the last window that was a start-up (startUpNewTemplates), -2 before any. */
  private lastStartUpWindow = -2;
  private lastWindowIndex = -1;
  private recordsSeen = 0;
  private lastLine = 0;
  private sampleState = 0x2545f491;
  private windowSerial = 0;
  private hasIgnores = false;

  private readonly profiles = new Map<string, TemplateProfile>();
  private lastProfile: TemplateProfile | undefined;
  private readonly families = new Map<string, Family>();
  private readonly familyList: Family[] = [];
  private readonly routes = new Map<number, Family>();
  /** (line, endLine, family index) per family record of the open window, reused across windows. */
  private familyLog = new Int32Array(3 * 4096);
  private familyLogRecords = 0;
  /** The open window's latency reservoir as parallel arrays, reused across windows. */
  private readonly latencyMs = new Float64Array(maxLatencySamples);
  private readonly latencyLine = new Int32Array(maxLatencySamples);
  private readonly latencyEndLine = new Int32Array(maxLatencySamples);
  private readonly latencyFamily = new Int32Array(maxLatencySamples);
  private readonly latencyRaw: string[] = new Array<string>(maxLatencySamples).fill('');
  /**
   * Every timed record of the open window (the reservoir above estimates p95 and keeps evidence): when latency fires,
   * each of the family's lines at or above its baseline is part of the anomaly, not only the sampled ones. Grows up
   * to maxTimedLines per window; a window with more flags the reservoir's lines only.
   */
  private timedLine = new Int32Array(maxLatencySamples);
  private timedEndLine = new Int32Array(maxLatencySamples);
  private timedFamily = new Int32Array(maxLatencySamples);
  private timedMs = new Float64Array(maxLatencySamples);
  private timedCount = 0;
  private readonly shapes = new Map<number, Array<{ tokens: string[]; family: string }>>();
  private readonly errorRate = new RobustBaseline();
  private readonly latencyBaselines = new Map<string, RobustBaseline>();
  /** EWMA of each frequency cause's share of records, with its update count for bias correction. */
  private readonly signatureShare = new Map<string, { share: number; updates: number }>();
  private gatewayShare = 0;
  private gatewayHistory = 0;

  private readonly active = new Map<string, ActiveAnomaly>();
  private readonly all: ActiveAnomaly[] = [];
  private readonly changed = new Set<ActiveAnomaly>();
  private readonly listeners = new Set<(changed: Anomaly[]) => void>();
  private readonly firings = new Map<string, Firing>();

  constructor(options: DetectorOptions) {
    this.file = options.file;
    this.windowMs = Math.max(1, options.windowSeconds ?? 60) * 1000;
    this.windowLines = Math.max(1, options.windowLines ?? 500);
    this.warmupWindows = Math.max(0, options.warmupWindows ?? 5);
    this.warmupRecords = Math.max(0, options.warmupRecords ?? 1000);
    this.maxEvidence = Math.max(1, options.maxEvidence ?? 8);
    for (const entry of options.ignore ?? []) this.addIgnore(entry);
  }

  /** Adds one ignore entry at runtime (template id, `/regex/flags`, `re:regex`, or exact template text). */
  addIgnore(entry: string): void {
    this.hasIgnores = true;
    const slash = /^\/(.+)\/([a-z]*)$/s.exec(entry);
    try {
      if (slash) return void this.ignoredPatterns.push(new RegExp(slash[1]!, slash[2]!.replace(/[gy]/g, '')));
      if (entry.startsWith('re:')) return void this.ignoredPatterns.push(new RegExp(entry.slice(3), 'i'));
    } catch {
      // An unparsable pattern ignores its literal text instead of throwing on a user setting.
    }
    this.ignoredIds.add(entry);
  }

  /** Listens for anomalies created or grown when a window closes. */
  onDidChangeAnomalies(listener: (changed: Anomaly[]) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }

  /**
   * Feeds one record with its template match; returns the record's anomaly score in [0, 1] (level, template rarity
   * and failure signatures; independent of the window verdicts, which come later).
   */
  push(record: LogRecord, match: TemplateMatch): number {
    this.recordsSeen++;
    if (record.endLine > this.lastLine) this.lastLine = record.endLine;
    const profile = this.profile(match);
    const window = this.placeInWindow(record);
    window.records++;
    if (this.hasIgnores && this.isIgnored(profile, record)) return 0;
    if (record.endLine > window.lastLine) window.lastLine = record.endLine;

    const fields = record.fields;
    let status = typeof fields.status === 'number' ? fields.status : undefined;
    if (status === undefined && profile.status) {
      status = extractStatus(record.message);
      if (status === undefined) stopAfterMisses(profile, 'status');
      else profile.statusMisses = -Infinity;
    }
    let rank = record.level ? levelRank(record.level) : -1;
    if (rank < 0 && status !== undefined) rank = status >= 500 ? 3 : status >= 400 ? 2 : 1;
    if (rank < 0) rank = guessedRank(profile.levelGuess);
    // Judged on the line, not the template: a miner may fold "machine check enable.....1" and "machine check
    // interrupt" into one template, and only the first is a register dump.
    if (rank >= 3 && isDumpLine(firstLineOf(record.message))) rank = 1;
    // Failure wording lifts an info line to a warning for new-pattern purposes only; its level-based score stays. A
    // user's error is news as a new pattern only in a burst, as an info line would be.
    const eventRank = profile.userError ? Math.min(rank, 1) : rank === 1 && profile.failure ? 2 : rank;

    // Access and request logs share one template across endpoints; their route is the finer unit for bursts.
    const path = fields.path;
    let family = profile.family;
    if (typeof path === 'string' && typeof fields.method === 'string' && this.familyList.length < maxFamilies) {
      const hash = routeHash(fields.method, path);
      let routeFamily = this.routes.get(hash);
      if (!routeFamily) {
        const route = routeOf(fields.method, path);
        routeFamily = this.families.get(route) ?? this.addFamily(route, route, true);
        this.routes.set(hash, routeFamily);
      }
      family = routeFamily;
    }
    const isNewFamily = family.count === 0;
    if (isNewFamily) {
      family.firstWindow = window.index;
      family.lastUpdateWindow = window.index;
    }
    family.count++;

    let score = levelScore[rank]! + 0.25 / Math.sqrt(family.count) + (eventRank > rank ? 0.1 : 0);
    let explained = false;

    let signature = profile.signature;
    if (!signature && hasInjectionPayload(typeof path === 'string' ? path : record.message)) signature = injectionHit;
    if (signature) {
      // Debug chatter that mentions a failure word is not a failure.
      if (rank >= 1 || signature.strength === 'strong') {
        // A fatal line with a known cause fires on sight under that cause, as a fatal line without one does.
        const fatal = rank >= 4 && signature.strength === 'frequency';
        const bucket = fatal
          ? this.bucket(window, `${signature.key}:fatal`, signature.type, signature.cause, 'strong', `fatal ${signature.label}`)
          : this.bucket(window, signature.key, signature.type, signature.cause, signature.strength, signature.label);
        this.addLine(bucket, record, profile.id);
        if (signature.cause === 'brute_force') {
          const source = authSource(record);
          bucket.sources ??= new Map();
          bucket.sources.set(source, (bucket.sources.get(source) ?? 0) + 1);
        }
        explained = true;
        score += signature.strength === 'strong' ? 0.35 : 0.2;
      }
    } else if (status === 401 && isLoginPath(path)) {
      const bucket = this.bucket(window, 'security_threat:brute_force', 'security_threat', 'brute_force', 'frequency', 'authentication failure');
      this.addLine(bucket, record, profile.id);
      bucket.sources ??= new Map();
      const source = authSource(record);
      bucket.sources.set(source, (bucket.sources.get(source) ?? 0) + 1);
      explained = true;
      score += 0.1;
    }

    if (profile.percent) {
      const readings = highPercentReadings(record.message, percentThreshold);
      for (const [resource, value] of readings) {
        const bucket = this.bucket(window, `resource_exhaustion:${resource}`, 'resource_exhaustion', resource, 'metric', `${resource} above ${percentThreshold}%`);
        this.addLine(bucket, record, profile.id);
        bucket.maxReading = Math.max(bucket.maxReading ?? 0, value);
        explained = true;
        score += 0.2;
      }
    }

    if (status !== undefined) {
      window.withStatus++;
      if (status >= 502 && status <= 504) {
        // 502-504 say a dependency or upstream is down; 500 is the application's own failure (an error spike).
        this.addLine(window.gatewayErrors, record, profile.id);
        explained = true;
        score += 0.15;
      }
    }

    // Fatal records are failures on sight: a file where errors are routine must not teach a baseline that they are.
    // A user's error (a missing program or directory) still counts as an error, towards a spike, but alone is not news.
    if (rank >= 4 && !explained && !profile.userError) {
      this.addLine(this.bucket(window, 'error_spike:critical', 'error_spike', 'critical', 'strong', 'fatal-level'), record, profile.id);
      explained = true;
      score += 0.2;
    }

    let latency = typeof fields.latencyMs === 'number' ? fields.latencyMs : undefined;
    if (latency === undefined && profile.latency) {
      latency = extractLatencyMs(record.message);
      if (latency === undefined) stopAfterMisses(profile, 'latency');
      else profile.latencyMisses = -Infinity;
    }
    if (latency !== undefined && Number.isFinite(latency) && latency >= 0) this.sampleLatency(window, record, latency, profile.family.index);

    // Families: new templates (after warm-up) and per-template rates (bursts). Lines a specific cause explains
    // (signatures, resource readings, gateway errors) are reported under that type, never also as a "new pattern".
    if (!explained || rank < 1) {
      this.tally(window, family, record, eventRank, profile.id);
      if (isNewFamily && this.isWarm()) score += 0.2;
    }

    if (rank >= 3) {
      window.errors++;
      if (!explained && !this.newPatternFamily(family, window)) this.addLine(window.unexplained, record, profile.id);
    }
    return Math.min(1, score);
  }

  private sampleLatency(window: Window, record: LogRecord, ms: number, family: number): void {
    this.keepTimed(record, ms, family);
    const seen = ++window.latencySeen;
    let slot = window.latencyCount;
    if (slot < maxLatencySamples) window.latencyCount++;
    else {
      // Reservoir sampling with a fixed-seed generator: the same file always gives the same verdicts.
      this.sampleState = (Math.imul(this.sampleState, 1664525) + 1013904223) >>> 0;
      slot = Math.floor((this.sampleState / 4294967296) * seen);
      if (slot >= maxLatencySamples) return;
    }
    this.latencyMs[slot] = ms;
    this.latencyLine[slot] = record.line;
    this.latencyEndLine[slot] = record.endLine;
    this.latencyFamily[slot] = family;
    this.latencyRaw[slot] = record.raw;
  }

  private keepTimed(record: LogRecord, ms: number, family: number): void {
    const n = this.timedCount;
    if (n >= maxTimedLines) return;
    if (n === this.timedLine.length) {
      const size = Math.min(maxTimedLines, n * 2);
      this.timedLine = grownInt32(this.timedLine, size);
      this.timedEndLine = grownInt32(this.timedEndLine, size);
      this.timedFamily = grownInt32(this.timedFamily, size);
      const ms2 = new Float64Array(size);
      ms2.set(this.timedMs);
      this.timedMs = ms2;
    }
    this.timedLine[n] = record.line;
    this.timedEndLine[n] = record.endLine;
    this.timedFamily[n] = family;
    this.timedMs[n] = ms;
    this.timedCount = n + 1;
  }

  /** Counts a record towards its family's tallies for the open window. */
  private tally(window: Window, family: Family, record: LogRecord, rank: number, templateId: string): void {
    if (family.windowSerial !== window.serial) {
      family.windowSerial = window.serial;
      family.windowCount = 0;
      family.windowMaxLevel = 0;
      family.evidenceCount = 0;
      family.windowTemplateIds.length = 0;
      family.windows++;
      window.touched.push(family);
    }
    family.windowCount++;
    if (rank > family.windowMaxLevel) family.windowMaxLevel = rank;
    const ids = family.windowTemplateIds;
    if (ids[ids.length - 1] !== templateId && ids.length < 20 && !ids.includes(templateId)) ids.push(templateId);
    if (family.evidenceCount < this.maxEvidence) {
      family.evidenceLines[family.evidenceCount] = record.line;
      family.evidenceRaw[family.evidenceCount] = record.raw;
      family.evidenceCount++;
    }
    const n = this.familyLogRecords;
    if (n < maxFamilyLogRecords) {
      let log = this.familyLog;
      if (3 * n + 3 > log.length) {
        const grown = new Int32Array(log.length * 2);
        grown.set(log);
        this.familyLog = log = grown;
      }
      log[3 * n] = record.line;
      log[3 * n + 1] = record.endLine;
      log[3 * n + 2] = family.index;
      this.familyLogRecords = n + 1;
    }
  }

  private addFamily(key: string, text: string, route: boolean): Family {
    const family: Family = {
      key, index: this.familyList.length, route, text, newPatternKey: `new_pattern:${key}`, burstKey: `pattern_burst:${key}`, rareKey: `new_pattern:rare:${key}`,
      count: 0, shareEwma: 0, lastUpdateWindow: 0, firstWindow: 0, peak: 0, windows: 0,
      windowSerial: -1, windowCount: 0, windowMaxLevel: 0, evidenceCount: 0, evidenceLines: [], evidenceRaw: [], windowTemplateIds: [],
    };
    this.families.set(key, family);
    this.familyList.push(family);
    return family;
  }

  /** Closes the current window so its verdict is reported (end of file, or an idle tail). */
  flush(): void {
    if (this.window) this.closeWindow(this.window);
    this.window = undefined;
  }

  anomalies(): Anomaly[] {
    return this.all.map((a) => a.anomaly);
  }

  /** Anomalies created or grown since the last call, each once. */
  drainChanges(): Anomaly[] {
    const out = [...this.changed].map((a) => a.anomaly);
    this.changed.clear();
    return out;
  }

  /** Every line that matched the cause of `anomalyId` (not only the evidence sample), as inclusive ranges. */
  anomalyLines(anomalyId: string): Array<[number, number]> {
    return this.all.find((a) => a.anomaly.id === anomalyId)?.lines.ranges() ?? [];
  }

  /** Fills `marks[line]` with a bit per anomaly type (bit i = anomalyTypes index i) for lines in detected anomalies. */
  markLines(marks: Uint8Array, typeIndex: (type: AnomalyType) => number): void {
    for (const a of this.all) {
      const bit = 1 << typeIndex(a.anomaly.type);
      for (const [first, last] of a.lines.ranges()) {
        for (let line = first; line <= last && line < marks.length; line++) marks[line]! |= bit;
      }
    }
  }

  get records(): number {
    return this.recordsSeen;
  }

  private isWarm(): boolean {
    return this.closedWindows >= this.warmupWindows && this.recordsSeen >= this.warmupRecords;
  }

  private isIgnored(profile: TemplateProfile, record: LogRecord): boolean {
    if (this.ignoredIds.size > 0 && (this.ignoredIds.has(profile.id) || this.ignoredIds.has(profile.text))) return true;
    for (const pattern of this.ignoredPatterns) if (pattern.test(record.message)) return true;
    return false;
  }

  /** The template's verdicts (signature, level guess, which fields it may carry), computed once per template id. */
  private profile(match: TemplateMatch): TemplateProfile {
    const last = this.lastProfile;
    if (last !== undefined && last.id === match.templateId) return last;
    let profile = this.profiles.get(match.templateId);
    if (!profile) {
      const text = match.template;
      const familyKey = this.familyOf(match.templateId, text);
      profile = {
        id: match.templateId,
        text,
        signature: matchSignature(text),
        levelGuess: guessLevel(text),
        failure: mentionsFailure(text),
        userError: isUserError(text),
        latency: mayCarryLatency(text),
        percent: mayCarryPercent(text),
        status: mayCarryStatus(text),
        latencyMisses: 0,
        statusMisses: 0,
        family: this.families.get(familyKey) ?? this.addFamily(familyKey, text, false),
      };
      this.profiles.set(match.templateId, profile);
    }
    this.lastProfile = profile;
    return profile;
  }

  /**
   * A miner generalises templates as it learns ("user alice" then "user <*>"), which gives a new id; that must not
   * read as a new pattern. A template that agrees with a known one everywhere except at wildcards joins its family.
   */
  private familyOf(id: string, text: string): string {
    const tokens = text.split(/\s+/);
    let list = this.shapes.get(tokens.length);
    if (!list) {
      list = [];
      this.shapes.set(tokens.length, list);
    }
    // A variant that differs from a known template in a word or two ("state PENDING" vs "state CANCELLED") is a
    // new combination of known parts, not a new kind of event.
    const allowed = tokens.length >= 4 ? Math.max(1, Math.floor(tokens.length / 5)) : 0;
    for (const known of list) {
      let differences = 0;
      for (let i = 0; i < tokens.length && differences <= allowed; i++) {
        const a = tokens[i]!;
        const b = known.tokens[i]!;
        if (!(a === b || a.includes('<*>') || b.includes('<*>'))) differences++;
      }
      if (differences <= allowed && (differences === 0 || tokens[0] === known.tokens[0])) return known.family;
    }
    if (list.length < 2000) list.push({ tokens, family: id });
    return id;
  }

  /** True when `family` is (or just became) a new-pattern candidate: its errors are explained by that. */
  private newPatternFamily(family: Family, window: Window): boolean {
    if (this.active.has(family.newPatternKey)) return true;
    return family.firstWindow === window.index && this.isWarm();
  }

  private placeInWindow(record: LogRecord): Window {
    // A banner or header line without a timestamp must not force line windows on a timestamped file: the mode is
    // decided by the first stamped record, or by the lack of one in the first records.
    if (this.mode === undefined || (this.mode === 'lines' && this.recordsSeen <= modeDecisionRecords)) {
      if (record.timestamp !== undefined) {
        if (this.mode === 'lines' && this.window) this.closeWindow(this.window);
        if (this.mode === 'lines') this.window = undefined;
        this.mode = 'time';
      } else {
        this.mode = 'lines';
      }
    }
    let index: number;
    if (this.mode === 'time') {
      const ts = record.timestamp;
      if (ts === undefined) {
        if (this.window) return this.window;
        index = this.lastWindowIndex + 1;
      } else {
        index = Math.floor(ts / this.windowMs);
        // Out-of-order stamps within a window's reach stay in the current window; a jump back starts afresh.
        if (this.window && index < this.window.index && index >= this.window.index - 1) return this.window;
      }
    } else {
      index = Math.floor(this.recordsSeen / this.windowLines);
    }
    if (this.window && this.window.index === index) return this.window;
    if (this.window) this.closeWindow(this.window);
    const start = this.mode === 'time' && record.timestamp !== undefined ? index * this.windowMs : undefined;
    this.familyLogRecords = 0;
    this.window = {
      index,
      serial: ++this.windowSerial,
      startTime: start,
      endTime: start !== undefined ? start + this.windowMs : undefined,
      firstLine: record.line,
      lastLine: record.endLine,
      // push() counted this record before placing it.
      recordsBefore: this.recordsSeen - 1,
      records: 0,
      errors: 0,
      unexplained: newBucket('error_spike', 'error_spike', 'errors', 'metric', 'errors'),
      buckets: new Map(),
      touched: [],
      latencyCount: 0,
      latencySeen: 0,
      withStatus: 0,
      gatewayErrors: newBucket('service_outage', 'service_outage:gateway', 'gateway', 'metric', '5xx responses'),
    };
    return this.window;
  }

  private bucket(window: Window, key: string, type: AnomalyType, cause: string, strength: CauseBucket['strength'], label: string): CauseBucket {
    let bucket = window.buckets.get(key);
    if (!bucket) {
      bucket = newBucket(type, key, cause, strength, label);
      window.buckets.set(key, bucket);
    }
    return bucket;
  }

  private addLine(bucket: CauseBucket, record: LogRecord, templateId: string): void {
    bucket.count++;
    if (bucket.lines.length < 200000) bucket.lines.push(record.line, record.endLine);
    if (bucket.evidence.length < this.maxEvidence) bucket.evidence.push(evidenceOf(record));
    if (bucket.templateIds.size < 20) bucket.templateIds.add(templateId);
  }

  private closeWindow(window: Window): void {
    const warm = this.isWarm();
    const n = Math.max(1, window.records);

    // Signature buckets: strong ones fire on sight, frequency ones against the file's own share of that cause.
    for (const bucket of window.buckets.values()) {
      if (bucket.strength === 'strong') {
        this.raise(bucket, 'error', 10 + bucket.count, { count: bucket.count }, `${bucket.count} ${bucket.label} line${bucket.count === 1 ? '' : 's'}`);
        continue;
      }
      if (bucket.strength === 'metric') {
        if (bucket.count >= 2) {
          this.raise(bucket, 'warning', bucket.maxReading ?? 0, { count: bucket.count, maxPercent: bucket.maxReading ?? 0 },
            `${bucket.count} ${bucket.cause} readings ≥ ${percentThreshold}% (max ${fmt(bucket.maxReading ?? 0)}%)`);
        }
        continue;
      }
      const learnt = this.signatureShare.get(bucket.key);
      const share = learnt?.share ?? 0;
      const expected = unbiased(share, learnt?.updates ?? 0) * n;
      const z = poissonZ(bucket.count, expected);
      let fired = false;
      if (bucket.cause === 'brute_force') {
        let topSource = '';
        let top = 0;
        for (const [source, count] of bucket.sources ?? []) if (count > top) [top, topSource] = [count, source];
        if (top >= bruteForceMinPerSource && top >= frequencyMinRatio * Math.max(1, expected / Math.max(1, bucket.sources?.size ?? 1))) {
          this.raise(bucket, 'error', top, { failures: bucket.count, topSourceFailures: top, expected },
            `${top} authentication failures from ${topSource} (${bucket.count} in all, ${fmt(expected)} expected)`, topSource);
          fired = true;
        } else if (warm && bucket.count >= 2 * frequencyMinHits && bucket.count >= frequencyMinRatio * expected && this.significant(bucket.count, expected)) {
          this.raise(bucket, 'error', z, { failures: bucket.count, expected, z },
            `${bucket.count} authentication failures from ${bucket.sources?.size ?? 0} sources vs ${fmt(expected)} expected`);
          fired = true;
        }
      } else if (bucket.count >= frequencyMinHits && bucket.count >= frequencyMinRatio * expected && this.significant(bucket.count, expected)) {
        const severity: AnomalySeverity = bucket.type === 'data_anomaly' ? 'warning' : 'error';
        this.raise(bucket, severity, z, { count: bucket.count, expected, z },
          `${bucket.count} ${bucket.label} lines vs ${fmt(expected)} expected`);
        fired = true;
      }
      if (!fired) this.signatureShare.set(bucket.key, { share: share * (1 - shareAlpha) + shareAlpha * (bucket.count / n), updates: (learnt?.updates ?? this.closedWindows) + 1 });
    }
    // Keys absent from this window decay toward zero so old noise does not mask a later burst forever.
    for (const [key, learnt] of this.signatureShare) {
      if (!window.buckets.has(key)) {
        learnt.share *= 1 - shareAlpha;
        learnt.updates++;
      }
    }

    // Gateway errors (502-504) as a share of responses.
    const gateway = window.gatewayErrors;
    if (window.withStatus >= 20) {
      const share = gateway.count / window.withStatus;
      const expected = this.gatewayShare * window.withStatus;
      const z = poissonZ(gateway.count, expected);
      if (gateway.count >= frequencyMinHits && share > 0.05 && gateway.count >= frequencyMinRatio * expected && this.significant(gateway.count, expected)) {
        this.raise(gateway, 'error', z, { gatewayErrors: gateway.count, share, baselineShare: this.gatewayShare, z },
          `5xx (502-504) share ${pct(share)} vs baseline ${pct(this.gatewayShare)}`);
      } else {
        this.gatewayShare = this.gatewayHistory === 0 ? share : this.gatewayShare * (1 - shareAlpha) + shareAlpha * share;
        this.gatewayHistory++;
      }
    }

    // Error spike: errors no more specific cause explains, against a robust baseline of the error rate.
    const unexplained = window.unexplained.count;
    const rate = unexplained / n;
    const baseRate = this.errorRate.median();
    const z = this.errorRate.z(rate, Math.max(0.01, baseRate * 0.5));
    const spike = unexplained >= errorSpikeMinErrors && rate > errorSpikeMinRate && z >= minZ && (warm || rate >= 0.25);
    if (spike) {
      this.raise(window.unexplained, 'error', z, { errors: unexplained, errorRate: rate, baselineErrorRate: baseRate, z },
        `error rate ${pct(rate)} vs baseline ${pct(baseRate)} (${unexplained} errors in ${window.records} lines)`);
    }
    // Warm-up windows teach the baseline even when they fire: a file that errs at the same high rate from its first
    // line to its last is that service's normal, and only its first window is news.
    if ((!spike || !warm) && window.records >= Math.min(20, this.windowLines)) this.errorRate.add(rate);

    // Latency: per template family (requests, queries, jobs have their own scales), window p95 against the p95 of
    // that family's healthy windows.
    if (window.latencyCount >= latencyMinSamples) {
      const byFamily = new Map<number, number[]>();
      for (let slot = 0; slot < window.latencyCount; slot++) {
        const family = this.latencyFamily[slot]!;
        let slots = byFamily.get(family);
        if (!slots) byFamily.set(family, (slots = []));
        slots.push(slot);
      }
      for (const [familyIndex, slots] of byFamily) {
        if (slots.length < latencyMinSamples) continue;
        const family = this.familyList[familyIndex]!;
        let baseline = this.latencyBaselines.get(family.key);
        if (!baseline) {
          if (this.latencyBaselines.size >= maxLatencyFamilies) continue;
          this.latencyBaselines.set(family.key, (baseline = new RobustBaseline()));
        }
        const values = new Float64Array(slots.length);
        for (let i = 0; i < slots.length; i++) values[i] = this.latencyMs[slots[i]!]!;
        const p95 = quantileInPlace(values, 0.95);
        const base = baseline.median();
        const lz = baseline.z(p95, base * 0.1);
        if (warm && baseline.count >= 3 && base > 0 && p95 >= latencyMinRatio * base && lz >= minZ) {
          const slow = newBucket('latency_degradation', 'latency_degradation', 'latency', 'metric', 'slow responses');
          const slowSamples: LatencySample[] = [];
          for (const slot of slots) {
            const ms = this.latencyMs[slot]!;
            if (ms >= base) slowSamples.push({ line: this.latencyLine[slot]!, endLine: this.latencyEndLine[slot]!, ms, raw: this.latencyRaw[slot]! });
          }
          slowSamples.sort((a, b) => a.line - b.line);
          if (this.timedCount === window.latencySeen) {
            for (let i = 0; i < this.timedCount; i++) {
              if (this.timedFamily[i] !== familyIndex || this.timedMs[i]! < base) continue;
              slow.count++;
              slow.lines.push(this.timedLine[i]!, this.timedEndLine[i]!);
            }
          } else {
            for (const sample of slowSamples) {
              slow.count++;
              slow.lines.push(sample.line, sample.endLine);
            }
          }
          slow.evidence = this.pendingEvidence(slowSamples);
          this.raise(slow, 'warning', p95 / base, { p95Ms: p95, baselineP95Ms: base, z: lz, samples: slots.length },
            `p95 latency ${fmtMs(p95)} vs baseline ${fmtMs(base)} (${slots.length} timed lines of "${clip(family.text, 60)}")`);
        } else {
          baseline.add(p95);
        }
      }
    }
    // The reservoir holds raw lines: let them go with the window.
    this.latencyRaw.fill('', 0, window.latencyCount);
    this.timedCount = 0;

    // Template families: new patterns after warm-up, and bursts of known templates. Line numbers are gathered only for
    // the families that fire, in one pass over the window's family log.
    const fired: Array<{ family: Family; bucket: CauseBucket; severity: AnomalySeverity; score: number; metrics: Record<string, number>; figures: string }> = [];
    // Many templates at once that were never seen before are a restart, a deploy or a new job starting (a kernel's boot
    // messages, a daemon reading its configuration): there a burst of info lines is the start-up, not news; what that
    // start-up says at warning or error level still is.
    let newFamilies = 0;
    for (const family of window.touched) if (family.firstWindow === window.index) newFamilies++;
    // A boot takes more than one window: the window right after a start-up that still brings new templates goes on with it
    // (a host's kernel messages at 12:10, its daemons reading their configuration at 12:11).
    const startUp = newFamilies >= startUpNewTemplates || (this.lastStartUpWindow === window.index - 1 && newFamilies >= startUpContinuedNewTemplates);
    if (startUp) this.lastStartUpWindow = window.index;
    for (const family of window.touched) {
      const count = family.windowCount;
      const maxLevel = family.windowMaxLevel;
      const continuing = this.active.get(family.newPatternKey);
      if (continuing && continuing.windows < newPatternMaxWindows && window.index - continuing.lastWindow <= mergeGapWindows) {
        fired.push({ family, bucket: this.familyBucket(family, 'new_pattern', family.newPatternKey), severity: continuing.anomaly.severity, score: continuing.anomaly.score, metrics: { count },
          figures: `template never seen before line ${continuing.anomaly.firstLine} keeps appearing (${count}× in the latest window): "${clip(family.text, 120)}"` });
        continue;
      }
      // A new route is only news in a burst: scanners probe random paths all day.
      if (family.firstWindow === window.index && warm && ((maxLevel >= 2 && !family.route) || (count >= newPatternBurstCount && !startUp))) {
        const severity: AnomalySeverity = maxLevel >= 3 ? 'error' : maxLevel >= 2 ? 'warning' : 'info';
        fired.push({ family, bucket: this.familyBucket(family, 'new_pattern', family.newPatternKey), severity, score: count, metrics: { count },
          figures: `template never seen in the ${window.recordsBefore.toLocaleString('en-US')} records before appeared ${count}× at ${levelName(maxLevel)}: "${clip(family.text, 120)}"` });
        continue;
      }
      // A rare template that reports a failure is news each time it recurs, not only the first time: batch, kernel and
      // storage daemons repeat the same few failure lines across weeks of routine traffic.
      // Rarity counts windows, not lines: failures come in bursts, so a rare failure can still have many lines.
      // Shares mean something only once the file spans enough windows for a rare template to be absent from most.
      const windowsSoFar = this.closedWindows + 1;
      if (warm && maxLevel >= 2 && !family.route && windowsSoFar * rareFailureMaxWindowShare >= 1 && (family.windows <= rareFailureMaxWindowShare * windowsSoFar
        || (family.count <= rareFailureMaxRecordShare * this.recordsSeen && family.windows <= occasionalMaxWindowShare * windowsSoFar))) {
        fired.push({ family, bucket: this.familyBucket(family, 'new_pattern', family.rareKey), severity: maxLevel >= 3 ? 'error' : 'warning', score: count,
          metrics: { count, windowsSeen: family.windows },
          figures: `rare template (in ${family.windows} of ${this.closedWindows + 1} windows) appeared ${count}× at ${levelName(maxLevel)}: "${clip(family.text, 120)}"` });
        continue;
      }
      // Bursts: rate against the template's own share of traffic, for templates that are not errors.
      const decay = Math.pow(1 - shareAlpha, Math.max(0, window.index - family.lastUpdateWindow - 1));
      const expectedShare = family.shareEwma * decay;
      const expected = unbiased(expectedShare, window.index - family.firstWindow) * n;
      const old = window.index - family.firstWindow >= this.warmupWindows;
      const bz = poissonZ(count, expected);
      const burstKey = family.burstKey;
      const activeBurst = this.active.get(burstKey);
      const burst = warm && old && maxLevel <= 2 && count >= burstMinCount && count >= burstMinRatio * expected
        && count >= 2 * family.peak && bz >= burstMinZ;
      const sustained = !burst && activeBurst && window.index - activeBurst.lastWindow <= 1 && count >= burstMinCount
        && count >= burstMinRatio * expected;
      if (burst || sustained) {
        fired.push({ family, bucket: this.familyBucket(family, 'pattern_burst', burstKey), severity: maxLevel >= 2 ? 'warning' : 'info', score: bz,
          metrics: { count, expected, z: bz }, figures: `${count} "${clip(family.text, 80)}" lines vs ${fmt(expected)} expected` });
      } else {
        family.shareEwma = expectedShare * (1 - shareAlpha) + shareAlpha * (count / n);
        family.lastUpdateWindow = window.index;
        family.peak = Math.max(family.peak, count);
      }
    }
    if (fired.length > 0) {
      const byIndex = new Map<number, CauseBucket>();
      for (const f of fired) byIndex.set(f.family.index, f.bucket);
      const log = this.familyLog;
      for (let i = 0; i < this.familyLogRecords; i++) {
        const bucket = byIndex.get(log[3 * i + 2]!);
        if (bucket) bucket.lines.push(log[3 * i]!, log[3 * i + 1]!);
      }
      for (const f of fired) this.raise(f.bucket, f.severity, f.score, f.metrics, f.figures);
    }
    for (const family of window.touched) family.evidenceRaw.fill('', 0, family.evidenceCount);
    this.familyLogRecords = 0;

    this.applyFirings(window);
    this.closedWindows++;
    this.lastWindowIndex = window.index;
    if (this.changed.size > 0 && this.listeners.size > 0) {
      const changed = [...this.changed].map((a) => a.anomaly);
      for (const listener of this.listeners) listener(changed);
    }
  }

  /**
   * Whether `count` is too many for a cause expected `expected` times in this window. Real failure lines cluster more
   * than Poisson says, so the expectation is inflated and floored; the tail bound keeps healthy traffic under one
   * false alarm per million lines with dozens of causes tested per window.
   */
  private significant(count: number, expected: number): boolean {
    return poissonTail(count, Math.max(expected, minExpected) * overdispersion) < maxTailProbability;
  }

  /** A firing family's bucket: its tallies and evidence for the window (lines are filled from the family log). */
  private familyBucket(family: Family, type: AnomalyType, key: string): CauseBucket {
    const bucket = newBucket(type, key, family.key, 'metric', type === 'new_pattern' ? 'new pattern' : 'pattern burst');
    bucket.count = family.windowCount;
    for (let i = 0; i < family.evidenceCount; i++) bucket.evidence.push(evidenceOf({ line: family.evidenceLines[i]!, raw: family.evidenceRaw[i]! }));
    for (const id of family.windowTemplateIds) bucket.templateIds.add(id);
    return bucket;
  }

  /** The slowest lines as evidence, in file order. */
  private pendingEvidence(samples: LatencySample[]): EvidenceLine[] {
    return [...samples]
      .sort((a, b) => b.ms - a.ms)
      .slice(0, this.maxEvidence)
      .sort((a, b) => a.line - b.line)
      .map((s) => evidenceOf({ line: s.line, raw: s.raw }));
  }

  /**
   * Records a firing cause for this window. Causes of one type that share an anomaly key (a dependency's refused
   * connections, its open circuit breaker and the 503s they cause) become one anomaly.
   */
  private raise(bucket: CauseBucket, severity: AnomalySeverity, score: number, metrics: Record<string, number>, figures: string, detail?: string): void {
    if (bucket.lines.length === 0) return;
    const key = anomalyKey(bucket);
    let firing = this.firings.get(key);
    if (!firing) {
      firing = { buckets: [], severity, score, metrics: {}, figures: [], detail };
      this.firings.set(key, firing);
    }
    firing.buckets.push(bucket);
    if (severityRank(severity) > severityRank(firing.severity)) firing.severity = severity;
    firing.score = Math.max(firing.score, score);
    Object.assign(firing.metrics, metrics);
    firing.figures.push(figures);
    firing.detail ??= detail;
  }

  private applyFirings(window: Window): void {
    for (const [key, firing] of this.firings) {
      const bucket = firing.buckets[0]!;
      let lines = bucket.lines;
      if (firing.buckets.length > 1) {
        const pairs: Array<[number, number]> = [];
        for (const b of firing.buckets) for (let i = 0; i < b.lines.length; i += 2) pairs.push([b.lines[i]!, b.lines[i + 1]!]);
        pairs.sort((a, b) => a[0] - b[0]);
        lines = pairs.flat();
        const evidence = firing.buckets.flatMap((b) => b.evidence).sort((a, b) => a.line - b.line);
        const templateIds = new Set(firing.buckets.flatMap((b) => [...b.templateIds]));
        firing.buckets[0] = { ...bucket, lines, evidence, templateIds };
      }
      this.apply(window, key, firing.buckets[0]!, firing.severity, firing.score, firing.metrics, firing.figures.join('; '), firing.detail);
    }
    this.firings.clear();
  }

  /** Creates or extends the anomaly for `key`. */
  private apply(window: Window, key: string, bucket: CauseBucket, severity: AnomalySeverity, score: number, metrics: Record<string, number>, figures: string, detail?: string): void {
    let active = this.active.get(key);
    if (active && (window.serial - active.lastSerial > mergeGapWindows || window.index - active.lastWindow > maxMergeSilenceWindows)) {
      this.active.delete(key);
      active = undefined;
    }
    const firstLine = bucket.lines[0]!;
    const lastLine = bucket.lines[bucket.lines.length - 1]!;
    if (!active) {
      const anomaly: Anomaly = {
        id: `${bucket.type}-${hashText(this.file)}-${firstLine}`,
        type: bucket.type,
        severity,
        score,
        title: titleFor(bucket, detail),
        explanation: '',
        file: this.file,
        firstLine,
        lastLine,
        evidence: [],
        window: { startTime: window.startTime, endTime: window.endTime, startLine: window.firstLine, endLine: window.lastLine },
        templateIds: [],
        metrics: {},
      };
      active = { anomaly, lastWindow: window.index, lastSerial: window.serial, lines: new LineRanges(), windows: 0, firstWindowStart: window.startTime, peakFigures: figures, peakScore: score };
      this.active.set(key, active);
      this.all.push(active);
    }
    const anomaly = active.anomaly;
    active.windows++;
    active.lastWindow = window.index;
    active.lastSerial = window.serial;
    for (let i = 0; i < bucket.lines.length; i += 2) active.lines.add(bucket.lines[i]!, bucket.lines[i + 1]!);
    anomaly.lastLine = Math.max(anomaly.lastLine, lastLine);
    anomaly.window.endLine = window.lastLine;
    if (window.endTime !== undefined) anomaly.window.endTime = window.endTime;
    anomaly.score = Math.max(anomaly.score, score);
    if (severityRank(severity) > severityRank(anomaly.severity)) anomaly.severity = severity;
    for (const [name, value] of Object.entries(metrics)) {
      anomaly.metrics[name] = name.startsWith('baseline') || name === 'expected' ? value : Math.max(anomaly.metrics[name] ?? -Infinity, value);
    }
    anomaly.metrics.windows = active.windows;
    anomaly.metrics.lines = active.lines.size;
    for (const line of bucket.evidence) {
      if (anomaly.evidence.length >= this.maxEvidence) break;
      anomaly.evidence.push(line);
    }
    for (const id of bucket.templateIds) if (anomaly.templateIds.length < 20 && !anomaly.templateIds.includes(id)) anomaly.templateIds.push(id);
    if (score > active.peakScore) {
      active.peakScore = score;
      active.peakFigures = figures;
    }
    // A grown anomaly says what its worst window showed as well as its latest one.
    const span = spanText(anomaly.window.startTime, anomaly.window.endTime, anomaly.firstLine, anomaly.lastLine);
    anomaly.explanation =
      active.windows === 1
        ? `${figures} over ${span}`
        : active.peakFigures === figures
          ? `${figures} over ${span} (${active.windows} windows, the latest the worst)`
          : `${active.peakFigures} at worst, ${figures} in the latest window, over ${span} (${active.windows} windows)`;
    this.changed.add(active);
  }
}

/**
 * An EWMA that starts at zero underestimates for its first updates; dividing by 1 − (1 − α)^k removes that bias so
 * early windows are not judged against a too-small expectation.
 */
function unbiased(ewma: number, updates: number): number {
  if (updates <= 0) return ewma;
  return ewma / (1 - Math.pow(1 - shareAlpha, updates));
}

/** Outages and data problems are one anomaly per type; other types per cause (memory vs disk, each template). */
function anomalyKey(bucket: CauseBucket): string {
  if (bucket.type === 'service_outage' || bucket.type === 'data_anomaly' || bucket.type === 'error_spike' || bucket.type === 'latency_degradation') return bucket.type;
  if (bucket.type === 'resource_exhaustion') return `${bucket.type}:${bucket.cause === 'cpu' ? 'cpu' : bucket.cause}`;
  return bucket.key;
}

/**
 * Lines of one template share their wording: when the template's first lines never held a value its words hinted at
 * ("logged in" is not a duration), its later ones do not either, and the regex stops running on them.
 */
const freeTextMissesBeforeGivingUp = 256;

function stopAfterMisses(profile: TemplateProfile, what: 'latency' | 'status'): void {
  if (what === 'latency') {
    if (++profile.latencyMisses >= freeTextMissesBeforeGivingUp) profile.latency = false;
  } else if (++profile.statusMisses >= freeTextMissesBeforeGivingUp) profile.status = false;
}

function newBucket(type: AnomalyType, key: string, cause: string, strength: CauseBucket['strength'], label: string): CauseBucket {
  return { type, key, cause, strength, label, lines: [], evidence: [], count: 0, templateIds: new Set() };
}

function firstLineOf(text: string): string {
  const newline = text.indexOf('\n');
  return newline < 0 ? text : text.slice(0, newline);
}

function evidenceOf(record: Pick<LogRecord, 'line' | 'raw'>): EvidenceLine {
  const newline = record.raw.indexOf('\n');
  const text = newline >= 0 ? record.raw.slice(0, newline) : record.raw;
  return { line: record.line, text: text.length > 500 ? text.slice(0, 500) + '…' : text };
}

const ipPattern = /\b(?:\d{1,3}\.){3}\d{1,3}\b|\b[0-9a-f]{1,4}(?::[0-9a-f]{0,4}){2,7}\b/i;

function authSource(record: LogRecord): string {
  const f = record.fields;
  const ip = f.ip ?? f.client_ip ?? f.remote_addr ?? f.src_ip ?? f.source_ip;
  if (ip !== undefined) return String(ip);
  const m = ipPattern.exec(record.message);
  if (m) return m[0];
  if (f.user !== undefined) return `user ${f.user}`;
  return record.host ?? 'unknown source';
}

/** `GET /api/v1/orders/123?x=1` → `GET /api/v1/orders/<*>`: ids and query strings are not part of a route. */
/**
 * A 53-bit hash of what routeOf(method, path) prints, without building that string: request records look their route
 * up by number, and only a new route pays for its text. Two independent 32-bit FNV-1a streams make a collision between
 * two of at most 20,000 routes about a one-in-50-million event (it would merge their counts).
 */
function routeHash(method: string, path: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  const mix = (c: number): void => {
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  };
  for (let i = 0; i < method.length; i++) mix(method.charCodeAt(i));
  mix(32);
  let segmentStart = 0;
  let hasDigit = false;
  const end = Math.min(path.length, 200);
  let i = 0;
  for (; i <= end; i++) {
    const c = i < end ? path.charCodeAt(i) : 47;
    if (c === 63 || c === 35) break;
    if (c === 47) {
      if (i > segmentStart) {
        if (hasDigit) mix(0x2a2a);
        else for (let j = segmentStart; j < i; j++) mix(path.charCodeAt(j));
      }
      if (i < end) mix(47);
      segmentStart = i + 1;
      hasDigit = false;
    } else if (c >= 48 && c <= 57) {
      hasDigit = true;
    }
  }
  if (i <= end && i > segmentStart) {
    if (hasDigit) mix(0x2a2a);
    else for (let j = segmentStart; j < i; j++) mix(path.charCodeAt(j));
  }
  return (a >>> 0) * 2097152 + (b >>> 11);
}

function routeOf(method: string, path: string): string {
  // A character scan rather than split/regex: this runs on every request record.
  let out = method + ' ';
  let segmentStart = 0;
  let hasDigit = false;
  const end = Math.min(path.length, 200);
  let i = 0;
  for (; i <= end; i++) {
    const c = i < end ? path.charCodeAt(i) : 47;
    if (c === 63 || c === 35) break; // ? or #: the query is not part of the route
    if (c === 47) {
      if (i > segmentStart) out += hasDigit ? '<*>' : path.slice(segmentStart, i);
      if (i < end) out += '/';
      segmentStart = i + 1;
      hasDigit = false;
    } else if (c >= 48 && c <= 57) {
      hasDigit = true;
    }
  }
  if (i <= end && i > segmentStart) out += hasDigit ? '<*>' : path.slice(segmentStart, i);
  return out;
}

function isLoginPath(path: unknown): boolean {
  return typeof path === 'string' && /login|signin|sign-in|auth|session|token|wp-login|oauth/i.test(path);
}

function titleFor(bucket: CauseBucket, detail?: string): string {
  switch (bucket.type) {
    case 'error_spike': return bucket.cause === 'critical' ? 'Fatal errors' : 'Error spike';
    case 'new_pattern': return 'New log pattern';
    case 'pattern_burst': return 'Log pattern burst';
    case 'latency_degradation': return 'Latency degradation';
    case 'security_threat':
      if (bucket.cause === 'brute_force') return detail ? `Authentication failures from ${detail}` : 'Authentication failure burst';
      if (bucket.cause === 'injection') return 'Attack payloads in requests';
      return 'Privilege escalation attempt';
    case 'resource_exhaustion': return `Resource exhaustion: ${bucket.label}`;
    case 'service_outage': return bucket.cause === 'gateway' ? 'Upstream 5xx spike' : `Service outage: ${bucket.label}`;
    case 'data_anomaly': return 'Invalid data';
  }
}

function severityRank(severity: AnomalySeverity): number {
  return severity === 'error' ? 2 : severity === 'warning' ? 1 : 0;
}

function levelName(rank: number): string {
  return ['debug', 'info', 'warning', 'error', 'fatal'][rank] ?? 'info';
}

function pct(value: number): string {
  const p = value * 100;
  return `${p >= 10 ? Math.round(p) : p.toFixed(1)}%`;
}

function fmt(value: number): string {
  return value >= 10 ? String(Math.round(value)) : value.toFixed(1);
}

function fmtMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)}s` : `${Math.round(ms)}ms`;
}

function clip(text: string, max: number): string {
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}

function hhmm(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(11, 16);
}

function spanText(startTime: number | undefined, endTime: number | undefined, firstLine: number, lastLine: number): string {
  const lines = firstLine === lastLine ? `line ${firstLine}` : `lines ${firstLine}–${lastLine}`;
  if (startTime === undefined || endTime === undefined) return lines;
  const from = hhmm(startTime);
  const to = hhmm(endTime);
  return `${from === to ? from : `${from}–${to}`} UTC (${lines})`;
}

/** FNV-1a, hex: ids stay stable across runs for the same file. */
function hashText(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

function grownInt32(array: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(size);
  grown.set(array);
  return grown;
}
