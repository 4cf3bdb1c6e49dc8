import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { nodeHttp } from '@shine/platform';
import { answerMalformedRequest } from './malformed-request.ts';

/**
 * How the gateway's threads share the port (SO_REUSEPORT): the first 'claim's it, the others
 * 'join'. Claiming first checks that nobody else holds the port, since with SO_REUSEPORT a second
 * gateway started by mistake would otherwise bind it too and quietly take half the connections.
 */
export type SharePort = 'claim' | 'join';

export interface PublicServer {
  readonly port: number;
  /** Stops accepting, lets in-flight requests finish within `graceMs`, then cuts the rest; false when it cut some. */
  close(graceMs: number): Promise<boolean>;
}

// Headers must arrive within 10 s (slowloris), while a whole request may take minutes (a large
// upload on a slow phone; its body must still keep moving, see body-progress.ts).
const defaultTimeouts = { headersMs: 10_000, requestMs: 300_000 };

/**
 * The public HTTP/1.1 port. Keep-alive outlives typical load balancer idle timeouts (60 s) so the
 * balancer, not the gateway, closes idle connections. Requests the HTTP parser refuses get the
 * same JSON error shape as any other refusal.
 */
export async function startPublicServer(
  handle: (request: IncomingMessage, response: ServerResponse) => void,
  options: { host: string; port: number; sharePort?: SharePort | undefined; timeouts?: { headersMs: number; requestMs: number } },
): Promise<PublicServer> {
  const timeouts = options.timeouts ?? defaultTimeouts;
  // Once closing, every answer ends its keep-alive connection (Node closes the idle ones itself): a
  // client that keeps sending on one must not hold the drain for the whole grace period.
  let draining = false;
  const serve = (request: IncomingMessage, response: ServerResponse) => {
    if (draining) response.setHeader('connection', 'close');
    handle(request, response);
  };
  if (options.sharePort === 'claim' && options.port !== 0) await assertPortFree(options.host, options.port);
  const server: Server = nodeHttp.createServer(
    {
      keepAliveTimeout: 65_000,
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      // Node checks those two timeouts every 30 s by default: a header trickle held on for 38 s, not 10.
      connectionsCheckingInterval: 1_000,
    },
    serve,
  );
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => answerMalformedRequest(error, socket, timeouts));
  // Without this Node answers 100 Continue itself, before anyone looked at the request.
  server.on('checkContinue', serve);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // reusePort: the gateway's threads each listen on the port; the kernel spreads connections.
    server.listen({ port: options.port, host: options.host, reusePort: options.sharePort !== undefined }, () => resolve());
  });
  let closing: Promise<boolean> | undefined;
  return {
    port: (server.address() as AddressInfo).port,
    close(graceMs) {
      closing ??= new Promise<boolean>((resolve) => {
        draining = true;
        let cut = false;
        const timer = setTimeout(() => {
          cut = true;
          server.closeAllConnections();
        }, graceMs);
        server.close(() => {
          clearTimeout(timer);
          resolve(!cut);
        });
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}

/** Binds the port without SO_REUSEPORT and lets it go: EADDRINUSE if any other socket holds it. */
async function assertPortFree(host: string, port: number): Promise<void> {
  const probe = createTcpServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen({ port, host, exclusive: true }, () => resolve());
  });
  await new Promise<void>((resolve) => probe.close(() => resolve()));
}
