import type { Writable } from 'node:stream';

/** Up to this size a message goes out with its prefix as one buffer (one allocation, one copy). */
const oneBufferLimit = 64 * 1024;

/** Bytes of the prefix before each gRPC message: a compression flag, then a 4-byte big-endian length. */
export const prefixBytes = 5;

/** Writes one message, uncompressed, and ends the stream: a large one (an upload) is not copied again. */
export function writeMessage(stream: Writable, message: Buffer): void {
  if (message.length <= oneBufferLimit) {
    const framed = Buffer.allocUnsafe(prefixBytes + message.length);
    writePrefix(framed, message.length);
    message.copy(framed, prefixBytes);
    stream.end(framed);
  } else {
    const prefix = Buffer.allocUnsafe(prefixBytes);
    writePrefix(prefix, message.length);
    stream.write(prefix);
    stream.end(message);
  }
}

/** The whole framed size (prefix included) that a message's first bytes announce. */
export function framedLength(head: Buffer): number {
  return prefixBytes + head.readUInt32BE(1);
}

/** The one uncompressed message a unary answer must be, or why the body is not that. */
export function singleMessage(body: Buffer): { message: Buffer } | { problem: string } {
  if (body.length >= prefixBytes && body[0] === 0 && framedLength(body) === body.length) return { message: body.subarray(prefixBytes) };
  return { problem: body.length >= prefixBytes && body[0] !== 0 ? 'a compressed message, though no compression was agreed' : 'not exactly one message' };
}

function writePrefix(target: Buffer, length: number): void {
  target[0] = 0;
  target.writeUInt32BE(length, 1);
}
