import type { IncomingMessage } from 'node:http';
import type { JsonValue } from '@bufbuild/protobuf';
import busboy from 'busboy';
import { Code, quoteInput, ShineError } from '@shine/platform';
import { checkDeclaredLength, clientGone, payloadTooLarge } from './read-limited.ts';
import { parseJson } from './json-text.ts';

export interface MultipartBody {
  /** Text parts; a part sent as application/json is parsed, so it can fill a message field. */
  fields: Array<[string, JsonValue]>;
  files: Array<[string, Uint8Array]>;
}

/** Room for part headers and small form fields beside the files themselves. */
const formOverheadBytes = 64 * 1024;
const maxFieldBytes = 64 * 1024;
const maxParts = 64;

/**
 * Streams a multipart/form-data body, counting bytes as they arrive: past `limit` it fails with
 * PAYLOAD_TOO_LARGE at once, without reading (or keeping) the rest. Files are buffered because a
 * gRPC message carries them whole.
 */
export function readMultipart(request: IncomingMessage, limit: number, beforeReading: () => void = () => {}): Promise<MultipartBody> {
  const totalLimit = limit + formOverheadBytes;
  checkDeclaredLength(request, totalLimit, limit);
  beforeReading();
  return new Promise((resolve, reject) => {
    const body: MultipartBody = { fields: [], files: [] };
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: request.headers,
        limits: { fileSize: limit, fieldSize: maxFieldBytes, parts: maxParts },
      });
    } catch (error) {
      reject(new ShineError(Code.INVALID_ARGUMENT, `invalid multipart/form-data request: ${(error as Error).message}`, { reason: 'INVALID_BODY' }));
      return;
    }
    let settled = false;
    let total = 0;
    const fail = (error: ShineError) => {
      if (settled) return;
      settled = true;
      request.off('data', count);
      request.unpipe(parser);
      request.pause();
      parser.destroy();
      reject(error);
    };
    const count = (chunk: Buffer) => {
      total += chunk.length;
      if (total > totalLimit) fail(payloadTooLarge(limit));
    };

    const addJsonField = (name: string, text: string) => {
      try {
        body.fields.push([name, parseJson(text)]);
      } catch {
        fail(new ShineError(Code.INVALID_ARGUMENT, `form field ${quoteInput(name)} is not valid JSON`, { reason: 'INVALID_FORM_FIELD' }));
      }
    };
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) return fail(payloadTooLarge(maxFieldBytes));
      if (info.mimeType === 'application/json') addJsonField(name, value);
      else body.fields.push([name, value]);
    });
    // busboy may close before the last file stream has ended: resolve when both happened.
    let openFiles = 0;
    let parsed = false;
    const finish = () => {
      if (settled || !parsed || openFiles > 0) return;
      settled = true;
      resolve(body);
    };
    parser.on('file', (name, stream, info) => {
      const chunks: Buffer[] = [];
      openFiles += 1;
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => fail(payloadTooLarge(limit)));
      // Destroying the parser on failure destroys the open file stream with it; that is expected.
      stream.on('error', () => {});
      stream.on('end', () => {
        const content = Buffer.concat(chunks);
        // Browsers' FormData sends a Blob as a file even when it is a JSON document for a field.
        if (info.mimeType === 'application/json') addJsonField(name, content.toString('utf8'));
        else body.files.push([name, content]);
        openFiles -= 1;
        finish();
      });
    });
    parser.on('partsLimit', () =>
      fail(new ShineError(Code.INVALID_ARGUMENT, `a form may have at most ${maxParts} parts`, { reason: 'INVALID_BODY' })),
    );
    parser.on('error', (error: Error) =>
      fail(new ShineError(Code.INVALID_ARGUMENT, `invalid multipart/form-data body: ${error.message}`, { reason: 'INVALID_BODY', cause: error })),
    );
    parser.on('close', () => {
      parsed = true;
      finish();
    });
    request.once('close', () => {
      if (!request.complete) fail(clientGone(new Error('the connection closed mid-body')));
    });
    request.on('data', count);
    request.pipe(parser);
  });
}
