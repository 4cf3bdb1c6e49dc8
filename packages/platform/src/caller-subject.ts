import { Metadata } from '@grpc/grpc-js';

/**
 * The subject a call is made for: set by the gateway from a verified bearer token, after it drops any
 * `shine-*` key the client sent, so a service inside the cluster may trust it.
 */
export const subjectMetadataKey = 'shine-subject-id';

/** The verified subject of a call; undefined for a guest, and for a key given empty or more than once. */
export function callerSubjectOf(metadata: Metadata): string | undefined {
  const values = metadata.get(subjectMetadataKey);
  if (values.length !== 1) return undefined;
  const [subject] = values;
  return typeof subject === 'string' && subject !== '' ? subject : undefined;
}

/** Metadata for a call made downstream on behalf of the same subject (empty for a guest). */
export function callerSubjectMetadata(incoming: Metadata): Metadata {
  const outgoing = new Metadata();
  const subject = callerSubjectOf(incoming);
  if (subject !== undefined) outgoing.set(subjectMetadataKey, subject);
  return outgoing;
}
