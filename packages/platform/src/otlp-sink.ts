import { once } from 'node:events';
import { createServer } from 'node:http';

export interface OtlpSink {
  /** For OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:<port>". */
  readonly endpoint: string;
  /** Export requests and bytes received so far: proof that spans were really sent. */
  readonly received: () => { requests: number; bytes: number };
  close(): Promise<void>;
}

/**
 * An OTLP/HTTP receiver that reads each export whole and answers success (an empty
 * ExportTraceServiceResponse), then forgets it: the exporters pay the full cost of sending, and
 * nothing downstream competes for the benchmark's CPU as a real backend would.
 */
export async function startOtlpSink(): Promise<OtlpSink> {
  let requests = 0;
  let bytes = 0;
  const server = createServer((request, response) => {
    request.on('data', (chunk: Buffer) => (bytes += chunk.length));
    request.on('end', () => {
      requests++;
      const json = (request.headers['content-type'] ?? '').includes('json');
      response.writeHead(200, { 'content-type': json ? 'application/json' : 'application/x-protobuf' }).end(json ? '{}' : '');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    received: () => ({ requests, bytes }),
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
