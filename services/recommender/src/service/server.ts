import { recommenderV1 } from '@shine/contracts';
import { Code, requireSubjectId, serve, ShineError, type ServiceRegistration } from '@shine/platform';
import type { RecommendationStore } from '../store/recommendation-store.ts';
import { startPushSpan } from './push-span.ts';
import type { Change, WatchHub } from './watch-hub.ts';

export interface RecommenderServiceDependencies {
  readonly store: RecommendationStore;
  readonly hub: WatchHub;
}

/** GetRecommendations and WatchRecommendations over the read model the consumer keeps. */
export function recommenderService({ store, hub }: RecommenderServiceDependencies): ServiceRegistration {
  /** The subject's set, or PENDING: no analysis yet, or its event is still on its way. */
  const current = async (subjectId: string) => (await store.get(subjectId)) ?? pending(subjectId);

  return serve(recommenderV1.RecommenderServiceService, {
    getRecommendations: async (request) => ({ recommendations: await current(requireSubjectId(request.subjectId)) }),

    // The current set at once, then each newer one as it is stored, until the caller leaves, the
    // subject is erased (the stream ends) or this replica stops (UNAVAILABLE: watch again).
    watchRecommendations: async function* (request, { signal }) {
      const subjectId = requireSubjectId(request.subjectId);
      const changes: Change[] = [];
      let wake: (() => void) | undefined;
      const unwatch = hub.watch(subjectId, (change) => {
        changes.push(change);
        wake?.();
      });
      const woken = () => new Promise<void>((resolve) => (wake = resolve));
      signal.addEventListener('abort', () => wake?.(), { once: true });
      try {
        let shown = await current(subjectId);
        let sent = 1;
        yield { recommendations: shown };
        while (!signal.aborted) {
          const change = changes.shift();
          if (!change) {
            await woken();
            continue;
          }
          if (change.kind === 'erased') return;
          if (change.kind === 'closing') throw new ShineError(Code.UNAVAILABLE, 'this recommender is stopping; watch again to continue on another', { reason: 'SHUTTING_DOWN' });
          // Two quick changes can arrive out of order through two reads: never step back.
          if (BigInt(change.recommendations.revision) <= BigInt(shown.revision)) continue;
          shown = change.recommendations;
          const push = startPushSpan(change.origin, ++sent);
          try {
            yield { recommendations: shown };
          } finally {
            push.end();
          }
        }
      } finally {
        unwatch();
      }
    },
  });
}

function pending(subjectId: string): recommenderV1.Recommendations {
  return recommenderV1.Recommendations.fromPartial({ subjectId, state: recommenderV1.RecommendationsState.RECOMMENDATIONS_STATE_PENDING });
}
