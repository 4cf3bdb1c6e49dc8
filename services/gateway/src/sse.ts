import type { StreamFormat } from './stream-format.ts';

/**
 * Server-sent events (text/event-stream): each message is an event with an increasing `id` and its
 * JSON as `data`; a failure after the stream started is an `error` event carrying a
 * google.rpc.Status; a normal end is an `end` event, so EventSource clients stop reconnecting;
 * heartbeats are comment lines that keep proxies from timing the connection out.
 */
export const serverSentEvents: StreamFormat = {
  contentType: 'text/event-stream; charset=utf-8',
  message: (json, sequence) => `id: ${sequence}\ndata: ${json}\n\n`,
  error: (statusJson) => `event: error\ndata: ${statusJson}\n\n`,
  end: () => 'event: end\ndata: {}\n\n',
  heartbeat: () => ': heartbeat\n\n',
};
