// Rewrites package.json contributes.configuration from core/settings.ts: `npx tsx scripts/syncManifest.ts`.
import { readFileSync, writeFileSync } from 'node:fs';
import { configurationProperties } from '../src/core/settingsManifest';

const manifestPath = new URL('../package.json', import.meta.url);
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
manifest.contributes ??= {};
manifest.contributes.configuration = { title: 'Ops Copilot', properties: configurationProperties() };
writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`package.json: ${Object.keys(manifest.contributes.configuration.properties).length} settings`);
