import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { freePort } from './testing.ts';

describe('freePort', () => {
  it('gives a port a child can bind, outside the range outgoing connections draw from', async () => {
    const rangeFile = '/proc/sys/net/ipv4/ip_local_port_range';
    const low = existsSync(rangeFile) ? Number(readFileSync(rangeFile, 'utf8').trim().split(/\s+/)[0]) : undefined;
    for (let i = 0; i < 20; i += 1) {
      const port = await freePort();
      if (low !== undefined) assert.ok(port < low, `port ${port} is in the ephemeral range from ${low}`);
      const server = createServer().listen(port, '127.0.0.1');
      await once(server, 'listening');
      server.close();
      await once(server, 'close');
    }
  });
});
