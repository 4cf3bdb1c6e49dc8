import type { ServerResponse } from 'node:http';

/** The status a finished response was sent with; 499 when the client left before it ended. */
export function finalStatus(response: ServerResponse): number {
  return response.writableFinished ? response.statusCode : 499;
}
