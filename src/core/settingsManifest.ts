/**
 * package.json `contributes.configuration.properties` derived from the settings schema (zod's JSON Schema export), so
 * the manifest mirrors core/settings.ts exactly. `npx tsx scripts/syncManifest.ts` rewrites the manifest from it;
 * src/test/manifest.test.ts fails when the two drift.
 */
import { z } from 'zod';
import { settingsSchema } from './settings';

export type ConfigurationProperty = Record<string, unknown> & { type: string; default: unknown; description: string };

const keptKeywords = ['type', 'default', 'enum', 'minimum', 'maximum', 'items', 'description'] as const;

export function configurationProperties(section = 'opsCopilot'): Record<string, ConfigurationProperty> {
  const json = z.toJSONSchema(settingsSchema, { io: 'input' }) as { properties: Record<string, Record<string, unknown>> };
  const out: Record<string, ConfigurationProperty> = {};
  for (const [key, schema] of Object.entries(json.properties)) {
    const property: Record<string, unknown> = {};
    for (const keyword of keptKeywords) {
      if (schema[keyword] === undefined) continue;
      property[keyword] = keyword === 'items' ? simplifyItems(schema.items) : schema[keyword];
    }
    // zod marks integers with a safe-integer range; the editor only needs the integer type.
    if (schema.type === 'integer') {
      if (property.minimum === Number.MIN_SAFE_INTEGER) delete property.minimum;
      if (property.maximum === Number.MAX_SAFE_INTEGER) delete property.maximum;
    }
    out[`${section}.${key}`] = property as ConfigurationProperty;
  }
  return out;
}

function simplifyItems(items: unknown): unknown {
  if (items && typeof items === 'object' && 'type' in items) return { type: (items as { type: unknown }).type };
  return items;
}
