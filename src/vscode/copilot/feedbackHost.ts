/**
 * The feedback loop in the editor: 👍/👎 and corrected categories from @ops and the panel go to a per-workspace
 * FeedbackStore; corrections become few-shot examples and tune the offline classifier; drift is announced once with
 * its numbers; "Ops: Export Feedback as Fine-Tuning Data" writes chat-format JSONL.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { z } from 'zod';
import { systemClock } from '../../core/clock';
import { feedbackFor, FeedbackStore } from '../../core/feedback/feedbackStore';
import type { TunedOfflineClassifier } from '../../core/feedback/classifierTuning';
import type { ClassificationExample } from '../../core/incidents/classificationPrompt';
import type { Classification, IncidentCategory, IncidentInput } from '../../core/incidents/incident';
import { classificationSchema, incidentCategories, isIncidentCategory } from '../../core/incidents/incident';
import type { CueWeightAdjustments } from '../../core/incidents/offlineClassifier';
import type { Logger } from '../../core/logger';

export interface ClassificationFeedback {
  classification: Classification;
  input: IncidentInput;
  verdict: 'up' | 'down';
  correctedCategory?: string;
  target?: 'classification' | 'plan';
  incidentId?: string;
}

/** What the "Correct the category…" button under an @ops answer carries (chat history outlives a session: re-checked). */
const chatCorrectionSchema = z.object({
  classification: classificationSchema.extend({ source: z.enum(['llm', 'offline']) }),
  inputText: z.string().max(20000).optional(),
  target: z.enum(['classification', 'plan']).optional(),
});
export type ChatCorrection = z.infer<typeof chatCorrectionSchema>;

export class FeedbackHost {
  private store?: Promise<FeedbackStore>;
  private opened?: FeedbackStore;
  private tuned?: TunedOfflineClassifier;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: Logger,
  ) {}

  /** Records one verdict; never throws into the caller (feedback must not break an answer). */
  async record(feedback: ClassificationFeedback): Promise<void> {
    try {
      const store = await this.open();
      const corrected = isIncidentCategory(feedback.correctedCategory) ? (feedback.correctedCategory as IncidentCategory) : undefined;
      await store.add(
        feedbackFor({
          classification: feedback.classification,
          input: feedback.input,
          verdict: corrected ? 'down' : feedback.verdict,
          correctedCategory: corrected,
          target: feedback.target,
          incidentId: feedback.incidentId,
          who: 'user',
        }),
      );
      this.tuned = undefined;
      const notice = await store.shouldNotifyDrift();
      if (notice) {
        this.log.info(`[feedback] drift announced: ${notice.message}`);
        void vscode.window.showWarningMessage(`Ops Copilot: ${notice.message}`);
      }
    } catch (error) {
      this.log.warn(`[feedback] not recorded: ${(error as Error).message}`);
    }
  }

  /**
   * The chat's way to give a corrected category (its 👍/👎 carry none): a quick pick with "<category> is right" first,
   * then the other categories. Resolves with what was recorded, or undefined when dismissed.
   */
  async correctFromChat(argument: unknown): Promise<{ verdict: 'up' | 'down'; correctedCategory?: string } | undefined> {
    const parsed = chatCorrectionSchema.safeParse(argument);
    if (!parsed.success) {
      this.log.warn(`[feedback] correction ignored: ${parsed.error.message}`);
      return undefined;
    }
    const { classification, inputText, target } = parsed.data;
    const right = { label: `$(thumbsup) ${classification.category} is right`, category: undefined as string | undefined };
    const others = incidentCategories.filter((c) => c !== classification.category).map((c) => ({ label: c, description: 'the right category', category: c as string | undefined }));
    const picked = await vscode.window.showQuickPick([right, ...others], {
      title: `Classified as ${classification.category} / ${classification.subcategory}`,
      placeHolder: 'Confirm the category or pick the right one (stored locally; shapes later classifications)',
    });
    if (!picked) return undefined;
    const verdict = picked.category ? 'down' : 'up';
    await this.record({ classification, input: { text: inputText }, verdict, correctedCategory: picked.category, target: target ?? 'classification' });
    return { verdict, correctedCategory: picked.category };
  }

  /** Corrected and confirmed examples most similar to the incident, for the classification prompt. */
  examples(incidentText: string): ClassificationExample[] {
    if (!this.opened) return [];
    return this.opened.fewShotExamples(incidentText).map((e) => ({
      text: e.text,
      category: e.reply.category,
      subcategory: e.reply.subcategory,
      severity: e.reply.severity,
    }));
  }

  /** Cue weights tuned by corrections; empty until feedback exists. */
  adjustments(): CueWeightAdjustments {
    if (!this.opened) return {};
    this.tuned ??= this.opened.tunedClassifier();
    return this.tuned.adjustments;
  }

  /** Opens the store in the background (after activation) so classifications can use it. */
  warmUp(): void {
    void this.open().catch((error: unknown) => this.log.warn(`[feedback] ${(error as Error).message}`));
  }

  async exportFineTuning(): Promise<void> {
    const store = await this.open();
    const result = store.exportFineTuning();
    if (result.exported === 0) {
      void vscode.window.showInformationMessage(`Ops Copilot: no feedback to export yet (${result.skipped} item(s) cannot be examples).`);
      return;
    }
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, 'ops-feedback.jsonl') : undefined,
      filters: { 'JSON Lines': ['jsonl'] },
      title: 'Export feedback as fine-tuning data (chat format)',
    });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, Buffer.from(result.jsonl, 'utf8'));
    void vscode.window.showInformationMessage(`Ops Copilot: exported ${result.exported} example(s) to ${path.basename(target.fsPath)} (${result.skipped} skipped).`);
  }

  private open(): Promise<FeedbackStore> {
    this.store ??= (async () => {
      const dir = (this.context.storageUri ?? this.context.globalStorageUri).fsPath;
      await vscode.workspace.fs.createDirectory(vscode.Uri.file(dir));
      const store = await FeedbackStore.open({ file: path.join(dir, 'feedback.json'), clock: systemClock, logger: this.log });
      const status = store.loadStatus;
      if (status.kind === 'recovered') {
        this.log.warn(`[feedback] ${status.reason}; kept aside as ${status.movedTo}`);
        void vscode.window.showWarningMessage(`Ops Copilot: the feedback file was unreadable and was kept aside as ${status.movedTo}; starting fresh.`);
      }
      this.opened = store;
      return store;
    })();
    return this.store;
  }
}
