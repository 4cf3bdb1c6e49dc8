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
// found by a hash of their bytes and checked byte for byte, so a repeated answer is neither
// decoded nor written again, and looking it up allocates nothing.
const MAX_ENTRIES = 512;
const MAX_ANSWER_BYTES = 4096;

interface Remembered {
  readonly route: RpcRoute;
  /** A copy: the answer given to `of` lives in the upstream stream's buffer. */
  readonly answer: Buffer;
  readonly body: AnswerBody;
}

/** The HTTP body for unary answers (see responseJson), remembering the small ones seen most recently. */
export class AnswerJson {
  readonly #recent = new RecentValues<number, Remembered>(MAX_ENTRIES);

  of(route: RpcRoute, answer: Buffer): AnswerBody {
    if (answer.length > MAX_ANSWER_BYTES) return answerBody(route, answer);
    const key = hashOf(answer);
    const known = this.#recent.get(key);
    if (known?.route === route && known.answer.equals(answer)) return known.body;
    // A new answer, or another with the same hash (the newer one takes its place).
    const body = answerBody(route, answer);
    this.#recent.set(key, { route, answer: Buffer.from(answer), body });
    return body;
  }

  get size(): number {
    return this.#recent.size;
  }
}

/** FNV-1a over the bytes: a 32-bit hash, no allocation (a latin1 string key cost 700 B per palette). */
function hashOf(bytes: Buffer): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < bytes.length; index++) hash = Math.imul(hash ^ bytes[index]!, 0x01000193);
  return hash;
}

/** The HTTP body of one answer, not remembered. */
export function answerBody(route: RpcRoute, answer: Buffer): AnswerBody {
  const json = responseJson(route, answer);
  return { json, bytes: Buffer.byteLength(json) };
}
