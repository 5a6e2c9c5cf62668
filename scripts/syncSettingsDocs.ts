// Rewrites README's settings table from core/settings.ts: `npm run docs:settings` (= `npx tsx scripts/syncSettingsDocs.ts`).
import { readFileSync, writeFileSync } from 'node:fs';
import { renderSettingsTable, replaceSettingsTable } from '../src/core/settingsTable';

const readmePath = new URL('../README.md', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const restricted: string[] = manifest.capabilities?.untrustedWorkspaces?.restrictedConfigurations ?? [];
const before = readFileSync(readmePath, 'utf8');
const after = replaceSettingsTable(before, renderSettingsTable({ restricted }));
if (after !== before) writeFileSync(readmePath, after);
console.log(`README.md: settings table ${after === before ? 'already up to date' : 'rewritten'}`);
