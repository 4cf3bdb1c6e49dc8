import type { ServerResponse } from 'node:http';
import type { ClientReadableStream, Metadata, ServiceError } from '@grpc/grpc-js';
import { ShineError } from '@shine/platform';
import { forwardResponseMetadata } from './forward-metadata.ts';
import type { StreamFormat } from './stream-format.ts';

export interface StreamPipeOptions {
  format: StreamFormat;
  heartbeatMs: number;
  toJson: (bytes: Buffer) => string;
  toError: (status: ServiceError) => ShineError;
  /** The error as a google.rpc.Status JSON text. */
  statusJson: (error: ShineError) => string;
  /** Called before anything was written: answer with a plain HTTP error instead of a stream. */
  failBeforeStart: (error: ShineError) => void;
}

/**
 * Relays a server-streaming call as a streaming HTTP response. The status line waits for the
 * upstream's headers (or a first heartbeat), so a call refused at once still gets its own HTTP
 * status. Backpressure pauses the gRPC stream; a client that leaves cancels the call.
 * Returns `stop`, which cancels the call and ends the stream with the given error (shutdown).
 */
export function pipeStream(call: ClientReadableStream<Buffer>, response: ServerResponse, options: StreamPipeOptions): (error: ShineError) => void {
  const { format } = options;
  let started = false;
  let done = false;
  let sequence = 0;

  const start = (upstream: Metadata | undefined) => {
    if (started || done) return;
    started = true;
    if (upstream) forwardResponseMetadata(upstream, response);
    response.writeHead(200, {
      'content-type': format.contentType,
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
    });
    response.flushHeaders();
  };
  const heartbeat = setInterval(() => {
    start(undefined);
    response.write(format.heartbeat());
  }, options.heartbeatMs);
  const finish = () => {
    done = true;
    clearInterval(heartbeat);
  };

  call.on('metadata', (metadata: Metadata) => start(metadata));
  call.on('data', (bytes: Buffer) => {
    let json: string;
    try {
      json = options.toJson(bytes);
    } catch (error) {
      // An upstream message the descriptors cannot read: stop rather than send half a stream silently.
      call.cancel();
      return fail(ShineError.from(error));
    }
    start(undefined);
    if (!response.write(format.message(json, ++sequence))) {
      call.pause();
      response.once('drain', () => call.resume());
    }
  });
  call.on('end', () => {
    if (done) return;
    start(undefined);
    response.end(format.end());
    finish();
  });
  const fail = (error: ShineError) => {
    if (done) return;
    finish();
    if (started) response.end(format.error(options.statusJson(error)));
    else options.failBeforeStart(error);
  };
  call.on('error', (status: ServiceError) => fail(options.toError(status)));
  response.on('close', () => {
    if (done) return;
    call.cancel();
    finish();
  });
  return (error) => {
    if (done) return;
    fail(error);
    call.cancel();
  };
}
