// `npm run migrate -w services/catalog`, and the chart's migration Job: applies pending catalogue migrations, then exits.
import { loadConfigOrExit } from '@shine/platform/config';
import { runMigrateCommand } from '@shine/postgres';
import { migrationsDir } from '../migrations-dir.ts';
import { cliConfigSchema } from './cli-config.ts';

const config = loadConfigOrExit('catalog:migrate', cliConfigSchema);
process.exitCode = await runMigrateCommand({ name: 'catalog:migrate', databaseUrl: config.DATABASE_URL, dir: migrationsDir });
