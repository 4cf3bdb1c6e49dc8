import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { nodeHttp } from './node-http.ts';
import { openMetricsContentType, renderOpenMetrics, wantsOpenMetrics } from './openmetrics-text.ts';

export interface SideServerOptions {
  host: string;
  port: number;
  /** What /metrics serves: a registry, or anything that renders like one (an aggregate of threads). */
  registry: Pick<Registry, 'metrics' | 'contentType' | 'getMetricsAsJSON'>;
  /** Readiness as the orchestrator should see it: false while warming up and while draining. */
  isReady: () => boolean;
}

/**
 * The small HTTP port beside gRPC: Prometheus scrapes /metrics (OpenMetrics, with exemplars, when its
 * Accept header asks for it; the text format otherwise); kubelet probes /healthz (the process answers)
 * and /readyz (send me traffic).
 */
export async function startSideServer(options: SideServerOptions): Promise<{ server: Server; port: number }> {
  const server = nodeHttp.createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    switch (path) {
      case '/metrics': {
        const openMetrics = wantsOpenMetrics(request.headers.accept);
        const rendered = openMetrics
          ? options.registry.getMetricsAsJSON().then((families) => ({ body: renderOpenMetrics(families), type: openMetricsContentType }))
          : options.registry.metrics().then((body) => ({ body, type: options.registry.contentType }));
        rendered.then(
          ({ body, type }) => response.writeHead(200, { 'content-type': type }).end(body),
          () => response.writeHead(500).end('metrics collection failed\n'),
        );
        return;
      }
      case '/healthz':
        response.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
        return;
      case '/readyz': {
        const ready = options.isReady();
        response.writeHead(ready ? 200 : 503, { 'content-type': 'text/plain' }).end(ready ? 'ready\n' : 'not ready\n');
        return;
      }
      default:
        response.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try /metrics, /healthz or /readyz\n');
    }
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return { server, port: (server.address() as AddressInfo).port };
}
