export { diagnose } from './diagnose.ts';
export { isFailing, type Finding, type FindingStatus } from './finding.ts';
export { readReleaseSnapshot, releaseSelector } from './read-release-snapshot.ts';
export type { HttpRoute, ReleaseSnapshot } from './release-snapshot.ts';
export { renderReport } from './render-report.ts';
