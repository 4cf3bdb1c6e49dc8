// The event path as deployed: every service in its own process (tests/support/shine-stack.ts),
// events on a real Kafka (the embedded transport where Java is missing, outside CI), every
// database real. An upload becomes advice; nothing is lost or applied twice whatever breaks.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readTestPhoto } from '@shine/analysis/src/testing/test-photos.ts';
import { analysisV1, recommenderV1 } from '@shine/contracts';
import {
  ANALYSIS_TOPIC,
  DEAD_LETTER_REASON_HEADER,
  deadLetterTopicOf,
  kafkaTransport,
  postgresTransport,
  type EventTransport,
  type ReceivedEvent,
} from '@shine/events';
import { localKafkaUnavailable } from '@shine/events/local-kafka';
import { createClient, newId } from '@shine/platform';
import { unaryCall } from '@shine/platform/testing';
import { createPool, type Pool } from '@shine/postgres';
import { eventually } from './support/eventually.ts';
import { startShineStack, type ShineStack } from './support/shine-stack.ts';
import { sseEvents } from './support/sse-events.ts';

const { RECOMMENDATIONS_STATE_READY } = recommenderV1.RecommendationsState;
const onKafka = !localKafkaUnavailable() || Boolean(process.env['CI']);

describe(`from an upload to recommendations, services as processes, events on ${onKafka ? 'Kafka' : 'the embedded transport'}`, { timeout: 300_000 }, () => {
  let stack: ShineStack;
  let analysis: analysisV1.AnalysisServiceClient;
  let recommenderPool: Pool;
  let analysisPool: Pool;
  let probe: EventTransport;

  const recommender = () => createClient(recommenderV1.RecommenderServiceClient, `127.0.0.1:${stack.services.recommender.grpcPort}`);
  const recommendationsOf = async (subjectId: string) => {
    const client = recommender();
    try {
      return (await unaryCall<recommenderV1.GetRecommendationsResponse>((done) => client.getRecommendations({ subjectId }, done))).recommendations!;
    } finally {
      client.close();
    }
  };
  const analyze = async (photo: string, subjectId: string) => {
    const image = await readTestPhoto(photo);
    return (await unaryCall<analysisV1.AnalyzeImageResponse>((done) => analysis.analyzeImage(analysisV1.AnalyzeImageRequest.fromPartial({ image, subjectId }), done))).analysis!;
  };
  const readyFor = (subjectId: string, analysisId: string, timeoutMs?: number) =>
    eventually(async () => {
      const recommendations = await recommendationsOf(subjectId);
      return recommendations.state === RECOMMENDATIONS_STATE_READY && recommendations.analysisId === analysisId ? recommendations : undefined;
    }, `the recommendations of ${subjectId} from analysis ${analysisId}`, timeoutMs);

  before(async () => {
    stack = await startShineStack({ kafka: onKafka });
    const { KAFKA_BROKERS: brokers, EVENTS_DATABASE_URL: eventsDatabase } = stack.eventsEnv;
    probe = brokers
      ? kafkaTransport({ brokers, clientId: 'e2e-probe', sessionTimeoutMs: 6_000 })
      : postgresTransport({ connectionString: eventsDatabase!, applicationName: 'e2e-probe', pollIntervalMs: 100 });
    analysis = createClient(analysisV1.AnalysisServiceClient, `127.0.0.1:${stack.services.analysis.grpcPort}`);
    recommenderPool = createPool({ connectionString: stack.databaseUrls.recommender, applicationName: 'e2e', onIdleError: () => {} });
    analysisPool = createPool({ connectionString: stack.databaseUrls.analysis, applicationName: 'e2e', onIdleError: () => {} });
  });

  after(async () => {
    analysis?.close();
    await probe?.close();
    await recommenderPool?.end();
    await analysisPool?.end();
    await stack?.stop();
  });

  it("turns a subject's analysis into their palette and best shades, each with a reason", async () => {
    const made = await analyze('astronaut.jpg', 'e2e-subject-1');
    const recommendations = await readyFor('e2e-subject-1', made.id);
    assert.equal(recommendations.revision, '1');
    assert.ok(recommendations.palette?.season, 'a season');
    assert.ok(recommendations.products.length >= 3, 'shades in each skin category');
    // The reason speaks the catalog's verdict for that shade, never a ΔE figure, and never "matches" a shade it calls different.
    for (const { match, reason } of recommendations.products) {
      const closeness = match!.verdict.split(': ')[0]!;
      assert.ok(reason.toLowerCase().startsWith(`${closeness} ${closeness === 'noticeably different' ? 'from' : 'to'} your skin`), `${reason} (verdict ${match!.verdict})`);
      assert.doesNotMatch(reason, /ΔE|matches/i);
    }
  });

  it('shows a new analysis\'s advice through the gateway: on the SSE watch without polling, then on GET', async () => {
    const authorization = `Bearer ${await stack.token('e2e-sse')}`;
    const watch = await fetch(`${stack.origin}/v1/subjects/e2e-sse/recommendations:watch`, { headers: { authorization, accept: 'text/event-stream' } });
    assert.equal(watch.status, 200);
    assert.match(watch.headers.get('content-type') ?? '', /^text\/event-stream/);
    const events = sseEvents(watch.body!);
    assert.equal((await events.next()).state, 'RECOMMENDATIONS_STATE_PENDING', 'the current set first: none yet');
    const form = new FormData();
    form.set('image', new Blob([await readTestPhoto('ai-face.jpg')], { type: 'image/jpeg' }), 'ai-face.jpg');
    form.set('subjectId', 'e2e-sse');
    const upload = await fetch(`${stack.origin}/v1/analyses`, { method: 'POST', headers: { authorization }, body: form });
    assert.equal(upload.status, 200);
    const { id } = (await upload.json()) as { id: string };
    const pushed = await events.next();
    assert.deepEqual([pushed.state, pushed.analysisId], ['RECOMMENDATIONS_STATE_READY', id], 'pushed as soon as it is stored');
    await events.cancel();
    const got = (await (await fetch(`${stack.origin}/v1/subjects/e2e-sse/recommendations`, { headers: { authorization } })).json()) as { analysisId: string; products: unknown[] };
    assert.equal(got.analysisId, id);
    assert.ok(got.products.length > 0);
  });

  it('dead-letters a malformed message with its reason and still handles the next one', async () => {
    await probe.publish(ANALYSIS_TOPIC, [{ key: 'e2e-subject-2', value: Uint8Array.of(0xde, 0xad, 0xbe, 0xef), headers: { 'shine-event-id': 'garbage-1' } }]);
    const made = await analyze('messi5.jpg', 'e2e-subject-2');
    await readyFor('e2e-subject-2', made.id);
    const dead: ReceivedEvent[] = [];
    const subscription = await probe.subscribe({ groupId: `dlq-reader-${newId()}`, topics: [deadLetterTopicOf(ANALYSIS_TOPIC)], handle: async (event) => void dead.push(event) });
    try {
      const garbage = await eventually(async () => dead.find((event) => event.headers['shine-event-id'] === 'garbage-1'), 'the dead letter');
      assert.match(garbage.headers[DEAD_LETTER_REASON_HEADER]!, /not a shine\.events\.v1\.EventEnvelope/);
    } finally {
      await subscription.stop();
    }
  });

  it('applies every event exactly once and keeps the latest analysis when the recommender is killed mid-batch', async () => {
    const subjects = ['e2e-kill-a', 'e2e-kill-b', 'e2e-kill-c'];
    const photos = ['astronaut.jpg', 'messi5.jpg', 'ai-face.jpg'];
    const latest = new Map<string, string>();
    const burst = (async () => {
      for (let round = 0; round < 3; round++) {
        for (const [index, subject] of subjects.entries()) latest.set(subject, (await analyze(photos[(index + round) % 3]!, subject)).id);
      }
    })();
    // Killed while the burst is being consumed: no chance to commit what it was doing.
    await new Promise((resolve) => setTimeout(resolve, 400));
    const restarted = stack.restart('recommender', 'SIGKILL');
    await burst;
    await restarted;
    for (const subject of subjects) {
      const recommendations = await readyFor(subject, latest.get(subject)!, 90_000);
      assert.equal(recommendations.revision, '3', `${subject}: one revision per analysis, none twice`);
    }
    const { rows } = await recommenderPool.query<{ n: number }>(`SELECT count(*)::int AS n FROM processed_events`);
    assert.equal(rows[0]!.n, 3 + 9, 'one processed event per analysis (three from the tests before), none twice');
  });

  it('erases the subject everywhere: no row in any database and no stream holds them', async () => {
    const made = await analyze('astronaut.jpg', 'e2e-erased');
    await readyFor('e2e-erased', made.id);
    const client = recommender();
    const stream = client.watchRecommendations({ subjectId: 'e2e-erased' });
    const ended = new Promise<void>((resolve, reject) => {
      stream.on('data', () => {});
      stream.on('end', resolve);
      stream.on('error', reject);
    });
    await unaryCall((done) => analysis.deleteSubject({ subjectId: 'e2e-erased' }, done));
    await ended;
    client.close();
    await eventually(async () => ((await recommendationsOf('e2e-erased')).state === RECOMMENDATIONS_STATE_READY ? undefined : true), 'the recommendations gone');
    const holding = async (pool: Pool, tables: Record<string, string>) => {
      const found: string[] = [];
      for (const [table, column] of Object.entries(tables)) {
        const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE ${column} = 'e2e-erased'`);
        if (rows[0]!.n > 0) found.push(table);
      }
      return found;
    };
    await eventually(async () => ((await holding(analysisPool, { analyses: 'subject_id', outbox: 'message_key' })).length === 0 ? true : undefined), 'the analysis database to forget the subject');
    assert.deepEqual(await holding(recommenderPool, { recommendations: 'subject_id', outbox: 'message_key' }), []);
  });

  it('keeps analyses while the broker is down and delivers their advice once it is back', { skip: onKafka ? false : 'only a broker can be stopped' }, async () => {
    await stack.stopBroker();
    const made = await analyze('messi5.jpg', 'e2e-broker-down');
    assert.equal(made.persisted, true, 'the analysis is stored while the broker is down');
    await stack.startBroker();
    await readyFor('e2e-broker-down', made.id, 120_000);
  });
});
