// Copies the README's pictures from the last `npm run screenshots` into media/screenshots/, reduced to a palette with
// pngquant (Debian: apt-get install pngquant) so the repository stays small. The .vsix never carries them: the
// marketplace loads README images from the repository URL that vsce writes into the packaged README.
//
//   npm run screenshots && node scripts/integration/publishScreenshots.mjs
import { existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const from = path.join(repoRoot, '.screenshots');
const to = path.join(repoRoot, 'media', 'screenshots');

/** README picture ← screenshot step. */
export const published = {
  'problems.png': '03-quick-fixes.png',
  'anomalies.png': '05-show-anomalies.png',
  'chat.png': '09-chat-ops-answer.png',
  'incidents.png': '07-panel-incidents.png',
  'dashboard.png': '08-panel-dashboard.png',
};

const missing = Object.values(published).filter((name) => !existsSync(path.join(from, name)));
if (missing.length > 0) {
  console.error(`[publish] missing ${missing.join(', ')} in .screenshots/: run npm run screenshots first`);
  process.exit(2);
}
mkdirSync(to, { recursive: true });
for (const [target, source] of Object.entries(published)) {
  const out = path.join(to, target);
  const result = spawnSync('pngquant', ['--quality', '70-90', '--strip', '--force', '--output', out, path.join(from, source)], { stdio: 'inherit' });
  if (result.error || result.status !== 0) {
    console.error(`[publish] pngquant failed on ${source}${result.error ? `: ${result.error.message}` : ''} (apt-get install pngquant)`);
    process.exit(2);
  }
  console.log(`[publish] media/screenshots/${target} ← ${source} (${Math.round(statSync(out).size / 1024)} KiB)`);
}
