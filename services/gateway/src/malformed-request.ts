import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { Code, nodeHttp, statusJson } from '@shine/platform';

interface Refusal {
  status: number;
  code: Code;
  reason: string;
  message: string;
}

const kib = (bytes: number) => `${Math.round(bytes / 1024)} KiB`;

/**
 * What to tell a client whose request Node's HTTP parser refused before any handler saw it (the
 * llhttp error codes): the same google.rpc.Status JSON as every other refusal, saying what to fix.
 */
function refusalOfMalformedRequest(error: NodeJS.ErrnoException, timeouts: { headersMs: number; requestMs: number }): Refusal {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return {
        status: 431,
        code: Code.RESOURCE_EXHAUSTED,
        reason: 'HEADERS_TOO_LARGE',
        message: `the request line and headers are larger than ${kib(nodeHttp.maxHeaderSize)}: send long values in the body, not in the URL or a header`,
      };
    case 'HPE_INVALID_METHOD':
      // 400, not 501: it is the client's request that is wrong, and a 5xx would page whoever runs Shine.
      return { status: 400, code: Code.INVALID_ARGUMENT, reason: 'UNKNOWN_METHOD', message: 'unknown request method: this API takes GET, HEAD, POST, PUT, PATCH, DELETE and OPTIONS' };
    case 'HPE_INVALID_URL':
      return { status: 400, code: Code.INVALID_ARGUMENT, reason: 'INVALID_URL', message: 'the request URL is not valid: percent-encode every byte outside printable ASCII (0xFF is %FF)' };
    case 'HPE_INVALID_CONTENT_LENGTH':
    case 'HPE_UNEXPECTED_CONTENT_LENGTH':
      return { status: 400, code: Code.INVALID_ARGUMENT, reason: 'INVALID_CONTENT_LENGTH', message: 'Content-Length must be one whole number of bytes, 0 or more, given once and not beside Transfer-Encoding' };
    case 'HPE_INVALID_HEADER_TOKEN':
      return { status: 400, code: Code.INVALID_ARGUMENT, reason: 'INVALID_HEADER', message: 'a header name or value has characters HTTP does not allow (a space in a name, a control character): check the request headers' };
    case 'HPE_INVALID_TRANSFER_ENCODING':
    case 'HPE_INVALID_CHUNK_SIZE':
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return { status: 400, code: Code.INVALID_ARGUMENT, reason: 'INVALID_BODY_FRAMING', message: 'the chunked request body is malformed: send Content-Length with the body, or valid chunks' };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return {
        status: 408,
        code: Code.DEADLINE_EXCEEDED,
        reason: 'REQUEST_TIMEOUT',
        message: `the request did not arrive in time: headers must arrive within ${timeouts.headersMs / 1000} s and the whole request within ${timeouts.requestMs / 1000} s`,
      };
    default:
      return { status: 400, code: Code.INVALID_ARGUMENT, reason: 'MALFORMED_REQUEST', message: `the request is not valid HTTP/1.1 (${error.code ?? 'parse error'})` };
  }
}

/**
 * Answers a request the parser refused, straight on the socket (there is no response object), and
 * closes it: the stream cannot be trusted past a parse error. Nothing is written when an answer to
 * this connection already began, as Node's own handler does.
 */
export function answerMalformedRequest(error: NodeJS.ErrnoException, socket: Duplex, timeouts: { headersMs: number; requestMs: number }): void {
  // Node's private link from a socket to its in-flight response: its own clientError handler reads it too.
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const refusal = refusalOfMalformedRequest(error, timeouts);
  const body = statusJson({ code: refusal.code, message: refusal.message, reason: refusal.reason, requestId: randomUUID() });
  socket.end(
    `HTTP/1.1 ${refusal.status} ${nodeHttp.STATUS_CODES[refusal.status]}\r\n` +
      'content-type: application/json\r\n' +
      'x-content-type-options: nosniff\r\n' +
      `content-length: ${Buffer.byteLength(body)}\r\n` +
      'connection: close\r\n\r\n' +
      body,
    // Not left half-open: a client that sent garbage may never close its side.
    () => socket.destroy(),
  );
}
