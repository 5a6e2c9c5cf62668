/**
 * Local feedback: every 👍/👎 and corrected category, persisted per workspace through AtomicJsonFile, with the
 * metrics, drift notice, few-shot examples, tuned offline classifier and fine-tuning export computed from it.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../clock';
import type { Disposable } from '../lifecycle';
import type { Logger } from '../logger';
import type { Classification, IncidentCategory, IncidentInput } from '../incidents/incident';
import { incidentText } from '../incidents/offlineClassifier';
import { AtomicJsonFile, AtomicLoadStatus } from '../storage/atomicJsonFile';
import { TunedOfflineClassifier, TuningOptions } from './classifierTuning';
import { computeAgreement, computeDrift, DriftOptions, DriftReport, FeedbackMetrics } from './feedbackMetrics';
import { FeedbackItem, feedbackItemSchema, FeedbackTarget, maxFeedbackInputChars, NewFeedback } from './feedbackRecord';
import { FewShotExample, FewShotOptions, selectFewShotExamples } from './fewShotExamples';
import { exportFineTuningJsonl, FineTuningExport, FineTuningExportOptions } from './fineTuningExport';

const feedbackFileSchema = z.object({
  version: z.literal(1),
  items: z.array(feedbackItemSchema),
  /** Set while a drift episode has been reported; cleared when drift falls back under the threshold. */
  driftNotifiedAt: z.number().optional(),
});
type FeedbackFile = z.infer<typeof feedbackFileSchema>;

export interface FeedbackStoreOptions {
  file: string;
  clock: Clock;
  logger: Logger;
  newId?: () => string;
  /** Oldest items beyond this are dropped on save (with a log line), so the file stays small. */
  maxItems?: number;
  drift?: DriftOptions;
  tuning?: TuningOptions;
}

export interface DriftNotice {
  /** One sentence with the numbers, ready to show. */
  message: string;
  report: DriftReport;
}

/** Thrown for feedback that does not fit the contract (the adapter shows the message). */
export class InvalidFeedbackError extends Error {
  override readonly name = 'InvalidFeedbackError';
}

export class FeedbackStore {
  private data: FeedbackFile;
  private tuned: TunedOfflineClassifier | undefined;
  private readonly listeners = new Set<() => void>();

  private constructor(
    private readonly options: FeedbackStoreOptions,
    private readonly file: AtomicJsonFile<FeedbackFile>,
    initial: FeedbackFile,
    /** 'recovered' means a corrupt file was moved aside: tell the user. */
    readonly loadStatus: AtomicLoadStatus,
  ) {
    this.data = initial;
  }

  static async open(options: FeedbackStoreOptions): Promise<FeedbackStore> {
    const file = new AtomicJsonFile<FeedbackFile>({
      file: options.file,
      schema: feedbackFileSchema,
      empty: () => ({ version: 1, items: [] }),
      clock: options.clock,
      logger: options.logger,
      component: 'feedback',
    });
    const loaded = await file.load();
    return new FeedbackStore(options, file, loaded.value, loaded.status);
  }

  /** Oldest first. */
  items(): readonly FeedbackItem[] {
    return this.data.items;
  }

  onDidChange(listener: () => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  async add(feedback: NewFeedback): Promise<FeedbackItem> {
    const candidate = {
      ...feedback,
      id: this.options.newId?.() ?? `f-${this.options.clock.now().toString(36)}-${randomBytes(3).toString('hex')}`,
      at: this.options.clock.now(),
      inputText: feedback.inputText.slice(0, maxFeedbackInputChars),
      note: feedback.note?.trim() ? feedback.note.trim().slice(0, 2000) : undefined,
    };
    const parsed = feedbackItemSchema.safeParse(candidate);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new InvalidFeedbackError(`feedback rejected: ${issue.path.join('.')}: ${issue.message}`);
    }
    const item = stripUndefined(parsed.data);
    const maxItems = this.options.maxItems ?? 10000;
    const items = [...this.data.items, item];
    const dropped = items.length > maxItems ? items.splice(0, items.length - maxItems).length : 0;
    if (dropped > 0) this.options.logger.info(`[feedback] dropped the ${dropped} oldest item(s) to stay under ${maxItems}`);
    this.data = { ...this.data, items };
    this.tuned = undefined;
    await this.commit();
    return item;
  }

  metrics(): FeedbackMetrics {
    return computeAgreement(this.data.items);
  }

  drift(): DriftReport {
    return computeDrift(this.data.items, this.options.drift);
  }

  /**
   * Whether to tell the user about drift now. Returns the notice at most once per drift episode: the answer is
   * remembered on disk, and re-armed only after drift has fallen back under the threshold.
   */
  async shouldNotifyDrift(): Promise<DriftNotice | undefined> {
    const report = this.drift();
    if (!report.exceeds) {
      if (this.data.driftNotifiedAt !== undefined && report.drift !== undefined && report.recentCount >= (this.options.drift?.windowSize ?? 50)) {
        this.data = { ...this.data, driftNotifiedAt: undefined };
        await this.commit();
      }
      return undefined;
    }
    if (this.data.driftNotifiedAt !== undefined) return undefined;
    this.data = { ...this.data, driftNotifiedAt: this.options.clock.now() };
    await this.commit();
    const pct = (rate: number | undefined) => `${Math.round((rate ?? 0) * 100)}%`;
    return {
      report,
      message:
        `Classification feedback is drifting: people disagreed with ${pct(report.recentErrorRate)} of the last ${report.recentCount} ` +
        `classifications, against ${pct(report.baselineErrorRate)} of the ${report.baselineCount} before them.`,
    };
  }

  /** The offline classifier with this feedback's tuning; rebuilt lazily after each change. */
  tunedClassifier(): TunedOfflineClassifier {
    this.tuned ??= new TunedOfflineClassifier(this.data.items, this.options.tuning);
    return this.tuned;
  }

  fewShotExamples(incidentText: string, options?: FewShotOptions): FewShotExample[] {
    return selectFewShotExamples(this.data.items, incidentText, options);
  }

  exportFineTuning(options?: FineTuningExportOptions): FineTuningExport {
    return exportFineTuningJsonl(this.data.items, options);
  }

  flush(): Promise<void> {
    return this.file.flush();
  }

  private async commit(): Promise<void> {
    for (const listener of this.listeners) {
      try {
        listener();
      } catch (error) {
        this.options.logger.error(error instanceof Error ? error : String(error));
      }
    }
    await this.file.save(this.data);
  }
}

export interface ClassificationFeedbackInput {
  target?: FeedbackTarget;
  classification: Classification;
  input: IncidentInput;
  verdict: 'up' | 'down';
  correctedCategory?: IncidentCategory;
  correctedSubcategory?: string;
  note?: string;
  incidentId?: string;
  taskId?: string;
  planSummary?: string;
  who?: string;
}

/** Builds the NewFeedback for a 👍/👎 on a classification (or, with target 'plan', on the plan made from it). */
export function feedbackFor(input: ClassificationFeedbackInput): NewFeedback {
  const c = input.classification;
  return stripUndefined({
    target: input.target ?? 'classification',
    verdict: input.verdict,
    predicted: { category: c.category, subcategory: c.subcategory, severity: c.severity, priority: c.priority, confidence: c.confidence, source: c.source },
    correctedCategory: input.correctedCategory,
    correctedSubcategory: input.correctedSubcategory,
    note: input.note,
    inputText: incidentText(input.input),
    incidentId: input.incidentId,
    taskId: input.taskId,
    planSummary: input.planSummary,
    who: input.who,
  });
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
