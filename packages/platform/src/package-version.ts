import { readFileSync } from 'node:fs';

/** The `version` of a package.json, e.g. `packageVersion(new URL('../package.json', import.meta.url))` in a main. */
export function packageVersion(packageJson: URL): string {
  const { version } = JSON.parse(readFileSync(packageJson, 'utf8')) as { version?: unknown };
  if (typeof version !== 'string') throw new Error(`${packageJson.pathname} has no version`);
  return version;
}
