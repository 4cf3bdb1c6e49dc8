import { Counter, Gauge, type Registry } from 'prom-client';

/** What the catalogue adds to the platform's RED metrics. */
export interface CatalogMetrics {
  version: Gauge;
  indexedShades: Gauge;
  indexReloads: Counter<'result'>;
}

export function createCatalogMetrics(registry: Registry): CatalogMetrics {
  const registers = [registry];
  return {
    version: new Gauge({ name: 'shine_catalog_version', help: 'Catalogue version the shade index was built from.', registers }),
    indexedShades: new Gauge({ name: 'shine_catalog_indexed_shades', help: 'Shades held in memory for matching.', registers }),
    indexReloads: new Counter({
      name: 'shine_catalog_index_reloads_total',
      help: 'Reloads of the in-memory shade index after a catalogue change, by result.',
      labelNames: ['result'],
      registers,
    }),
  };
}
