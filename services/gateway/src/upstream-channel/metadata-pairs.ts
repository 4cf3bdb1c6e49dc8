import { Metadata } from '@grpc/grpc-js';

/**
 * Request metadata as HTTP/2 carries it: lower-case names and string values in one flat list,
 * `[name, value, name, value, …]`, a `-bin` value in base64. node:http2 takes such a list as it
 * is, so a unary call's metadata is built once, not into grpc-js Metadata, then a header object,
 * then node's own copy of that (a third of the gateway's allocation per call went there).
 */
export type MetadataPairs = string[];

/** Sets `name` to `value`, dropping any values it had, as Metadata.set does. */
export function setPair(pairs: MetadataPairs, name: string, value: string): void {
  let kept = 0;
  for (let index = 0; index < pairs.length; index += 2) {
    if (pairs[index] === name) continue;
    pairs[kept] = pairs[index]!;
    pairs[kept + 1] = pairs[index + 1]!;
    kept += 2;
  }
  pairs.length = kept;
  pairs.push(name, value);
}

/** The same metadata for grpc-js (server-streaming calls): `-bin` values as bytes again. */
export function metadataOf(pairs: MetadataPairs): Metadata {
  const metadata = new Metadata();
  for (let index = 0; index < pairs.length; index += 2) {
    const name = pairs[index]!;
    const value = pairs[index + 1]!;
    metadata.add(name, name.endsWith('-bin') ? Buffer.from(value, 'base64') : value);
  }
  return metadata;
}
