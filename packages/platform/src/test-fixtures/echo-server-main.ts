// A service process built only from the platform, for the graceful-shutdown test:
// it prints its ports as one JSON line on stdout once ready.
import { baseConfigSchema, loadConfigOrExit } from '../config.ts';
import { createLogger } from '../logger.ts';
import { createMetrics } from '../metrics.ts';
import { startService } from '../service.ts';
import { exitOnSignals } from '../shutdown.ts';
import { echoService } from './echo-service.ts';

const config = loadConfigOrExit('echo', baseConfigSchema);
const logger = createLogger({ service: 'echo', version: '0.0.0', level: config.LOG_LEVEL, destination: process.stderr });
const running = await startService({ config, logger, metrics: createMetrics({ service: 'echo', version: '0.0.0' }), services: [echoService()] });
running.onShutdown(() => logger.info('closing pools'));
exitOnSignals(running, logger);
running.setReady(true);
process.stdout.write(`${JSON.stringify({ grpcPort: running.grpcPort, httpPort: running.httpPort })}\n`);
