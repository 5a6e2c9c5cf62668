/**
 * The persistent vector index: a vectra LocalIndex in a folder the caller owns, one item per distinct chunk text,
 * keyed by a content hash. A sync embeds only texts whose hash is missing and deletes hashes no longer wanted, so an
 * unchanged library costs no embedding at all. A side file records the embedder id and dimension that built the index;
 * a different embedder, a dimension change, or an unreadable index.json (vectra throws SyntaxError on a truncated file)
 * rebuilds from scratch with a log line.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { LocalIndex } from 'vectra';
import type { Logger } from '../logger';
import { Embedder, embedInBatches, normalizeVector, throwIfAborted } from './embedder';
import { writeFileDurably } from '../storage/atomicJsonFile';

export interface VectorEntry {
  /** From contentHash(embedder.id, text). */
  key: string;
  text: string;
  /** Kept with the vector for inspection only (e.g. 'disk-full:42'). */
  label?: string;
}

export interface VectorHit {
  key: string;
  /** Cosine similarity, -1..1. */
  score: number;
}

export interface IndexSyncResult {
  embedded: number;
  deleted: number;
  kept: number;
  /** Why the index was rebuilt from scratch, when it was. */
  rebuiltBecause?: string;
}

export interface SyncOptions {
  signal?: AbortSignal;
  onProgress?: (embedded: number, total: number) => void;
}

/** The port retrieval needs from a vector store. */
export interface VectorIndex {
  sync(entries: VectorEntry[], embedder: Embedder, options?: SyncOptions): Promise<IndexSyncResult>;
  query(vector: Float32Array, k: number): Promise<VectorHit[]>;
}

/** sha256 of the embedder id and the exact text: the same text under another embedder is another vector. */
export function contentHash(embedderId: string, text: string): string {
  return createHash('sha256').update(embedderId).update('\0').update(text).digest('hex');
}

interface IndexMeta {
  schemaVersion: number;
  embedderId: string;
  dimensions?: number;
}

type ItemMetadata = { label: string };

const schemaVersion = 1;
const metaFileName = 'ops-copilot-index.json';
const indexFileName = 'index.json';
/** Embeddings are written to disk after this many, so an interrupted first build keeps most of its work. */
const commitEvery = 256;

/** vectra's endUpdate writes index.json in place; a crash mid-write leaves it truncated. This writes it atomically. */
class AtomicLocalIndex extends LocalIndex<ItemMetadata> {
  override async endUpdate(): Promise<void> {
    // Mirrors vectra 0.12.3's endUpdate, whose in-memory state lives in these two fields.
    const internals = this as unknown as { _update?: unknown; _data?: unknown };
    if (!internals._update) throw new Error('No update in progress');
    await writeFileDurably(path.join(this.folderPath, this.indexName), JSON.stringify(internals._update));
    internals._data = internals._update;
    internals._update = undefined;
  }
}

export class VectraChunkIndex implements VectorIndex {
  private index?: AtomicLocalIndex;
  private meta?: IndexMeta;
  private keys = new Set<string>();
  /** Normalised vectors by key, mirrored from index.json for querying. */
  private vectors = new Map<string, Float32Array>();
  private matrix?: { rows: Float32Array; dimensions: number; keys: string[] };
  /** index.json's mtime and size when `keys` was read, to notice another process's writes. */
  private loadedStamp = '';
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly folder: string,
    private readonly log: Logger,
  ) {}

  /** Serialised: a second sync waits for the first (watcher events can arrive mid-build). */
  sync(entries: VectorEntry[], embedder: Embedder, options: SyncOptions = {}): Promise<IndexSyncResult> {
    const run = this.queue.then(() => this.syncNow(entries, embedder, options));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Exact cosine top-k over a packed copy of the stored vectors. vectra's queryItems does the same scan but allocates
   * per item and sorts every score, which costs more than the whole rest of a query at 2,000 chunks.
   */
  query(vector: Float32Array, k: number): Promise<VectorHit[]> {
    const matrix = this.packed();
    if (!matrix || matrix.keys.length === 0 || vector.length !== matrix.dimensions) return Promise.resolve([]);
    const query = normalizeVector(Float32Array.from(vector));
    const { rows, dimensions, keys } = matrix;
    const scores = new Float32Array(keys.length);
    for (let r = 0, offset = 0; r < keys.length; r++, offset += dimensions) {
      let dot = 0;
      for (let d = 0; d < dimensions; d++) dot += rows[offset + d]! * query[d]!;
      scores[r] = dot;
    }
    const order = Array.from(keys.keys()).sort((a, b) => scores[b]! - scores[a]!);
    return Promise.resolve(order.slice(0, k).map((r) => ({ key: keys[r]!, score: scores[r]! })));
  }

  /** Number of stored vectors. */
  get size(): number {
    return this.keys.size;
  }

  private async syncNow(entries: VectorEntry[], embedder: Embedder, options: SyncOptions): Promise<IndexSyncResult> {
    let rebuiltBecause = await this.open(embedder.id);
    const wanted = new Map<string, VectorEntry>();
    for (const entry of entries) if (!wanted.has(entry.key)) wanted.set(entry.key, entry);
    const toDelete = [...this.keys].filter((key) => !wanted.has(key));
    let toEmbed = [...wanted.values()].filter((entry) => !this.keys.has(entry.key));
    const kept = wanted.size - toEmbed.length;
    if (toEmbed.length === 0 && toDelete.length === 0) return { embedded: 0, deleted: 0, kept, rebuiltBecause };

    let deleted = toDelete.length;
    let pendingDeletes = toDelete;
    let embedded = 0;
    for (let start = 0; start < toEmbed.length || pendingDeletes.length > 0; start += commitEvery) {
      throwIfAborted(options.signal);
      const group = toEmbed.slice(start, start + commitEvery);
      const vectors = await embedInBatches(
        embedder,
        group.map((e) => e.text),
        {
          signal: options.signal,
          onProgress: (done) => options.onProgress?.(embedded + done, toEmbed.length),
        },
      );
      const dimensions = vectors[0]?.length;
      if (dimensions !== undefined && this.meta!.dimensions !== undefined && dimensions !== this.meta!.dimensions) {
        if (rebuiltBecause) throw new Error(`embedder ${embedder.id} returned vectors of varying length`);
        // Same embedder id, new vector length (e.g. a different model at the same path): start over once.
        rebuiltBecause = `dimension changed from ${this.meta!.dimensions} to ${dimensions}`;
        this.log.warn(`[runbooks] vector index ${this.folder}: ${rebuiltBecause}; rebuilding`);
        await this.reset(embedder.id);
        toEmbed = [...wanted.values()];
        deleted = 0;
        pendingDeletes = [];
        embedded = 0;
        start = -commitEvery;
        continue;
      }
      for (const vector of vectors) {
        if (vector.length !== (dimensions ?? vector.length)) {
          throw new Error(`embedder ${embedder.id} returned vectors of varying length`);
        }
      }
      if (dimensions !== undefined && this.meta!.dimensions === undefined) {
        this.meta = { ...this.meta!, dimensions };
        await writeFileDurably(path.join(this.folder, metaFileName), JSON.stringify(this.meta));
      }
      await this.update(pendingDeletes, group, vectors);
      pendingDeletes = [];
      embedded += group.length;
    }
    await this.stamp();
    return { embedded, deleted, kept, rebuiltBecause };
  }

  private async update(deletes: string[], added: VectorEntry[], vectors: Float32Array[]): Promise<void> {
    const index = this.index!;
    await index.beginUpdate();
    try {
      for (const key of deletes) await index.deleteItem(key);
      for (let i = 0; i < added.length; i++) {
        await index.upsertItem({
          id: added[i]!.key,
          vector: roundVector(vectors[i]!),
          metadata: { label: added[i]!.label ?? '' },
        });
      }
      await index.endUpdate();
    } catch (error) {
      // vectra keeps a failed update open; without this the next beginUpdate throws "Update already in progress".
      index.cancelUpdate();
      throw error;
    }
    for (const key of deletes) {
      this.keys.delete(key);
      this.vectors.delete(key);
    }
    added.forEach((entry, i) => {
      this.keys.add(entry.key);
      this.vectors.set(entry.key, normalizeVector(Float32Array.from(vectors[i]!)));
    });
    this.matrix = undefined;
  }

  private packed(): { rows: Float32Array; dimensions: number; keys: string[] } | undefined {
    if (this.matrix) return this.matrix;
    const dimensions = this.meta?.dimensions;
    if (dimensions === undefined) return undefined;
    const keys = [...this.vectors.keys()];
    const rows = new Float32Array(keys.length * dimensions);
    keys.forEach((key, r) => rows.set(this.vectors.get(key)!, r * dimensions));
    this.matrix = { rows, dimensions, keys };
    return this.matrix;
  }

  /** Loads (or reuses) the index for this embedder; returns why it had to be rebuilt, if it did. */
  private async open(embedderId: string): Promise<string | undefined> {
    const stamp = await this.readStamp();
    if (this.index && this.meta?.embedderId === embedderId && stamp === this.loadedStamp && stamp !== '') return undefined;

    const reason = await this.load(embedderId);
    if (reason === undefined) return undefined;
    if (reason !== 'new index') this.log.warn(`[runbooks] vector index ${this.folder}: ${reason}; rebuilding`);
    else this.log.info(`[runbooks] creating vector index in ${this.folder}`);
    await this.reset(embedderId);
    return reason;
  }

  private async load(embedderId: string): Promise<string | undefined> {
    let meta: IndexMeta;
    try {
      meta = JSON.parse(await fs.readFile(path.join(this.folder, metaFileName), 'utf8')) as IndexMeta;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        const hasIndex = await exists(path.join(this.folder, indexFileName));
        return hasIndex ? 'index has no embedder record' : 'new index';
      }
      return `unreadable ${metaFileName} (${(error as Error).message})`;
    }
    if (meta.schemaVersion !== schemaVersion) return `index schema ${meta.schemaVersion} is not ${schemaVersion}`;
    if (meta.embedderId !== embedderId) return `built by embedder '${meta.embedderId}', now '${embedderId}'`;

    const index = new AtomicLocalIndex(this.folder, indexFileName);
    let items: { id: string; vector: number[] }[];
    try {
      items = await index.listItems();
    } catch (error) {
      if (error instanceof SyntaxError) return `corrupt ${indexFileName} (${error.message})`;
      if ((error as Error).message === 'Index does not exist') return `missing ${indexFileName}`;
      throw error;
    }
    if (!Array.isArray(items)) return `corrupt ${indexFileName} (no items)`;
    for (const item of items) {
      if (typeof item?.id !== 'string' || !Array.isArray(item.vector)) return `corrupt ${indexFileName} (bad item)`;
      if (meta.dimensions !== undefined && item.vector.length !== meta.dimensions) {
        return `corrupt ${indexFileName} (vector of ${item.vector.length}, expected ${meta.dimensions})`;
      }
    }
    this.index = index;
    this.meta = meta;
    this.keys = new Set(items.map((i) => i.id));
    this.vectors = new Map(items.map((i) => [i.id, normalizeVector(Float32Array.from(i.vector))]));
    this.matrix = undefined;
    await this.removeStaleTemporaries();
    this.loadedStamp = await this.readStamp();
    return undefined;
  }

  private async reset(embedderId: string): Promise<void> {
    await fs.mkdir(this.folder, { recursive: true });
    // Only our own files: the folder is the caller's and may hold other things.
    await fs.rm(path.join(this.folder, indexFileName), { force: true });
    await fs.rm(path.join(this.folder, metaFileName), { force: true });
    await this.removeStaleTemporaries();
    const index = new AtomicLocalIndex(this.folder, indexFileName);
    await index.createIndex({ version: 1 });
    this.meta = { schemaVersion, embedderId };
    await writeFileDurably(path.join(this.folder, metaFileName), JSON.stringify(this.meta));
    this.index = index;
    this.keys = new Set();
    this.vectors = new Map();
    this.matrix = undefined;
    await this.stamp();
  }

  private async removeStaleTemporaries(): Promise<void> {
    const names = await fs.readdir(this.folder).catch(() => [] as string[]);
    await Promise.all(
      names
        .filter((n) => n.endsWith('.tmp') && (n.startsWith(indexFileName) || n.startsWith(metaFileName)))
        .map((n) => fs.rm(path.join(this.folder, n), { force: true })),
    );
  }

  private async stamp(): Promise<void> {
    this.loadedStamp = await this.readStamp();
  }

  private async readStamp(): Promise<string> {
    try {
      const stat = await fs.stat(path.join(this.folder, indexFileName));
      return `${stat.mtimeMs}:${stat.size}`;
    } catch {
      return '';
    }
  }
}

/** Seven decimals keep float32 precision and halve index.json compared with full doubles. */
function roundVector(vector: Float32Array): number[] {
  const out = new Array<number>(vector.length);
  for (let i = 0; i < vector.length; i++) out[i] = Math.round(vector[i]! * 1e7) / 1e7;
  return out;
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}
