import type { ServiceError } from '@grpc/grpc-js';
import { Code, ShineError, statusJson } from '@shine/platform';
import { authorize } from './access-policy.ts';
import { AnswerJson, answerBody } from './answer-json.ts';
import { forwardedMetadata, forwardResponseMetadata } from './forward-metadata.ts';
import { required, type HttpHandler } from './http-steps/http-step.ts';
import { streamFormatFor } from './stream-format.ts';
import { pipeStream } from './stream-response.ts';
import { deadlineFor, type TimeoutPolicy } from './timeout.ts';
import { responseJson } from './transcode-response.ts';
import { TranscodedRequests } from './transcoded-requests.ts';
import { metadataOf } from './upstream-channel/metadata-pairs.ts';
import { callServerStream, callUnary, upstreamError } from './upstream.ts';

export interface RpcCallsOptions {
  timeouts: TimeoutPolicy;
  rejectUnknownFields: boolean;
  heartbeatMs: number;
}

export interface RpcCalls {
  /** The last handler after the steps: the request message, the subject check, the call and its answer. */
  readonly handle: HttpHandler;
  /** Ends every open stream with UNAVAILABLE, so clients reconnect elsewhere (before a shutdown). */
  endStreams(): void;
}

/** Calls the route's RPC with what the steps gathered, and writes its answer: JSON, or a stream. */
export function rpcCalls(options: RpcCallsOptions): RpcCalls {
  const openStreams = new Set<(error: ShineError) => void>();
  const transcoded = new TranscodedRequests({ rejectUnknown: options.rejectUnknownFields });
  const answers = new AnswerJson();

  const handle: HttpHandler = async (request, response, exchange) => {
    const { target, segments } = required(exchange.route, 'route');
    const { rpc, access } = target;
    const { principal, requestId } = exchange;
    const client = required(exchange.upstream, 'upstream');
    const serviceName = rpc.service.typeName;
    // The upstream's time starts once the body is in: a slow phone's upload is not the service's delay.
    const deadline = deadlineFor(options.timeouts, rpc.grpcPath, rpc.method.name, rpc.serverStreaming, exchange.requestedTimeoutMs, Date.now());
    const { message, bytes: requestBytes } = transcoded.of(rpc, exchange.url, segments, exchange.query, required(exchange.body, 'body'));
    authorize(access, principal, message, segments);
    const metadata = forwardedMetadata(request, { requestId, subject: principal?.subject });

    if (rpc.serverStreaming) {
      const call = callServerStream(client, rpc.grpcPath, requestBytes, metadataOf(metadata), deadline);
      const stop = pipeStream(call, response, {
        format: streamFormatFor(request.headers.accept),
        heartbeatMs: options.heartbeatMs,
        toJson: (chunk) => responseJson(rpc, chunk),
        toError: (status: ServiceError) => upstreamError(status, serviceName),
        statusJson: (error) => statusJson({ code: error.code, message: error.message, reason: error.reason, requestId }),
        failBeforeStart: (error) => exchange.fail(error),
      });
      openStreams.add(stop);
      response.once('close', () => openStreams.delete(stop));
      return;
    }

    // The JSON is written while the upstream's status is on its way, and used once it says OK. Only
    // public reads (a GET without a signed-in subject: palettes, products) are remembered: nobody's
    // analysis or recommendations stay in the gateway's memory after the answer.
    const remember = rpc.httpMethod === 'GET' && !principal;
    const toJson = rpc.successStatus === 204 ? undefined : remember ? (answer: Buffer) => answers.of(rpc, answer) : (answer: Buffer) => answerBody(rpc, answer);
    const { result, cancel } = callUnary(client, rpc.grpcPath, requestBytes, metadata, deadline, serviceName, toJson);
    // Left in place after the answer: cancelling a call that has its outcome does nothing.
    response.on('close', cancel);
    const { message: answer, headers, prepared } = await result;
    forwardResponseMetadata(headers, response);
    if (rpc.successStatus === 204) {
      response.writeHead(204).end();
      return;
    }
    const { json, bytes } = prepared ?? answers.of(rpc, answer);
    response.writeHead(rpc.successStatus, { 'content-type': 'application/json', 'content-length': bytes }).end(json);
  };

  const endStreams = () => {
    const shuttingDown = new ShineError(Code.UNAVAILABLE, 'the gateway is restarting: reconnect', { reason: 'GATEWAY_SHUTTING_DOWN' });
    for (const stop of openStreams) stop(shuttingDown);
  };

  return { handle, endStreams };
}
