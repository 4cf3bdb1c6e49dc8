import * as grpc from '@grpc/grpc-js';
import type { Lab } from '@shine/color';
import { analysisV1, undertoneEnum } from '@shine/contracts';
import { callerSubjectMetadata, Code, codeName, ShineError, type CallContext } from '@shine/platform';
import type { Undertone } from '../catalog-record.ts';

export interface SkinTone {
  lab: Lab;
  undertone: Undertone | undefined;
}

/** Where MatchShades reads the skin tone of a stored analysis. */
export interface SkinTones {
  /** Reads it on behalf of the call's subject: another subject's analysis is NOT_FOUND. */
  skinToneOf(analysisId: string, call: Pick<CallContext, 'signal' | 'deadline' | 'metadata'>): Promise<SkinTone>;
}

/** The analysis service's GetAnalysis, with its failures turned into what a catalog caller can act on. */
export function analysisSkinTones(client: analysisV1.AnalysisServiceClient, timeoutMs: number): SkinTones {
  return {
    skinToneOf: (analysisId, { signal, deadline, metadata }) =>
      new Promise<SkinTone>((resolve, reject) => {
        signal.throwIfAborted();
        const callDeadline = new Date(Math.min(deadline.getTime(), Date.now() + timeoutMs));
        const call = client.getAnalysis({ analysisId }, callerSubjectMetadata(metadata), { deadline: callDeadline }, (error, response) => {
          signal.removeEventListener('abort', cancel);
          if (error) return reject(signal.aborted ? signal.reason : translate(error, analysisId));
          const lab = response.analysis?.skinTone?.lab;
          if (!lab) {
            return reject(new ShineError(Code.FAILED_PRECONDITION, `analysis ${analysisId} has no measured skin tone to match`, { reason: 'ANALYSIS_WITHOUT_SKIN_TONE' }));
          }
          resolve({ lab, undertone: undertoneOrUnknown(response.analysis?.skinTone?.undertone ?? 0) });
        });
        const cancel = () => call.cancel();
        signal.addEventListener('abort', cancel, { once: true });
      }),
  };
}

function translate(error: grpc.ServiceError, analysisId: string): ShineError {
  switch (error.code) {
    case grpc.status.NOT_FOUND:
      return new ShineError(Code.NOT_FOUND, `analysisId: ${error.details}`, { reason: 'ANALYSIS_NOT_FOUND', cause: error });
    case grpc.status.INVALID_ARGUMENT:
      return new ShineError(Code.INVALID_ARGUMENT, `analysisId: ${error.details}`, { reason: 'INVALID_ANALYSIS_ID', cause: error });
    case grpc.status.UNAVAILABLE:
    case grpc.status.DEADLINE_EXCEEDED:
    case grpc.status.RESOURCE_EXHAUSTED:
      return new ShineError(
        Code.UNAVAILABLE,
        `the analysis service could not be reached to read analysis ${analysisId} (${codeName(error.code)}); try again, or send skinLab or skinHex instead`,
        { reason: 'ANALYSIS_UNAVAILABLE', cause: error },
      );
    default:
      return new ShineError(Code.INTERNAL, `reading analysis ${analysisId} failed`, { cause: error });
  }
}

/** An undertone value newer than this service reads as "unknown" rather than failing the match. */
function undertoneOrUnknown(value: number): Undertone | undefined {
  try {
    return undertoneEnum.fromProto(value, 'undertone');
  } catch {
    return undefined;
  }
}
