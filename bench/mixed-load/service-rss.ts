import { readFileSync } from 'node:fs';

/** Resident memory of process `pid` in MiB (VmRSS in /proc/<pid>/status), or undefined once it has gone. */
export function residentMiB(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round((Number(match[1]) / 1024) * 10) / 10 : undefined;
  } catch {
    return undefined;
  }
}

/** Each named process's resident memory now, in MiB. */
export function residentByName(pids: Readonly<Record<string, number | undefined>>): Record<string, number | undefined> {
  return Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, pid === undefined ? undefined : residentMiB(pid)]));
}
