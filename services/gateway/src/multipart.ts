import type { IncomingMessage } from 'node:http';
import type { JsonValue } from '@bufbuild/protobuf';
import busboy from 'busboy';
import { Code, quoteInput, ShineError } from '@shine/platform';
import { watchBodyPace, type BodyPace } from './body-pace.ts';
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

/** busboy's own words for a malformed form, and what to tell a person instead. */
const malformedForm: ReadonlyArray<[RegExp, string]> = [
  [/boundary not found/i, 'the multipart/form-data Content-Type has no boundary: let your HTTP client build the form (curl -F image=@photo.jpg, or FormData in a browser) rather than writing the header yourself'],
  [/unexpected end of (form|file)/i, 'the form ended before its closing boundary: the upload was cut short, or the boundary in Content-Type is not the one in the body'],
  [/malformed (part )?header/i, 'a part of the form has malformed headers: each part needs Content-Disposition: form-data; name="…"'],
  [/unsupported content type/i, 'send the form as multipart/form-data'],
];

function formError(error: Error): ShineError {
  const said = malformedForm.find(([pattern]) => pattern.test(error.message))?.[1];
  const message = said ?? `the multipart/form-data body is malformed (${error.message}): let your HTTP client build the form`;
  return new ShineError(Code.INVALID_ARGUMENT, message, { reason: 'INVALID_BODY', cause: error });
}

/**
 * Streams a multipart/form-data body, counting bytes as they arrive: past `limit` it fails with
 * PAYLOAD_TOO_LARGE at once, without reading (or keeping) the rest, and with BODY_TOO_SLOW when it
 * stops keeping `pace`. Files are buffered because a gRPC message carries them whole.
 */
export function readMultipart(request: IncomingMessage, limit: number, pace: BodyPace, beforeReading: () => void = () => {}): Promise<MultipartBody> {
  const totalLimit = limit + formOverheadBytes;
  checkDeclaredLength(request, totalLimit, limit);
  return new Promise((resolve, reject) => {
    const body: MultipartBody = { fields: [], files: [] };
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: request.headers,
        limits: { fileSize: limit, fieldSize: maxFieldBytes, parts: maxParts },
      });
    } catch (error) {
      reject(formError(error as Error));
      return;
    }
    // Only now: a form refused for its headers needs no 100 Continue, and no pace is owed.
    beforeReading();
    let settled = false;
    let total = 0;
    const stopWatching = watchBodyPace(pace, () => total, (error) => fail(error));
    const fail = (error: ShineError) => {
      if (settled) return;
      settled = true;
      stopWatching();
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
    const unnamed = () => fail(new ShineError(Code.INVALID_ARGUMENT, 'a form part has no name: each part needs Content-Disposition: form-data; name="…"', { reason: 'INVALID_FORM_FIELD' }));
    parser.on('field', (name, value, info) => {
      if (!name) return unnamed();
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
      stopWatching();
      resolve(body);
    };
    parser.on('file', (name, stream, info) => {
      if (!name) {
        stream.resume();
        return unnamed();
      }
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
    parser.on('error', (error: Error) => fail(formError(error)));
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
