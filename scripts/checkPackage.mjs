// Lists every .vsix in .package/ and fails on strays: sources, tests, fixtures, maps, or native binaries of another
// platform than the package's target.   node scripts/checkPackage.mjs
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const packageDir = path.join(path.dirname(new URL(import.meta.url).pathname), '..', '.package');
const strays = [/\.ts$/, /\.map$/, /(^|\/)src\/test\//, /(^|\/)(test|tests|__tests__|fixtures)\//, /\.vscode-test/, /(^|\/)\.package\//];
const native = /\.(node|so(\.\d+)*|dylib|dll)$/;

/** The stray entries of one package's file list, for the given target (e.g. linux-x64). */
export function findStrays(entries, target) {
  const [os, arch] = target.split('-');
  return entries.filter((entry) => {
    if (entry.endsWith('.d.ts')) return true;
    if (strays.some((pattern) => pattern.test(entry))) return true;
    if (native.test(entry)) return !entry.includes(`/napi-v3/${os}/${arch}/`);
    return false;
  });
}

let failed = false;
const packages = readdirSync(packageDir).filter((name) => name.endsWith('.vsix'));
if (packages.length === 0) { console.error('[check-package] no .vsix in .package/: run npm run package'); process.exit(2); }
for (const name of packages) {
  const target = /^ops-copilot-([a-z0-9]+-[a-z0-9]+)-/.exec(name)?.[1];
  const listing = spawnSync('unzip', ['-Z1', path.join(packageDir, name)], { encoding: 'utf8' });
  if (listing.status !== 0) throw new Error(`unzip -Z1 ${name} failed: ${listing.stderr}`);
  const entries = listing.stdout.split('\n').filter(Boolean);
  const bad = findStrays(entries, target);
  const binaries = entries.filter((entry) => native.test(entry));
  const required = ['extension/dist/extension.js', 'extension/dist/copilot.js', 'extension/package.json', 'extension/node_modules/@xenova/transformers/package.json'];
  const missing = required.filter((entry) => !entries.includes(entry));
  if (binaries.length === 0) missing.push(`onnxruntime binding for ${target}`);
  console.log(`[check-package] ${name}: ${entries.length} entries, ${binaries.length} native, ${bad.length} strays, ${missing.length} missing`);
  for (const entry of [...bad, ...missing]) console.log(`  ${entry}`);
  if (bad.length > 0 || missing.length > 0) failed = true;
}
process.exit(failed ? 1 : 0);
