import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/** One place a target's calls may go: a TCP host and port, or a Unix socket. */
export interface Address {
  readonly key: string;
  readonly authority: string;
  readonly connectOptions: { readonly host: string; readonly port: number } | { readonly path: string };
}

/** Addresses a target names outright (no lookup); undefined for a name to resolve. */
export function fixedAddresses(target: string): Address[] | undefined {
  if (target.startsWith('unix:')) {
    const path = target.slice(target.startsWith('unix://') ? 'unix://'.length : 'unix:'.length);
    return [{ key: target, authority: 'localhost', connectOptions: { path } }];
  }
  const list = /^ipv[46]:(.*)$/.exec(target)?.[1];
  if (list !== undefined) return list.split(',').map((entry) => addressOf(splitHostPort(entry.trim())));
  const { host, port } = splitHostPort(nameOf(target));
  return isIP(host) ? [addressOf({ host, port })] : undefined;
}

/** Every A/AAAA record of the target's name (a headless Kubernetes Service lists each pod). */
export async function resolveName(target: string): Promise<Address[]> {
  const { host, port } = splitHostPort(nameOf(target));
  const records = await lookup(host, { all: true });
  return records.map((record) => addressOf({ host: record.address, port }));
}

/** "name:port" from "dns:///name:port", "dns:name:port" or a bare "name:port". */
function nameOf(target: string): string {
  return target.replace(/^dns:(\/\/[^/]*\/)?/, '');
}

function splitHostPort(text: string): { host: string; port: number } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracketed) return { host: bracketed[1]!, port: Number(bracketed[2] ?? 443) };
  const colon = text.lastIndexOf(':');
  if (colon < 0 || text.indexOf(':') !== colon) return { host: text, port: 443 };
  return { host: text.slice(0, colon), port: Number(text.slice(colon + 1)) };
}

function addressOf({ host, port }: { host: string; port: number }): Address {
  const authority = isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
  return { key: authority, authority, connectOptions: { host, port } };
}
