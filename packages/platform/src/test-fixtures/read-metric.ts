/**
 * The value of one sample in a Prometheus text exposition, matched by name and a subset of labels
 * (in any order); undefined when no sample matches.
 */
export function readMetric(exposition: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of exposition.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const sampleLabels = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((pair) => [pair[1], pair[2]]),
    );
    if (Object.entries(labels).every(([key, value]) => sampleLabels[key] === value)) return Number(match[3]);
  }
  return undefined;
}
