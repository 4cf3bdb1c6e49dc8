// An HTTP front for the tracing test, run under the telemetry preload: GET /hop calls the echo
// server at ECHO_ADDRESS over grpc-js and answers with what it said. Prints {"port": n} when listening.
import { createServer } from 'node:http';
import * as grpc from '@grpc/grpc-js';
import { EchoServiceClient } from './echo-service.ts';
import { unary } from './grpc-test-client.ts';

const client = new EchoServiceClient(process.env['ECHO_ADDRESS']!, grpc.credentials.createInsecure());
const server = createServer((_request, response) => {
  unary<{ text: string }>(client, 'Echo', { text: 'through the hop' }).then(
    (answer) => response.writeHead(200, { 'content-type': 'text/plain' }).end(answer.text),
    (error: Error) => response.writeHead(502).end(error.message),
  );
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as { port: number }).port })}\n`);
});
process.on('SIGTERM', () => {
  client.close();
  server.close();
  // The preload's SDK flushes on exit through the console exporter.
  void import('../telemetry/active-telemetry.ts').then(({ flushTelemetry }) => flushTelemetry()).then(() => process.exit(0));
});
