import { context, propagation } from '@opentelemetry/api';
import { analysisV1 } from '@shine/contracts';
import { callerSubjectOf, Code, optionalSubjectId, pageSizeOf, requireSubjectId, serve, ShineError, type ServiceRegistration } from '@shine/platform';
import type { AnalysisStore } from './analysis-store.ts';
import { photoWithoutMetadata } from '../intake/photo-without-metadata.ts';
import { requireAnalysisId, requirePhoto } from './validate-request.ts';

/** What the pipeline measures from one photo; the handler adds identity, time and storage flags. */
export type MeasuredAnalysis = Omit<analysisV1.Analysis, 'id' | 'subjectId' | 'createTime' | 'persisted' | 'photoStored'>;

export interface AnalysisServiceDependencies {
  /** Runs the pipeline off the event loop; fails with the gRPC code the caller should see. */
  analyze: (image: Uint8Array, signal: AbortSignal) => Promise<MeasuredAnalysis>;
  store: AnalysisStore;
  maxImageBytes: number;
  /** Builds the id and time of a new analysis (a seam for nothing but determinism: real ids and clock). */
  newId: () => string;
}

export function analysisService(deps: AnalysisServiceDependencies): ServiceRegistration {
  return serve(analysisV1.AnalysisServiceService, {
    analyzeImage: async (request, { signal, metadata }) => {
      const image = requirePhoto(request.image, deps.maxImageBytes);
      // A signed-in caller who names no subject makes its own analysis, not a guest's.
      const subjectId = optionalSubjectId(request.subjectId) ?? callerSubjectOf(metadata);
      // Keeping the photo is the stronger opt-in: it keeps a guest's analysis too, which the photo belongs to.
      const persisted = subjectId !== undefined || request.persist || request.storePhoto;
      const measured = await deps.analyze(image, signal);
      // A caller that gave up (deadline, cancel) gets no stored row: its retry would make a second.
      signal.throwIfAborted();
      const analysis: analysisV1.Analysis = {
        ...measured,
        id: deps.newId(),
        subjectId: subjectId ?? '',
        createTime: new Date(),
        persisted,
        photoStored: persisted && request.storePhoto,
      };
      if (persisted) {
        // Only the pixels are kept: EXIF (GPS position, camera, time) and other metadata never are.
        const photo = request.storePhoto ? await photoWithoutMetadata(image) : undefined;
        await deps.store.save(analysis, { ...(photo ? { photo } : {}), traceContext: currentTraceContext() });
      }
      return { analysis };
    },

    getAnalysis: async (request, { metadata }) => {
      const id = requireAnalysisId(request.analysisId);
      const analysis = await deps.store.get(id);
      // Another subject's analysis is answered exactly like a missing one, so ids cannot be probed.
      if (!analysis || !isReadableBy(analysis, callerSubjectOf(metadata))) {
        throw new ShineError(
          Code.NOT_FOUND,
          `no analysis ${id}: it never existed, was erased, was a guest analysis that was not persisted, or belongs to a subject other than the caller`,
          { reason: 'ANALYSIS_NOT_FOUND' },
        );
      }
      return { analysis };
    },

    listAnalyses: async (request) => {
      const subjectId = requireSubjectId(request.subjectId);
      const pageSize = pageSizeOf(request.pageSize, { default: 20, max: 100 });
      return deps.store.listBySubject(subjectId, pageSize, request.pageToken);
    },

    deleteSubject: async (request) => {
      const subjectId = requireSubjectId(request.subjectId);
      const erased = await deps.store.eraseSubject(subjectId, currentTraceContext());
      return { deletedAnalysisCount: erased.analyses, deletedPhotoCount: erased.photos, eraseTime: erased.erasedAt };
    },
  });
}

/** A subject's analysis is for that subject alone; a guest's stored analysis is for whoever holds its id. */
function isReadableBy(analysis: analysisV1.Analysis, caller: string | undefined): boolean {
  return analysis.subjectId === '' || analysis.subjectId === caller;
}

/** W3C trace context of the current call, carried by the outbox event to the consumer's span. */
function currentTraceContext(): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier;
}
