// monitoring/ is the one source of the dashboards and rules; Helm reads only files inside the chart,
// so the chart carries copies. `npm run monitoring:sync` writes them, tests/monitoring-copies.test.ts
// fails when one drifts (CI runs it), and the chart's templates read the copies with .Files.
import { copyFileSync, globSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The folders whose files the chart carries, and where: every file in each, and nothing else. */
export const chartCopies = [
  { source: 'monitoring/grafana/dashboards', pattern: '*.json', copy: 'charts/shine/dashboards' },
  // The standalone target alert (job "shine") stays out: the chart has its own, release-scoped one.
  { source: 'monitoring/prometheus/rules', pattern: 'shine-{recording,alerts}.rules.yml', copy: 'charts/shine/rules' },
] as const;

/** [source, copy] paths relative to the repository, for every file the chart should carry. */
export function expectedCopies(): [string, string][] {
  return chartCopies.flatMap(({ source, pattern, copy }) =>
    globSync(pattern, { cwd: join(root, source) }).sort().map((file): [string, string] => [join(source, file), join(copy, basename(file))]),
  );
}

/** Files in the copy folders that no source accounts for (a dashboard deleted from monitoring/). */
export function strayCopies(): string[] {
  const expected = new Set(expectedCopies().map(([, copy]) => copy));
  return chartCopies.flatMap(({ copy }) => readdirSync(join(root, copy)).map((file) => join(copy, file))).filter((file) => !expected.has(file));
}

if (import.meta.main) {
  for (const { copy } of chartCopies) {
    rmSync(join(root, copy), { recursive: true, force: true });
    mkdirSync(join(root, copy), { recursive: true });
  }
  for (const [source, copy] of expectedCopies()) copyFileSync(join(root, source), join(root, copy));
  console.log(`monitoring: ${expectedCopies().length} files copied into charts/shine`);
}
