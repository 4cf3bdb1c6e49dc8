// Semantic Versioning 2.0.0 precedence (semver.org §11), the order OSV's npm ranges are written in.
// Build metadata is ignored; a prerelease sorts before its release (7.5.2-beta < 7.5.2).

type Version = { core: [number, number, number]; prerelease: string[] };

const pattern = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

export function parseVersion(text: string): Version {
  const match = pattern.exec(text.trim());
  if (!match) throw new Error(`not a semantic version: ${JSON.stringify(text)}`);
  return { core: [Number(match[1]), Number(match[2]), Number(match[3])], prerelease: match[4] ? match[4].split('.') : [] };
}

export function isVersion(text: string): boolean {
  return pattern.test(text.trim());
}

/** Negative when a sorts before b, positive after, 0 when they have the same precedence. */
export function compareVersions(a: string, b: string): number {
  const left = parseVersion(a);
  const right = parseVersion(b);
  for (let index = 0; index < 3; index++) {
    const difference = left.core[index]! - right.core[index]!;
    if (difference !== 0) return Math.sign(difference);
  }
  return comparePrereleases(left.prerelease, right.prerelease);
}

function comparePrereleases(left: string[], right: string[]): number {
  if (left.length === 0 || right.length === 0) return Math.sign(right.length - left.length);
  for (let index = 0; index < Math.max(left.length, right.length); index++) {
    const a = left[index];
    const b = right[index];
    if (a === undefined) return -1;
    if (b === undefined) return 1;
    const order = compareIdentifiers(a, b);
    if (order !== 0) return order;
  }
  return 0;
}

// Numeric identifiers compare as numbers and sort before alphanumeric ones (§11.4.1-3).
function compareIdentifiers(a: string, b: string): number {
  const aNumeric = /^\d+$/.test(a);
  const bNumeric = /^\d+$/.test(b);
  if (aNumeric && bNumeric) return Math.sign(Number(a) - Number(b));
  if (aNumeric !== bNumeric) return aNumeric ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
