import type { RpcRoute } from './rpc-route.ts';
import { RecentValues } from './recent-values.ts';
import { responseJson } from './transcode-response.ts';

/** One answer's HTTP body and its length in bytes. */
export interface AnswerBody {
  readonly json: string;
  readonly bytes: number;
}

// A route's JSON is a pure function of the answer's bytes, and services repeat answers (the
// palette of a Monk level and undertone, a product page): the JSON of small recent ones is kept,
// found by their bytes, so a repeated answer is neither decoded nor written again.
const MAX_ENTRIES = 512;
const MAX_ANSWER_BYTES = 4096;

/** The HTTP body for unary answers (see responseJson), remembering the small ones seen most recently. */
export class AnswerJson {
  readonly #recent = new RecentValues<{ readonly route: RpcRoute; readonly body: AnswerBody }>(MAX_ENTRIES);

  of(route: RpcRoute, answer: Buffer): AnswerBody {
    if (answer.length > MAX_ANSWER_BYTES) return answerBody(route, answer);
    const key = answer.toString('latin1');
    const known = this.#recent.get(key);
    if (known?.route === route) return known.body;
    const body = answerBody(route, answer);
    this.#recent.set(key, { route, body });
    return body;
  }

  get size(): number {
    return this.#recent.size;
  }
}

/** The HTTP body of one answer, not remembered. */
export function answerBody(route: RpcRoute, answer: Buffer): AnswerBody {
  const json = responseJson(route, answer);
  return { json, bytes: Buffer.byteLength(json) };
}
