// `npm run migrate -w services/analysis`, and the chart's migration Job: applies pending migrations, then exits.
import { loadConfigOrExit } from '@shine/platform/config';
import { runMigrateCommand } from '@shine/postgres';
import { analysisConfigSchema } from './config.ts';
import { migrationsDir } from './migrations-dir.ts';

const config = loadConfigOrExit('analysis:migrate', analysisConfigSchema.pick({ DATABASE_URL: true }));
process.exitCode = await runMigrateCommand({ name: 'analysis:migrate', databaseUrl: config.DATABASE_URL, dir: migrationsDir });
