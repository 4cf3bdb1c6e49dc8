import { createRequire } from 'node:module';

/**
 * node:http, loaded with require rather than an ES import. An ES import of a built-in module reads
 * every one of its exports, and node:http's lazy `WebSocket`, `CloseEvent` and `MessageEvent` then
 * load undici (fetch's HTTP client: ~2.5 MB of heap, and its compiled code) into every thread that
 * serves HTTP, although none of them fetches. Types still come from `import type … from 'node:http'`.
 */
export const nodeHttp: typeof import('node:http') = createRequire(import.meta.url)('node:http');
