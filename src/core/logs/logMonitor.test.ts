import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { nullLogger } from '../logger';
import { LogMonitor, type MonitoredAnalysis } from './logMonitor';
import { LogPathMatcher } from './logPathMatcher';

/** Records what the monitor feeds one file, standing in for FileAnalysis. */
class TextAnalysis implements MonitoredAnalysis {
  text = '';
  idles = 0;
  private dirty = false;
  reset(): void {
    this.text = '';
  }
  data(bytes: Uint8Array): void {
    this.text += Buffer.from(bytes).toString();
    this.dirty = true;
  }
  deleted(): void {
    this.text = '';
  }
  idle(): void {
    this.idles++;
  }
  takeDirty(): boolean {
    const dirty = this.dirty;
    this.dirty = false;
    return dirty;
  }
}

function waitUntil(what: string, probe: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const tick = (): void => {
      if (probe()) return resolve();
      if (Date.now() > deadline) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 10);
    };
    tick();
  });
}

describe('LogMonitor', function () {
  // Real file system notifications: a few hundred ms per case.
  this.timeout(10_000);
  let dir: string;
  let monitor: LogMonitor<TextAnalysis> | undefined;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'log-monitor-'));
  });
  afterEach(() => {
    monitor?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function start(maxFiles = 10) {
    const updates: string[] = [];
    const clears: string[] = [];
    const skipped: string[][] = [];
    monitor = new LogMonitor<TextAnalysis>({
      matcher: new LogPathMatcher({ folders: [dir], include: ['**/*.log'], exclude: ['**/node_modules/**'], extraPaths: [] }),
      maxFiles,
      logger: nullLogger,
      debounceMs: 30,
      createAnalysis: () => new TextAnalysis(),
      handlers: {
        onUpdate: (file) => updates.push(file),
        onClear: (file, reason) => clears.push(`${path.basename(file)}:${reason}`),
        onSkip: (files) => skipped.push([...files]),
      },
    });
    return { ready: monitor.start(), updates, clears, skipped, monitor };
  }

  it('reads matching files, follows appends and never walks excluded folders', async () => {
    fs.writeFileSync(path.join(dir, 'a.log'), 'one\n');
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'not a log\n');
    fs.mkdirSync(path.join(dir, 'node_modules'));
    fs.writeFileSync(path.join(dir, 'node_modules', 'dep.log'), 'excluded\n');
    const { ready, monitor } = start();
    await ready;
    assert.deepEqual(monitor.files().map((f) => path.basename(f)), ['a.log']);
    const file = path.join(dir, 'a.log');
    await waitUntil('initial read', () => monitor.analysisOf(file)?.text === 'one\n');
    fs.appendFileSync(file, 'two\n');
    await waitUntil('append read', () => monitor.analysisOf(file)?.text === 'one\ntwo\n');
    assert.ok(monitor.analysisOf(file)!.idles >= 1, 'quiet after the burst: idle() closes the window');
  });

  it('clears a deleted file and stops following it', async () => {
    const file = path.join(dir, 'gone.log');
    fs.writeFileSync(file, 'x\n');
    const { ready, clears, monitor } = start();
    await ready;
    await waitUntil('read', () => monitor.analysisOf(file)?.text === 'x\n');
    fs.unlinkSync(file);
    await waitUntil('cleared', () => clears.includes('gone.log:deleted'));
    await waitUntil('forgotten', () => monitor.files().length === 0);
  });

  it('follows at most maxFiles files and reports the rest', async () => {
    for (let i = 0; i < 4; i++) fs.writeFileSync(path.join(dir, `f${i}.log`), 'x\n');
    const { ready, skipped, monitor } = start(3);
    await ready;
    assert.equal(monitor.files().length, 3);
    await waitUntil('skip report', () => skipped.length > 0, 2000);
    assert.equal(skipped[0]!.length, 1);
  });
});
