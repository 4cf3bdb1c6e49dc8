import * as grpc from '@grpc/grpc-js';
import { catalogV1, paletteV1 } from '@shine/contracts';
import { PermanentEventError } from '@shine/events';
import { codeName } from '@shine/platform';

/** What the recommender asks of the palette and catalog services for one skin tone. */
export interface AdviceSources {
  palette(request: paletteV1.GetPaletteRequest): Promise<paletteV1.Palette>;
  matchShades(request: catalogV1.MatchShadesRequest): Promise<catalogV1.MatchShadesResponse>;
}

// Answers that will never change however often the event is retried: the event itself is wrong.
const PERMANENT = new Set<number>([grpc.status.INVALID_ARGUMENT, grpc.status.FAILED_PRECONDITION, grpc.status.OUT_OF_RANGE]);

/**
 * The palette and catalog services over gRPC, each call bounded by `timeoutMs`. A refusal of the
 * request (INVALID_ARGUMENT …) is a PermanentEventError, so the event is dead-lettered; anything
 * else (UNAVAILABLE, DEADLINE_EXCEEDED, INTERNAL) is an outage to retry.
 */
export function grpcAdviceSources(palette: paletteV1.PaletteServiceClient, catalog: catalogV1.CatalogServiceClient, timeoutMs: number): AdviceSources {
  const call = <Response>(service: string, start: (deadline: Date, done: (error: grpc.ServiceError | null, response: Response) => void) => unknown) =>
    new Promise<Response>((resolve, reject) =>
      start(new Date(Date.now() + timeoutMs), (error, response) => {
        if (!error) return resolve(response);
        const message = `${service} answered ${codeName(error.code)}: ${error.details}`;
        reject(PERMANENT.has(error.code) ? new PermanentEventError(message) : new Error(message, { cause: error }));
      }),
    );
  return {
    palette: async (request) => {
      const response = await call<paletteV1.GetPaletteResponse>('palette', (deadline, done) => palette.getPalette(request, new grpc.Metadata(), { deadline }, done));
      if (!response.palette) throw new Error('palette answered without a palette');
      return response.palette;
    },
    matchShades: (request) => call<catalogV1.MatchShadesResponse>('catalog', (deadline, done) => catalog.matchShades(request, new grpc.Metadata(), { deadline }, done)),
  };
}
