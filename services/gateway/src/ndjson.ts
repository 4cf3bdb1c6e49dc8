import type { StreamFormat } from './stream-format.ts';

/**
 * Newline-delimited JSON, framed as grpc-gateway frames streams: `{"result": …}` per message and
 * `{"error": google.rpc.Status}` when the stream fails after it started; heartbeats are empty lines.
 */
export const newlineDelimitedJson: StreamFormat = {
  contentType: 'application/x-ndjson; charset=utf-8',
  message: (json) => `{"result":${json}}\n`,
  error: (statusJson) => `{"error":${statusJson}}\n`,
  end: () => '',
  heartbeat: () => '\n',
};
