// `npm run catalog:seed [-- --seed N] [--brands N] [--out file.json]`: generates the team's seed
// catalogue (the same for the same seed) and loads it, or with --out writes it as an import file.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfigOrExit } from '@shine/platform/config';
import { cliConfigSchema, describeDatabase, explainDatabaseError } from './cli-config.ts';
import { describeSummary, loadRecords } from './load-records.ts';
import { catalogToJson } from '../import/catalog-json.ts';
import { DEFAULT_SEED, generateSeedCatalog } from '../seed/seed-catalog.ts';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: String(DEFAULT_SEED) },
    brands: { type: 'string' },
    out: { type: 'string' },
  },
});
const seed = Number(values.seed);
const brandCount = values.brands === undefined ? undefined : Number(values.brands);
if (!Number.isSafeInteger(seed) || (brandCount !== undefined && !(Number.isSafeInteger(brandCount) && brandCount > 0))) {
  console.error('usage: npm run catalog:seed [-- --seed <integer>] [--brands <count>] [--out <file.json>]');
  process.exit(1);
}

const records = generateSeedCatalog({ seed, ...(brandCount === undefined ? {} : { brandCount }) });
const shades = records.reduce((sum, record) => sum + record.shades.length, 0);
const what = `${records.length} products, ${shades} shades (seed ${seed})`;
if (values.out) {
  writeFileSync(values.out, catalogToJson(records));
  console.log(`catalog:seed: wrote ${what} to ${values.out}; load it with npm run catalog:import -- ${values.out}`);
} else {
  const config = loadConfigOrExit('catalog:seed', cliConfigSchema);
  console.error(`catalog:seed: ${what} into ${describeDatabase(config.DATABASE_URL)}`);
  try {
    console.log(`catalog:seed: done. ${describeSummary(await loadRecords(config.DATABASE_URL, records))}`);
  } catch (error) {
    console.error(`catalog:seed: ${explainDatabaseError(error, config.DATABASE_URL)}; nothing was imported`);
    process.exitCode = 1;
  }
}
