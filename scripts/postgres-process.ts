// Runs the embedded PostgreSQL of `npm start` in its own process group, so the terminal's Ctrl-C
// reaches the services first and the database stays up until they have drained. Prints one line,
// "ready", once it accepts connections; SIGTERM stops it cleanly.
import { chmodSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { startEmbeddedPostgres } from '@shine/postgres';

const [dataDir = '', port = '54329'] = process.argv.slice(2);
mkdirSync(dirname(dataDir), { recursive: true });
chmodSync(dirname(dataDir), 0o755); // as root, the server runs as an unprivileged user who must reach it
const server = await startEmbeddedPostgres({ dataDir, port: Number(port), persistent: true });
process.stdout.write('ready\n');
const stop = () => void server.stop().then(() => process.exit(0), () => process.exit(1));
process.once('SIGTERM', stop);
process.once('SIGINT', () => {}); // Ctrl-C is for the services; start.ts stops us after them.
setInterval(() => {}, 1 << 30);
