import { residentMiB } from '@shine/platform/testing';

/** Each named process's resident memory now, in MiB. */
export function residentByName(pids: Readonly<Record<string, number | undefined>>): Record<string, number | undefined> {
  return Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, pid === undefined ? undefined : residentMiB(pid)]));
}
