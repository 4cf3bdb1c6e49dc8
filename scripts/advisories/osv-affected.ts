// Whether one installed version lies in an advisory's affected ranges, as the OSV schema defines
// it (https://ossf.github.io/osv-schema/#evaluation): events sorted by version, "introduced" opens
// a span, "fixed" closes it before that version, "last_affected" closes it after, "limit" caps it.
import { compareVersions } from './semver-order.ts';

export type RangeEvent = { introduced: string } | { fixed: string } | { last_affected: string } | { limit: string };

export type AffectedRange = { type: 'SEMVER' | 'ECOSYSTEM'; events: RangeEvent[] };

export type AffectedPackage = { name: string; ranges: AffectedRange[]; versions: string[] };

export function isAffected(version: string, affected: AffectedPackage): boolean {
  return affected.versions.includes(version) || affected.ranges.some((range) => inRange(version, range));
}

function inRange(version: string, range: AffectedRange): boolean {
  const limits = range.events.flatMap((event) => ('limit' in event ? [event.limit] : []));
  if (limits.length > 0 && !limits.some((limit) => limit === '*' || compareVersions(version, limit) < 0)) return false;
  let affected = false;
  for (const event of [...range.events].sort(byVersion)) {
    if ('introduced' in event) {
      if (event.introduced === '0' || compareVersions(version, event.introduced) >= 0) affected = true;
    } else if ('fixed' in event) {
      if (compareVersions(version, event.fixed) >= 0) affected = false;
    } else if ('last_affected' in event) {
      if (compareVersions(version, event.last_affected) > 0) affected = false;
    }
  }
  return affected;
}

function eventVersion(event: RangeEvent): string {
  return 'introduced' in event ? event.introduced : 'fixed' in event ? event.fixed : 'last_affected' in event ? event.last_affected : event.limit;
}

// "0" is below every version; at one version "introduced" comes first, so [v, v] spans are kept.
function byVersion(a: RangeEvent, b: RangeEvent): number {
  const left = eventVersion(a);
  const right = eventVersion(b);
  if (left === '0' || right === '0') return (left === '0' ? 0 : 1) - (right === '0' ? 0 : 1);
  if (left === '*' || right === '*') return (left === '*' ? 1 : 0) - (right === '*' ? 1 : 0);
  return compareVersions(left, right) || ('introduced' in a ? 0 : 1) - ('introduced' in b ? 0 : 1);
}
