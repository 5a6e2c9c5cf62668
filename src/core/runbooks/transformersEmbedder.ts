/**
 * Embeddings in process with transformers.js (@xenova/transformers): mean-pooled, normalised sentence embeddings.
 * The package is loaded with `await import()` on first use only (it is ESM, large, and external to the bundle), and the
 * model is fetched once into `cacheDir`, or read from `localModelPath` with the network switched off.
 */
import * as path from 'node:path';
import { Embedder, EmbedderUnavailableError, throwIfAborted } from './embedder';

export interface ModelProgress {
  file: string;
  /** 0..100 for the file, when the size is known. */
  percent?: number;
  loadedBytes?: number;
  totalBytes?: number;
  status: 'initiate' | 'download' | 'progress' | 'done' | 'ready';
}

export interface TransformersEmbedderOptions {
  /** Hub model id, default Xenova/all-MiniLM-L6-v2. Ignored when localModelPath is set. */
  model?: string;
  /** A folder with config.json, tokenizer.json and onnx/model_quantized.onnx (or model.onnx with quantized false). */
  localModelPath?: string;
  /** Where downloaded models are kept (the extension's global storage). */
  cacheDir?: string;
  /** Allow downloading from the hub when the model is not cached. Default true unless localModelPath is set. */
  allowRemote?: boolean;
  /** Load onnx/model_quantized.onnx (default, as transformers.js) or onnx/model.onnx. */
  quantized?: boolean;
  onProgress?: (progress: ModelProgress) => void;
}

export const defaultTransformersModel = 'Xenova/all-MiniLM-L6-v2';

type FeatureExtractor = (
  texts: string[],
  options: { pooling: 'mean'; normalize: boolean },
) => Promise<{ dims: number[]; data: Float32Array }>;

export class TransformersEmbedder implements Embedder {
  readonly id: string;
  /** Small batches: one model call blocks the thread, and the host must stay responsive. */
  readonly maxBatchSize = 8;
  private extractor?: Promise<FeatureExtractor>;
  private dimension?: number;

  constructor(private readonly options: TransformersEmbedderOptions = {}) {
    const quantizedSuffix = options.quantized === false ? ':fp32' : '';
    this.id = options.localModelPath
      ? `transformers:file:${path.resolve(options.localModelPath)}${quantizedSuffix}`
      : `transformers:${options.model ?? defaultTransformersModel}${quantizedSuffix}`;
  }

  async dimensions(): Promise<number> {
    if (this.dimension === undefined) await this.embed(['dimension probe']);
    return this.dimension!;
  }

  async embed(texts: string[], signal?: AbortSignal): Promise<Float32Array[]> {
    throwIfAborted(signal);
    if (texts.length === 0) return [];
    const extract = await this.load();
    throwIfAborted(signal);
    const output = await extract(texts, { pooling: 'mean', normalize: true });
    const [rows, width] = output.dims;
    if (rows !== texts.length || !width) {
      throw new Error(`transformers.js returned shape [${output.dims.join(', ')}] for ${texts.length} texts`);
    }
    this.dimension = width;
    const vectors: Float32Array[] = [];
    for (let r = 0; r < rows; r++) vectors.push(output.data.slice(r * width, (r + 1) * width));
    return vectors;
  }

  private load(): Promise<FeatureExtractor> {
    // A failed load is not cached: the next call retries (the network may be back, the folder may now exist).
    this.extractor ??= this.loadNow().catch((error: unknown) => {
      this.extractor = undefined;
      throw error;
    });
    return this.extractor;
  }

  private async loadNow(): Promise<FeatureExtractor> {
    let transformers: typeof import('@xenova/transformers', { with: { 'resolution-mode': 'import' } });
    try {
      transformers = await import('@xenova/transformers');
    } catch (error) {
      throw new EmbedderUnavailableError(`cannot load @xenova/transformers: ${(error as Error).message}`);
    }
    const { env, pipeline } = transformers;
    const { localModelPath, cacheDir, onProgress } = this.options;
    let modelId = this.options.model ?? defaultTransformersModel;
    // env is module-global; it is set just before each load, and loads happen once per embedder.
    if (localModelPath) {
      // transformers.js resolves `${env.localModelPath}/${modelId}/config.json`, so a folder is parent + name.
      const folder = path.resolve(localModelPath);
      env.localModelPath = path.dirname(folder) + path.sep;
      modelId = path.basename(folder);
      env.allowLocalModels = true;
      env.allowRemoteModels = false;
    } else {
      const allowRemote = this.options.allowRemote ?? true;
      env.allowRemoteModels = allowRemote;
      // The cache layout (<cacheDir>/<org>/<model>/...) is also a local model layout, which lets an offline start
      // use a model downloaded earlier; with remote allowed, local lookups would only print warnings.
      env.allowLocalModels = !allowRemote && cacheDir !== undefined;
      if (cacheDir) env.localModelPath = cacheDir + path.sep;
    }
    if (cacheDir) env.cacheDir = cacheDir;
    try {
      const extractor = await pipeline('feature-extraction', modelId, {
        quantized: this.options.quantized ?? true,
        progress_callback: onProgress ? (event: unknown) => reportProgress(event, onProgress) : undefined,
      });
      return extractor as unknown as FeatureExtractor;
    } catch (error) {
      const where = localModelPath ? `from ${path.resolve(localModelPath)}` : `'${modelId}'`;
      throw new EmbedderUnavailableError(`cannot load embedding model ${where}: ${(error as Error).message}`);
    }
  }
}

function reportProgress(event: unknown, onProgress: (progress: ModelProgress) => void): void {
  const e = event as { status?: string; file?: string; progress?: number; loaded?: number; total?: number };
  if (!e || typeof e.status !== 'string') return;
  const statuses = ['initiate', 'download', 'progress', 'done', 'ready'];
  if (!statuses.includes(e.status)) return;
  onProgress({
    status: e.status as ModelProgress['status'],
    file: e.file ?? '',
    percent: typeof e.progress === 'number' ? e.progress : undefined,
    loadedBytes: e.loaded,
    totalBytes: e.total,
  });
}
