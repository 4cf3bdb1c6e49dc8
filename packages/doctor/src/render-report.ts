// The doctor's report as a table for a terminal, with a one-line verdict under it.
import { isFailing, type Finding, type FindingStatus } from './finding.ts';

const label: Record<FindingStatus, string> = { healthy: 'ok', warning: 'WARN', failing: 'FAIL' };

export function renderReport(findings: readonly Finding[], where: string): string {
  const rows = [['STATUS', 'CHECK', 'OBJECT', 'WHAT IT MEANS'], ...findings.map((finding) => [label[finding.status], finding.check, finding.object, finding.detail])];
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column]!.length)));
  const lines = rows.map((row) => row.map((cell, column) => (column < 3 ? cell.padEnd(widths[column]!) : cell)).join('  ').trimEnd());
  const failing = findings.filter((finding) => finding.status === 'failing').length;
  const warnings = findings.filter((finding) => finding.status === 'warning').length;
  const verdict = isFailing(findings)
    ? `Shine ${where} is NOT healthy: ${failing} failing, ${warnings} warning${warnings === 1 ? '' : 's'}.`
    : `Shine ${where} is healthy${warnings > 0 ? `, with ${warnings} warning${warnings === 1 ? '' : 's'}` : ''}.`;
  return `${lines.join('\n')}\n\n${verdict}\n`;
}
