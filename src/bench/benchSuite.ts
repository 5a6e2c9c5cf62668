/** One benchmark suite: prints its own figures (ratios measured side by side in the same run). */
export interface BenchSuite {
  name: string;
  run(): Promise<void>;
}
