/** The panel's chat turns for one workspace: kept in memory while streaming, persisted when a turn starts or ends. */
import { z } from 'zod';
import type { Logger } from '../../core/logger';
import { chatTurnViewSchema, type ChatTurnView, type CitationView } from '../../shared/webviewProtocol';

/** The subset of vscode.Memento this needs, so it runs in unit tests without the editor. */
export interface StateStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

const storageKey = 'opsCopilot.panel.chatHistory';
/** Bounded so workspaceState (one SQLite row) stays small; old turns age out first. */
const defaultMaxTurns = 100;
const maxAnswerChars = 100_000;

export class ChatHistory {
  private turns: ChatTurnView[];
  private writes: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: StateStore,
    private readonly log: Logger,
    private readonly maxTurns = defaultMaxTurns,
  ) {
    this.turns = this.load();
  }

  all(): readonly ChatTurnView[] {
    return this.turns;
  }

  get(requestId: string): ChatTurnView | undefined {
    return this.turns.find((turn) => turn.requestId === requestId);
  }

  start(requestId: string, question: string, askedAt: number): ChatTurnView {
    const turn: ChatTurnView = { requestId, question, answer: '', citations: [], status: 'streaming', askedAt };
    this.upsert(turn);
    return turn;
  }

  /** Not persisted per chunk: a reload mid-answer keeps the question and whatever the last save held. */
  append(requestId: string, markdown: string): void {
    this.replace(requestId, (turn) =>
      turn.status === 'streaming' ? { ...turn, answer: (turn.answer + markdown).slice(0, maxAnswerChars) } : turn,
    );
  }

  finish(requestId: string, result: { citations: CitationView[]; footer?: string; stopped?: boolean }): void {
    this.replace(requestId, (turn) => ({
      ...turn,
      citations: result.citations,
      footer: result.footer,
      status: result.stopped ? 'stopped' : 'done',
    }));
    this.save();
  }

  fail(requestId: string, message: string): void {
    this.replace(requestId, (turn) => ({ ...turn, status: 'error', error: message }));
    this.save();
  }

  upsert(turn: ChatTurnView): void {
    const index = this.turns.findIndex((existing) => existing.requestId === turn.requestId);
    if (index >= 0) this.turns = this.turns.map((existing, i) => (i === index ? turn : existing));
    else this.turns = [...this.turns, turn].slice(-this.maxTurns);
    this.save();
  }

  clear(): void {
    this.turns = [];
    this.save();
  }

  /** Resolves when every save issued so far has settled. */
  flush(): Promise<void> {
    return this.writes;
  }

  private replace(requestId: string, update: (turn: ChatTurnView) => ChatTurnView): void {
    this.turns = this.turns.map((turn) => (turn.requestId === requestId ? update(turn) : turn));
  }

  private load(): ChatTurnView[] {
    const raw = this.store.get<unknown>(storageKey);
    if (raw === undefined) return [];
    const parsed = z.array(chatTurnViewSchema).safeParse(raw);
    if (!parsed.success) {
      this.log.warn(`[panel] chat history unreadable, starting empty: ${parsed.error.issues[0]?.message ?? ''}`);
      return [];
    }
    // A turn still streaming when the window closed was cut off; say so rather than spin forever.
    return parsed.data
      .map((turn): ChatTurnView => (turn.status === 'streaming' ? { ...turn, status: 'stopped' } : turn))
      .slice(-this.maxTurns);
  }

  private save(): void {
    const snapshot = this.turns;
    this.writes = this.writes
      .then(() => this.store.update(storageKey, snapshot))
      .then(undefined, (error: unknown) => {
        this.log.error(error instanceof Error ? error : new Error(String(error)));
      });
  }
}
