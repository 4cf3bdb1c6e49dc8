import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { residentMiB } from '@shine/platform/testing';
import { residentByName } from './service-rss.ts';

describe('residentMiB', () => {
  it("reads a process's resident memory, and grows as it fills memory", async () => {
    // A child that touches 64 MiB and waits: its RSS must show them.
    const child = spawn(process.execPath, ['-e', 'const b = Buffer.alloc(64 * 1024 * 1024, 1); console.log("ready"); setInterval(() => b[0]++, 1000)'], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await once(child.stdout!, 'data');
      const mine = residentMiB(process.pid)!;
      const its = residentMiB(child.pid!)!;
      assert.ok(mine > 10 && mine < 4096, `this process: ${mine} MiB`);
      assert.ok(its >= 64, `the child holds 64 MiB: ${its} MiB`);
      assert.deepEqual(Object.keys(residentByName({ here: process.pid, gone: undefined })), ['here', 'gone']);
    } finally {
      child.kill();
    }
  });

  it('is undefined for a process that does not exist', () => {
    assert.equal(residentMiB(2 ** 22 + 12_345), undefined);
  });
});
