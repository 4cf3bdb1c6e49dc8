import { newlineDelimitedJson } from './ndjson.ts';
import { serverSentEvents } from './sse.ts';

/** How a server stream is framed on HTTP/1.1. */
export interface StreamFormat {
  contentType: string;
  message(json: string, sequence: number): string;
  error(statusJson: string): string;
  end(): string;
  heartbeat(): string;
}

/** SSE when the client asks for text/event-stream, newline-delimited JSON otherwise. */
export function streamFormatFor(accept: string | undefined): StreamFormat {
  return accept?.includes('text/event-stream') ? serverSentEvents : newlineDelimitedJson;
}
