/**
 * The integration suite's entry inside the extension host, the `run()` that both runners call (the VS Code server
 * harness in scripts/integration and @vscode/test-electron): mocha's programmatic API over the compiled test files.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';

/**
 * Files per phase: `*.untrusted.test.js` need an untrusted workspace (the harness runs them against a server with
 * workspace trust on), `*.perf.test.js` measure figures (slow; run on demand), the rest run in a trusted workspace.
 */
function inPhase(name: string, phase: string): boolean {
  if (name.endsWith('.untrusted.test.js')) return phase === 'untrusted';
  if (name.endsWith('.perf.test.js')) return phase === 'perf';
  return phase === 'trusted';
}

export function run(): Promise<void> {
  // The workbench joins console arguments with spaces; format them here so the spec reporter's %s survive.
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(format(...args));
  const phase = process.env.OPS_COPILOT_TEST_PHASE ?? 'trusted';
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: phase === 'perf' ? 3_600_000 : 30_000, reporter: 'spec', forbidOnly: true });
  if (process.env.OPS_COPILOT_TEST_GREP) mocha.grep(process.env.OPS_COPILOT_TEST_GREP);
  const files = fs
    .readdirSync(__dirname)
    .filter((name) => name.endsWith('.test.js'))
    .filter((name) => inPhase(name, phase))
    .sort();
  for (const name of files) mocha.addFile(path.join(__dirname, name));
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        const stats = runner.stats;
        // The harness looks for this exact line and prints it again last.
        console.log(
          `integration [${phase}]: ${stats?.passes ?? 0} passed, ${stats?.failures ?? failures} failed, ${stats?.pending ?? 0} skipped`,
        );
        if (failures > 0) reject(new Error(`${failures} integration tests failed`));
        else resolve();
      });
    } catch (error) {
      console.error(error);
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
