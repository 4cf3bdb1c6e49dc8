// The bench's upstream: a real gRPC server (platform startService) with the fixture PaletteService,
// which answers ~1 KB of JSON through the gateway. Prints {"port": n} on stdout once listening.
import { startPaletteBackend } from '../src/test-fixtures/shine-services.ts';

const running = await startPaletteBackend();
process.stdout.write(`${JSON.stringify({ port: running.grpcPort })}\n`);
process.on('SIGTERM', () => void running.shutdown('bench over').then(() => process.exit(0)));
