// A worker thread for rate-limit tests: takes from the buckets it was handed and posts how many
// calls were allowed.
import { parentPort, workerData } from 'node:worker_threads';
import { RateLimiter, type RateLimitOptions } from '../rate-limit.ts';

const { buffer, options, key, times, now } = workerData as { buffer: SharedArrayBuffer; options: RateLimitOptions; key: string; times: number; now: number };
const limiter = new RateLimiter(options, buffer);
let allowed = 0;
for (let call = 0; call < times; call++) if (limiter.take(key, now).allowed) allowed++;
parentPort!.postMessage(allowed);
