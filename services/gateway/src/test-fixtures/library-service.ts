import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Message } from '@bufbuild/protobuf';
import { Code, serve, ShineError, type ServiceRegistration } from '@shine/platform';
import { testRegistry } from './build-descriptors.ts';
import { serviceDefinitionOf } from './service-definition.ts';

type Request = Message & Record<string, any>;

/** LibraryService answering from its requests, so tests see exactly what the gateway sent. */
export function libraryService(): ServiceRegistration {
  const service = testRegistry().getService('gatewaytest.v1.LibraryService')!;
  const definition = serviceDefinitionOf(service);
  return serve(definition, {
    GetShelf: async (request: Request) => ({ name: request.name, theme: 'theme of ' + request.name }),
    ListBooks: async (request: Request) => ({
      books: [{ name: `${request.parent}/books/1`, title: `page size ${request.pageSize}, genres ${request.genres.join(',')}`, publishTime: request.publishedAfter }],
    }),
    GetBook: async (request: Request) => ({ name: request.name, title: 'A Book', pageCount: 9_007_199_254_740_993n }),
    CreateBook: async (request: Request) => ({ ...request.book, name: `${request.parent}/books/${request.bookId || 'new'}` }),
    UpdateBook: async (request: Request) => ({ ...request.book, updateMask: request.updateMask }),
    DeleteBook: async () => ({}),
    MoveBook: async (request: Request) => ({ name: `${request.otherShelf}/books/${String(request.name).split('/').at(-1)}`, title: 'moved' }),
    SearchShelves: async (request: Request) => ({ shelves: [{ name: 'shelves/found', theme: request.query }] }),
    GetFile: async (request: Request) => ({ path: request.path, content: new TextEncoder().encode(`content of ${request.path}`) }),
    DownloadFile: async (request: Request) => ({ path: request.path, content: new TextEncoder().encode(`content of ${request.path}`) }),
    Echo: async (request: Request) => request,
    Fail: async (request: Request) => {
      throw new ShineError(request.code as Code, request.message || `failed with ${request.code}`, request.reason ? { reason: request.reason } : {});
    },
    UploadCover: async (request: Request) => ({
      shelf: request.shelf,
      byteCount: BigInt(request.image.length),
      sha256: createHash('sha256').update(request.image).digest('hex'),
      caption: request.caption,
      public: request.public,
      labels: request.labels,
      details: request.details,
    }),
    Ticks: async function* (request: Request, context) {
      if (request.initialDelayMs > 0) await sleep(request.initialDelayMs, undefined, { signal: context.signal });
      for (let sequence = 1; sequence <= request.count; sequence++) {
        if (sequence > 1 && request.intervalMs > 0) await sleep(request.intervalMs, undefined, { signal: context.signal });
        yield { sequence: BigInt(sequence) };
      }
      if (request.failCode !== 0) throw new ShineError(request.failCode as Code, 'the ticks ran out', { reason: 'TICKS_FAILED' });
    },
    Wait: async (request: Request, context) => {
      const deadlineInMs = BigInt(context.deadline.getTime() - Date.now());
      if (request.millis > 0) await sleep(request.millis, undefined, { signal: context.signal });
      return { deadlineInMs };
    },
    Inspect: async (_request: Request, context) => ({
      metadata: Object.fromEntries(
        Object.entries(context.metadata.getMap()).map(([key, value]) => [key, typeof value === 'string' ? value : Buffer.from(value).toString('base64')]),
      ),
    }),
  });
}
