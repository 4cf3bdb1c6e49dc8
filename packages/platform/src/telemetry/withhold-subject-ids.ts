import type { Span } from '@opentelemetry/api';
import type { ClientRequest, IncomingMessage } from 'node:http';

// Subject ids are personal data, and they travel in REST paths (/v1/subjects/{subject_id}/…),
// query strings and Kafka message keys: what the instrumentations copy onto spans is rewritten
// here, so no trace names a person.

const subjectInPath = /\/subjects\/[^/?:]+/g;
const subjectInQuery = /\b(subject_?id=)[^&]*/gi;

/** The request target with every subject id replaced by its template name. */
export function withholdSubjectIds(target: string): string {
  return target.replace(subjectInPath, '/subjects/{subject_id}').replace(subjectInQuery, '$1{subject_id}');
}

/** For HttpInstrumentation's requestHook: the server span's url.path and url.query, without subject ids. */
export function withholdSubjectIdsOfRequest(span: Span, request: ClientRequest | IncomingMessage): void {
  const target = 'url' in request ? request.url : undefined;
  if (!target || (!target.includes('/subjects/') && !/subject_?id=/i.test(target))) return;
  const [path = '', query] = withholdSubjectIds(target).split('?', 2);
  span.setAttribute('url.path', path);
  if (query !== undefined) span.setAttribute('url.query', query);
}

/** For KafkaJsInstrumentation's hooks: a message's key is a subject id. */
export function withholdMessageKey(span: Span): void {
  span.setAttribute('messaging.kafka.message.key', 'withheld');
}
