// The bench's upstream: a real gRPC server (platform startService) with the fixture PaletteService,
// which answers ~1 KB of JSON through the gateway. Prints {"port": n} on stdout once listening.
import { baseConfigSchema, createLogger, createMetrics, loadConfig, startService } from '@shine/platform';
import { paletteService } from '../src/test-fixtures/shine-services.ts';

const running = await startService({
  config: loadConfig(baseConfigSchema, { GRPC_PORT: '0', HTTP_PORT: '0', BIND_HOST: '127.0.0.1' }),
  logger: createLogger({ service: 'bench-backend', version: 'bench', level: 'warn' }),
  metrics: createMetrics({ service: 'bench-backend', version: 'bench' }),
  services: [paletteService()],
});
running.setReady(true);
process.stdout.write(`${JSON.stringify({ port: running.grpcPort })}\n`);
process.on('SIGTERM', () => void running.shutdown('bench over').then(() => process.exit(0)));
