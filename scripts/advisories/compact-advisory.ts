// One advisory from a source, cut down to what the check needs and kept only for the npm package
// names asked: OSV records (the GitHub Advisory Database) and nodejs/security-wg records.
import type { Advisory, Severity } from './advisory-snapshot.ts';
import { npmRangeToOsv } from './npm-range-to-osv.ts';
import type { AffectedRange, RangeEvent } from './osv-affected.ts';

type OsvRecord = {
  id: string;
  aliases?: string[];
  summary?: string;
  details?: string;
  published?: string;
  modified: string;
  withdrawn?: string;
  affected?: { package?: { ecosystem?: string; name?: string }; ranges?: { type: string; events: RangeEvent[] }[]; versions?: string[] }[];
  database_specific?: { severity?: string };
};

/** undefined when the record is withdrawn or names none of the packages. */
export function compactOsv(record: OsvRecord, names: ReadonlySet<string>): Advisory | undefined {
  if (record.withdrawn) return undefined;
  const affected = (record.affected ?? []).flatMap((entry) => {
    const name = entry.package?.name;
    if (entry.package?.ecosystem !== 'npm' || !name || !names.has(name)) return [];
    const ranges = (entry.ranges ?? []).filter((range): range is AffectedRange => range.type === 'SEMVER' || range.type === 'ECOSYSTEM');
    return [{ name, ranges: ranges.map(({ type, events }) => ({ type, events })), versions: entry.versions ?? [] }];
  });
  if (affected.length === 0) return undefined;
  return {
    id: record.id,
    aliases: record.aliases ?? [],
    summary: record.summary ?? firstLine(record.details ?? ''),
    severity: ghsaSeverity(record.database_specific?.severity),
    published: record.published ?? record.modified,
    modified: record.modified,
    url: record.id.startsWith('GHSA-') ? `https://github.com/advisories/${record.id}` : `https://osv.dev/vulnerability/${record.id}`,
    affected,
  };
}

type SecurityWgRecord = {
  id: number;
  title: string;
  module_name: string;
  cves?: string[];
  vulnerable_versions: string;
  publish_date?: string;
  created_at: string;
  updated_at?: string;
  cvss_score?: number | null;
};

export function compactSecurityWg(record: SecurityWgRecord, names: ReadonlySet<string>): Advisory | undefined {
  if (!names.has(record.module_name)) return undefined;
  let ranges: AffectedRange[];
  try {
    ranges = npmRangeToOsv(record.vulnerable_versions);
  } catch (error) {
    throw new Error(`nodejs/security-wg advisory ${record.id} (${record.module_name})`, { cause: error });
  }
  return {
    id: `NSWG-ECO-${record.id}`,
    aliases: record.cves ?? [],
    summary: `${record.title} in ${record.module_name}`,
    severity: cvssSeverity(record.cvss_score),
    published: isoDate(record.publish_date ?? record.created_at),
    modified: isoDate(record.updated_at ?? record.created_at),
    url: `https://github.com/nodejs/security-wg/blob/main/vuln/npm/${record.id}.json`,
    affected: [{ name: record.module_name, ranges, versions: [] }],
  };
}

function ghsaSeverity(text: string | undefined): Severity {
  const severity = text?.toLowerCase();
  return severity === 'low' || severity === 'moderate' || severity === 'high' || severity === 'critical' ? severity : 'unknown';
}

// CVSS v3 qualitative ratings (FIRST, CVSS v3.1 specification §5), "medium" named as GitHub does.
function cvssSeverity(score: number | null | undefined): Severity {
  if (score === null || score === undefined || score <= 0) return 'unknown';
  return score >= 9 ? 'critical' : score >= 7 ? 'high' : score >= 4 ? 'moderate' : 'low';
}

function isoDate(date: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? `${date}T00:00:00Z` : date;
}

function firstLine(text: string): string {
  const line = text.split('\n')[0]!.trim();
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
