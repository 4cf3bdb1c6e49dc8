// The Kafka broker stopped for 30 s while 300 photos are uploaded through the gateway: uploads go
// on (events wait in the outbox), and once the broker is back every analysis reaches the
// recommender exactly once: none missing, none applied twice.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readTestPhoto } from '@shine/analysis/src/testing/test-photos.ts';
import { localKafkaUnavailable } from '@shine/events/local-kafka';
import { createPool, type Pool } from '@shine/postgres';
import { eventually } from '../support/eventually.ts';
import { photoUpload, requestOutcome, tally, unexpected, withConcurrency, type RequestOutcome } from '../support/request-outcome.ts';
import { startShineStack, type ShineStack } from '../support/shine-stack.ts';

const onKafka = !localKafkaUnavailable() || Boolean(process.env['CI']);
const photos = ['astronaut.jpg', 'messi5.jpg', 'ai-face.jpg'];
const uploadCount = 300;
const brokerDownMs = 30_000;
/** Past the upload deadline (30 s): an answer this late is a hang. */
const hungAfterMs = 35_000;

describe('the Kafka broker stopped during uploads', { timeout: 300_000, skip: onKafka ? false : 'only a broker can be stopped (no Java here; CI always has it)' }, () => {
  let stack: ShineStack;
  let recommenderDb: Pool;

  before(async () => {
    // Warnings and errors kept (not debug: 300 uploads), so a failure can show what the event path said.
    const warnings = { LOG_LEVEL: 'warn' };
    stack = await startShineStack({ kafka: true, captureLogs: true, env: { analysis: warnings, recommender: warnings, gateway: warnings, catalog: warnings, palette: warnings } });
    recommenderDb = createPool({ connectionString: stack.databaseUrls.recommender, applicationName: 'faults', onIdleError: () => {} });
  });
  after(async () => {
    await recommenderDb?.end();
    await stack?.stop();
  });

  it(`delivers each of ${uploadCount} analyses to the recommender exactly once after ${brokerDownMs / 1000} s without a broker`, async () => {
    const images = await Promise.all(photos.map((name) => readTestPhoto(name)));
    let answered = 0;
    // The broker goes down once a sixth of the uploads are in, and comes back 30 s later, uploads going on meanwhile.
    let outage: Promise<void> | undefined;
    let uploadedWhileDown = 0;
    let brokerDown = false;
    const stopForAWhile = async () => {
      await stack.stopBroker();
      brokerDown = true;
      await new Promise((resolve) => setTimeout(resolve, brokerDownMs));
      brokerDown = false;
      await stack.startBroker();
    };
    const outcomes: RequestOutcome[] = await withConcurrency(uploadCount, 3, async (index) => {
      const subject = `broker-${index}`;
      const authorization = `Bearer ${await stack.token(subject)}`;
      const outcome = await requestOutcome(`${stack.origin}/v1/analyses`, photoUpload(images[index % images.length]!, photos[index % photos.length]!, subject, authorization), hungAfterMs);
      if (++answered === uploadCount / 6) outage = stopForAWhile();
      if (brokerDown) uploadedWhileDown++;
      return outcome;
    });
    await outage;
    assert.deepEqual(unexpected(outcomes, ({ status }) => status === 200), [], `every upload is stored whatever the broker does (${tally(outcomes)})`);
    assert.ok(uploadedWhileDown > 0, 'uploads were answered while the broker was down');

    const sent = new Map(outcomes.map((outcome, index) => [`broker-${index}`, outcome.kind === 'answer' ? (JSON.parse(outcome.body) as { id: string }).id : '']));
    const delivered = async () => {
      const { rows } = await recommenderDb.query<{ subject_id: string; analysis_id: string; revision: string }>(
        `SELECT subject_id, analysis_id::text, revision::text FROM recommendations WHERE subject_id LIKE 'broker-%'`,
      );
      return new Map(rows.map((row) => [row.subject_id, row]));
    };
    let missing: string[] = [];
    try {
      await eventually(async () => {
        const have = await delivered();
        missing = [...sent].filter(([subject, id]) => have.get(subject)?.analysis_id !== id).map(([subject]) => subject);
        return missing.length === 0 ? true : undefined;
      }, 'every analysis to reach the recommender', 120_000);
    } catch (error) {
      const recommender = stack.services.recommender.child;
      const state = recommender.exitCode === null && recommender.signalCode === null ? 'still running' : `exited (${recommender.exitCode ?? recommender.signalCode})`;
      throw new Error(
        `${missing.length} of ${uploadCount} analyses never reached the recommender (${state}), e.g. ${missing.slice(0, 5).join(', ')}\n` +
          `the event path's last warnings and errors:\n${eventPathLog(stack.logs())}`,
        { cause: error },
      );
    }
    const twice = [...(await delivered()).values()].filter((row) => row.revision !== '1').map((row) => `${row.subject_id} (revision ${row.revision})`);
    assert.deepEqual(twice, [], 'no analysis applied twice: one revision per subject');
    const { rows } = await recommenderDb.query<{ n: number }>('SELECT count(*)::int AS n FROM processed_events');
    assert.equal(rows[0]!.n, uploadCount, 'one processed event per analysis');
  });
});

/** The analysis (outbox relay) and recommender (consumer) log lines, last 60, cut to 400 characters each. */
function eventPathLog(logs: string): string {
  return logs
    .split('\n')
    .filter((line) => /"service":"(analysis|recommender)"/.test(line))
    .slice(-60)
    .map((line) => line.slice(0, 400))
    .join('\n');
}
