import type { MetricObjectWithValues, MetricValue, MetricValueWithName } from 'prom-client';

/** What a scraper that asks for OpenMetrics (Prometheus does by default) gets back. */
export const openMetricsContentType = 'application/openmetrics-text; version=1.0.0; charset=utf-8';

/** True when the scrape's Accept header asks for OpenMetrics; anything else gets the text format. */
export function wantsOpenMetrics(accept: string | undefined): boolean {
  return accept !== undefined && /\bapplication\/openmetrics-text\b/i.test(accept);
}

type Sample = MetricValueWithName<string> & { exemplar?: { labelSet: Record<string, string | number>; value: number; timestamp?: number } | null };

/**
 * Renders prom-client's JSON as OpenMetrics 1.0, exemplars included. prom-client can render
 * OpenMetrics itself, but only by switching the whole registry's type, which renames its counters for
 * good (it strips `_total`): the text format served next would then be wrong.
 */
export function renderOpenMetrics(families: readonly MetricObjectWithValues<MetricValue<string>>[]): string {
  const lines: string[] = [];
  for (const family of families) {
    const type = String(family.type);
    const name = type === 'counter' ? family.name.replace(/_total$/, '') : family.name;
    lines.push(`# TYPE ${name} ${type}`, `# HELP ${name} ${escapeText(family.help)}`);
    for (const sample of family.values as Sample[]) {
      const sampleName = sample.metricName ?? (type === 'counter' ? `${name}_total` : name);
      let line = `${sampleName}${labelText(sample.labels)} ${numberText(sample.value)}`;
      if (sample.exemplar && Object.keys(sample.exemplar.labelSet).length > 0) {
        const { labelSet, value, timestamp } = sample.exemplar;
        line += ` # ${labelText(labelSet)} ${numberText(value)}${timestamp === undefined ? '' : ` ${timestamp}`}`;
      }
      lines.push(line);
    }
  }
  lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}

function labelText(labels: Partial<Record<string, string | number>> | undefined): string {
  const pairs = Object.entries(labels ?? {}).filter((pair): pair is [string, string | number] => pair[1] !== undefined);
  return pairs.length === 0 ? '' : `{${pairs.map(([key, value]) => `${key}="${escapeText(numberOrText(value))}"`).join(',')}}`;
}

function numberOrText(value: string | number): string {
  return typeof value === 'number' ? numberText(value) : value;
}

function numberText(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function escapeText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}
