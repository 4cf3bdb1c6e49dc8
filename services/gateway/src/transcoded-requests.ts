import { toBinary, type Message } from '@bufbuild/protobuf';
import type { RpcRoute } from './rpc-route.ts';
import { RecentValues } from './recent-values.ts';
import { transcodeRequest, type RequestBody, type TranscodeOptions } from './transcode-request.ts';

export interface TranscodedRequest {
  /** The request message: shared between requests with the same key, so read it, never change it. */
  readonly message: Message;
  /** Its protobuf encoding, what goes upstream. */
  readonly bytes: Buffer;
}

// Requests without a body are a pure function of route and URL (path and query), and clients
// repeat them (a palette per Monk level and undertone, a product page): the encoding is kept for
// those, found by the URL as it arrived, so looking one up builds no key.
const MAX_ENTRIES = 2048;
const MAX_KEY_LENGTH = 2048;

/** Transcodes HTTP requests to gRPC, remembering the bodiless ones it has seen most recently. */
export class TranscodedRequests {
  readonly #recent = new RecentValues<string, { readonly route: RpcRoute; readonly transcoded: TranscodedRequest }>(MAX_ENTRIES);
  readonly #options: TranscodeOptions;

  constructor(options: TranscodeOptions) {
    this.#options = options;
  }

  /** `url` is the one the route matched ("/v1/palettes?monk=5"): its path gave `segments`, its query is `query`. */
  of(route: RpcRoute, url: string, segments: readonly string[], query: string, body: RequestBody): TranscodedRequest {
    if (body.kind !== 'empty' || url.length > MAX_KEY_LENGTH) return this.#transcode(route, segments, query, body);
    const known = this.#recent.get(url);
    // Another route at the same URL (a DELETE beside a GET) takes its place.
    if (known?.route === route) return known.transcoded;
    const transcoded = this.#transcode(route, segments, query, body);
    this.#recent.set(url, { route, transcoded });
    return transcoded;
  }

  get size(): number {
    return this.#recent.size;
  }

  #transcode(route: RpcRoute, segments: readonly string[], query: string, body: RequestBody): TranscodedRequest {
    const message = transcodeRequest(route, segments, query, body, this.#options);
    const encoded = toBinary(route.method.input, message);
    return { message, bytes: Buffer.from(encoded.buffer, encoded.byteOffset, encoded.byteLength) };
  }
}
