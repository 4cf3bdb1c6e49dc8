// `npm run catalog:import -- <file.csv|file.json> [--dry-run]`: checks every row, then loads the file
// in one transaction (all or nothing). Re-running it with the same file changes nothing.
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfigOrExit } from '@shine/platform/config';
import { cliConfigSchema, describeDatabase, explainDatabaseError } from './cli-config.ts';
import { describeSummary, loadRecords } from './load-records.ts';
import type { CatalogFileFormat } from '../import/catalog-file.ts';
import { validateCatalogFile } from '../import/validate-catalog.ts';

const MAX_PROBLEMS_SHOWN = 50;
const usage = 'usage: npm run catalog:import -- <file.csv|file.json> [--dry-run]';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { 'dry-run': { type: 'boolean', default: false } } });
const [file] = positionals;
if (!file || positionals.length > 1) fail(usage);
const format = ({ '.csv': 'csv', '.json': 'json' } as const)[extname(file).toLowerCase()] as CatalogFileFormat | undefined;
if (!format) fail(`catalog:import: ${file} must end in .csv or .json\n${usage}`);

let text: string;
try {
  // Fatal decoding: a Latin-1 export would otherwise import with \uFFFD in its names.
  text = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(file));
} catch (error) {
  const why = error instanceof TypeError ? 'it is not UTF-8 text; save it as UTF-8 (in a spreadsheet: CSV UTF-8)' : (error as Error).message;
  fail(`catalog:import: cannot read ${file}: ${why}`);
}
const { records, problems } = validateCatalogFile(text, format);
if (problems.length > 0) {
  const shown = problems.slice(0, MAX_PROBLEMS_SHOWN).map((problem) => `  ${file}:${problem.line}: ${problem.message}`);
  if (problems.length > MAX_PROBLEMS_SHOWN) shown.push(`  … and ${problems.length - MAX_PROBLEMS_SHOWN} more`);
  fail(`catalog:import: ${problems.length} problem${problems.length === 1 ? '' : 's'} in ${file}; nothing was imported.\n${shown.join('\n')}`);
}
const shadeCount = records.reduce((sum, record) => sum + record.shades.length, 0);
if (values['dry-run']) {
  console.log(`catalog:import: ${file} is valid: ${count(records.length, 'product')}, ${count(shadeCount, 'shade')} (dry run, nothing imported)`);
  process.exit(0);
}

const config = loadConfigOrExit('catalog:import', cliConfigSchema);
console.error(`catalog:import: ${count(records.length, 'product')}, ${count(shadeCount, 'shade')} from ${file} into ${describeDatabase(config.DATABASE_URL)}`);
try {
  console.log(`catalog:import: done. ${describeSummary(await loadRecords(config.DATABASE_URL, records))}`);
} catch (error) {
  fail(`catalog:import: ${explainDatabaseError(error, config.DATABASE_URL)}; nothing was imported`);
}

function count(value: number, noun: string): string {
  return `${value} ${noun}${value === 1 ? '' : 's'}`;
}

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}
