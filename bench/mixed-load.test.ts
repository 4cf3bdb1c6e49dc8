// The mixed load as `npm run bench:mixed` runs it, for a few seconds at one rate against the real
// stack: every route kind is sent and answered 2xx, and the last line carries the figures it promises.
// No timing is asserted here; the figures themselves belong to the benchmark.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { lastJsonLine } from './bench-output.ts';
import { ROUTE_WEIGHTS } from './mixed-load/route-mix.ts';

interface KindFigures {
  requests: number;
  errors: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
}

describe('npm run bench:mixed -- --quick --rate', { timeout: 300_000 }, () => {
  it('sends every route kind through the gateway and each is answered 2xx, with latency, throughput, errors and RSS per service in its last line', async () => {
    const child = spawn(process.execPath, [fileURLToPath(new URL('mixed-load.ts', import.meta.url)), '--quick', '--rate', '5', '--seconds', '6'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    assert.equal(code, 0, stderr.slice(-3000));

    const result = lastJsonLine(stdout) as { mode: string; latency_ms: Record<string, KindFigures>; error_rate: number; error_statuses: object; throughput_rps: number; rss_mib: Record<string, number> };
    assert.equal(result.mode, 'rate');
    assert.deepEqual(Object.keys(result.latency_ms).sort(), Object.keys(ROUTE_WEIGHTS).sort(), 'every route kind was sent');
    for (const [kind, figures] of Object.entries(result.latency_ms)) {
      assert.ok(figures.requests > 0, kind);
      assert.equal(figures.errors, 0, `${kind} answered 2xx every time`);
      assert.ok(figures.p50_ms > 0 && figures.p50_ms <= figures.p95_ms && figures.p95_ms <= figures.p99_ms, `${kind} percentiles in order: ${JSON.stringify(figures)}`);
    }
    assert.equal(result.error_rate, 0, JSON.stringify(result.error_statuses));
    assert.ok(result.throughput_rps > 0);
    assert.deepEqual(Object.keys(result.rss_mib).sort(), ['analysis', 'catalog', 'gateway', 'palette', 'recommender']);
    for (const [service, mib] of Object.entries(result.rss_mib)) assert.ok(mib > 0, `${service} RSS ${mib}`);
  });
});
