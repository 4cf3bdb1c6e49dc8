// `npm run migrate -w services/recommender`, and the chart's migration Job: applies pending migrations, then exits.
import { loadConfigOrExit } from '@shine/platform/config';
import { runMigrateCommand } from '@shine/postgres';
import { recommenderConfigSchema } from './config.ts';
import { migrationsDir } from './migrations-dir.ts';

const config = loadConfigOrExit('recommender:migrate', recommenderConfigSchema.pick({ DATABASE_URL: true }));
process.exitCode = await runMigrateCommand({ name: 'recommender:migrate', databaseUrl: config.DATABASE_URL, dir: migrationsDir });
