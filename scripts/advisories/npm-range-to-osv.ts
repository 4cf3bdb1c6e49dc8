// An npm range ("<1.6.5 || >=2.0.0 <2.1.7", "2.0.x", "~0.8.0-pre", "*") as OSV ranges, one per
// "||" alternative, so advisories written as npm ranges (nodejs/security-wg) are evaluated by the
// same OSV rules as the GitHub Advisory Database's. An exclusive lower bound (">2.0.0") has no OSV
// event: it becomes "introduced 2.0.0", which also flags 2.0.0 itself (a false alarm, never a miss).
import type { AffectedRange, RangeEvent } from './osv-affected.ts';
import { compareVersions, isVersion } from './semver-order.ts';

type Bounds = { lower?: string; upper?: { version: string; inclusive: boolean } };

export function npmRangeToOsv(range: string): AffectedRange[] {
  return range.split('||').map((alternative) => {
    const bounds = alternativeBounds(alternative, range);
    const events: RangeEvent[] = [{ introduced: bounds.lower ?? '0' }];
    if (bounds.upper) events.push(bounds.upper.inclusive ? { last_affected: bounds.upper.version } : { fixed: bounds.upper.version });
    return { type: 'SEMVER', events };
  });
}

function alternativeBounds(alternative: string, whole: string): Bounds {
  // "<  2.0.5" and ">= 2.0.5" are written with spaces after the operator.
  const comparators = alternative.trim().replace(/([<>=~^])\s+/g, '$1').split(/\s+/).filter(Boolean);
  const bounds: Bounds = {};
  for (const comparator of comparators) {
    for (const [kind, version, inclusive] of comparatorBounds(comparator, whole)) {
      if (kind === 'lower' && (!bounds.lower || compareVersions(version, bounds.lower) > 0)) bounds.lower = version;
      if (kind === 'upper' && (!bounds.upper || compareVersions(version, bounds.upper.version) < 0)) bounds.upper = { version, inclusive };
    }
  }
  return bounds;
}

type Bound = ['lower' | 'upper', string, boolean];

function comparatorBounds(comparator: string, whole: string): Bound[] {
  if (comparator === '*' || comparator === 'x') return [];
  const match = /^(<=|>=|<|>|=|~|\^)?(.+)$/.exec(comparator);
  const operator = match?.[1] ?? '=';
  const version = match?.[2] ?? '';
  const wildcard = /^(\d+)(?:\.(\d+))?(?:\.[xX*])?$|^(\d+)\.[xX*](?:\.[xX*])?$/.exec(version);
  if (wildcard && !isVersion(version)) return wildcardBounds(version, operator, whole);
  if (!isVersion(version)) throw new Error(`unsupported npm range ${JSON.stringify(whole)}: ${JSON.stringify(comparator)}`);
  switch (operator) {
    case '<': return [['upper', version, false]];
    case '<=': return [['upper', version, true]];
    case '>':
    case '>=': return [['lower', version, true]];
    case '=': return [['lower', version, true], ['upper', version, true]];
    case '~': return [['lower', version, true], ['upper', nextMinor(version), false]];
    default: return [['lower', version, true], ['upper', nextCaret(version), false]];
  }
}

// "2.0.x" is >=2.0.0 <2.1.0-0; "2" and "2.x" are >=2.0.0 <3.0.0-0.
function wildcardBounds(version: string, operator: string, whole: string): Bound[] {
  if (operator !== '=') throw new Error(`unsupported npm range ${JSON.stringify(whole)}: ${operator}${version}`);
  const [major, minor] = version.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : undefined));
  if (minor === undefined) return [['lower', `${major}.0.0`, true], ['upper', `${major! + 1}.0.0-0`, false]];
  return [['lower', `${major}.${minor}.0`, true], ['upper', `${major}.${minor + 1}.0-0`, false]];
}

function nextMinor(version: string): string {
  const [major, minor] = version.split('.').map(Number);
  return `${major}.${minor! + 1}.0-0`;
}

function nextCaret(version: string): string {
  const [major, minor, patch] = version.split(/[.-]/).map(Number);
  if (major! > 0) return `${major! + 1}.0.0-0`;
  if (minor! > 0) return `0.${minor! + 1}.0-0`;
  return `0.0.${patch! + 1}-0`;
}
