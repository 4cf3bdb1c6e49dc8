// Helpers for services' tests, kept out of the package index so no service loads them in production.
import { once } from 'node:events';
import { createServer } from 'node:net';

/** A loopback port nothing listens on at the time of asking: for a child process to bind, or to find closed. */
export async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  probe.close();
  await once(probe, 'close');
  return port;
}
