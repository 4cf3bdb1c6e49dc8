import { newId } from '@shine/platform';

const acceptable = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's X-Request-Id when it is a sane token (so proxies' ids carry through), else a new UUIDv7. */
export function requestIdOf(header: string | string[] | undefined): string {
  return typeof header === 'string' && acceptable.test(header) ? header : newId();
}
