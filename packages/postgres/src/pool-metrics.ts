import type pg from 'pg';
import { Gauge, type Registry } from 'prom-client';

interface PoolGauges {
  connections: Gauge<'pool' | 'state'>;
  waiting: Gauge<'pool'>;
  max: Gauge<'pool'>;
  pools: Map<string, pg.Pool>;
}

const gaugesByRegistry = new WeakMap<Registry, PoolGauges>();

/**
 * Reports a pool's connections in use and idle, the callers waiting for one, and its size, read at
 * each scrape. Waiting callers with every connection in use is the signal that the pool, not
 * PostgreSQL, is the bottleneck. `name` tells apart the pools of one process (its own, the events').
 */
export function observePool(registry: Registry, name: string, pool: pg.Pool): void {
  const gauges = poolGauges(registry);
  gauges.pools.set(name, pool);
  gauges.max.set({ pool: name }, pool.options.max ?? 10);
}

function poolGauges(registry: Registry): PoolGauges {
  let gauges = gaugesByRegistry.get(registry);
  if (gauges) return gauges;
  const pools = new Map<string, pg.Pool>();
  const registers = [registry];
  gauges = {
    pools,
    connections: new Gauge({
      name: 'shine_db_pool_connections',
      help: 'PostgreSQL connections held by the pool, by state (in_use: lent to a query or transaction; idle).',
      labelNames: ['pool', 'state'],
      registers,
      collect() {
        for (const [pool, each] of pools) {
          this.set({ pool, state: 'in_use' }, each.totalCount - each.idleCount);
          this.set({ pool, state: 'idle' }, each.idleCount);
        }
      },
    }),
    waiting: new Gauge({
      name: 'shine_db_pool_waiting',
      help: 'Callers waiting for a PostgreSQL connection because every one is in use.',
      labelNames: ['pool'],
      registers,
      collect() {
        for (const [pool, each] of pools) this.set({ pool }, each.waitingCount);
      },
    }),
    max: new Gauge({ name: 'shine_db_pool_max', help: 'Most connections the pool may open.', labelNames: ['pool'], registers }),
  };
  gaugesByRegistry.set(registry, gauges);
  return gauges;
}
