import { eventsV1 } from '@shine/contracts';
import { ENVELOPE_SCHEMA_VERSION, EVENT_ID_HEADER, PermanentEventError, SCHEMA_VERSION_HEADER, type ReceivedEvent } from '@shine/events';
import { buildAdvice } from '../advice/build-recommendations.ts';
import type { AdviceSources } from '../advice/advice-sources.ts';
import type { RecommendationStore } from '../store/recommendation-store.ts';

export interface AnalysisEventsOptions {
  readonly store: RecommendationStore;
  readonly sources: AdviceSources;
  readonly matchesPerCategory: number;
  /** What one event did, for metrics and logs: its type and outcome, and its delay since it occurred. */
  readonly onHandled?: (handled: { type: string; outcome: string; delaySeconds: number | undefined }) => void;
}

/**
 * What the recommender does with each event on shine.analysis.v1: a SkinToneAnalyzed becomes the
 * subject's recommendations, a SubjectErased deletes them; the event id is stored with the effect,
 * so a redelivered event changes nothing. An event that can never be handled (undecodable, an
 * unknown schema version or type) throws PermanentEventError, for the dead-letter topic.
 */
export function analysisEventHandler(options: AnalysisEventsOptions): (event: ReceivedEvent) => Promise<void> {
  const { store, sources } = options;
  return async (event) => {
    // A tombstone only lets a compacted topic forget the key: the SubjectErased before it did the work.
    if (event.value === null) return;
    const version = event.headers[SCHEMA_VERSION_HEADER];
    if (version !== undefined && version !== ENVELOPE_SCHEMA_VERSION) {
      throw new PermanentEventError(`envelope schema version ${JSON.stringify(version)} is not one this recommender reads (${ENVELOPE_SCHEMA_VERSION})`);
    }
    const envelope = decode(event.value);
    const eventId = envelope.id || event.headers[EVENT_ID_HEADER];
    if (!eventId) throw new PermanentEventError('the event has no id (neither in the envelope nor in the shine-event-id header)');
    if (!envelope.subjectId) throw new PermanentEventError(`event ${eventId} names no subject`);
    const delaySeconds = envelope.occurredAt ? (Date.now() - envelope.occurredAt.getTime()) / 1000 : undefined;
    const report = (outcome: string) => options.onHandled?.({ type: envelope.type, outcome, delaySeconds });

    if (envelope.skinToneAnalyzed) {
      const analyzed = envelope.skinToneAnalyzed;
      const advice = await buildAdvice(analyzed, sources, options.matchesPerCategory);
      const applied = await store.applyAnalysis({
        eventId,
        subjectId: envelope.subjectId,
        analysisId: analyzed.analysisId,
        analyzedAt: envelope.occurredAt ?? new Date(0),
        advice,
        traceContext: envelope.traceContext,
      });
      return report(applied.outcome);
    }
    if (envelope.subjectErased) return report(await store.eraseSubject(eventId, envelope.subjectId));
    throw new PermanentEventError(`event ${eventId} has type ${JSON.stringify(envelope.type)}, which the recommender does not handle`);
  };
}

function decode(value: Uint8Array): eventsV1.EventEnvelope {
  try {
    return eventsV1.EventEnvelope.decode(value);
  } catch (error) {
    throw new PermanentEventError(`the payload is not a shine.events.v1.EventEnvelope (${(error as Error).message})`);
  }
}
