// The catalog and the analysis service together, each its own process on its own database, as
// deployed: MatchShades by analysis_id reads a real stored analysis made from a real photo.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { readTestPhoto } from '@shine/analysis/src/testing/test-photos.ts';
import { analysisV1, catalogV1, typeV1 } from '@shine/contracts';
import { createClient, newId } from '@shine/platform';
import { rejectsWithStatus, type ServiceProcess, startServiceProcess, unaryCall } from '@shine/platform/testing';
import { createTestDatabase, stopTestServer, type TestDatabase } from '@shine/postgres/testing';
import { serviceDir } from './support/service-dir.ts';


/** Metadata as the gateway sends it for a verified token. */
const onBehalfOf = (subject: string) => {
  const metadata = new grpc.Metadata();
  metadata.set('shine-subject-id', subject);
  return metadata;
};

describe('catalog MatchShades on stored analyses, with the real analysis service', () => {
  let analysisDatabase: TestDatabase;
  let catalogDatabase: TestDatabase;
  let analysisService: ServiceProcess;
  let catalogService: ServiceProcess;
  let analysis: analysisV1.AnalysisServiceClient;
  let catalog: catalogV1.CatalogServiceClient;
  /** Made by the real service from real photos: a guest's stored analysis and one of subject-7's. */
  let storedAnalysis: analysisV1.Analysis;
  let subjectAnalysis: analysisV1.Analysis;

  const matchShades = (request: Partial<catalogV1.MatchShadesRequest>, metadata = new grpc.Metadata()) =>
    unaryCall<catalogV1.MatchShadesResponse>((callback) => catalog.matchShades(catalogV1.MatchShadesRequest.fromPartial(request), metadata, callback));

  before(async () => {
    [analysisDatabase, catalogDatabase] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    analysisService = await startServiceProcess(serviceDir('analysis'), { DATABASE_URL: analysisDatabase.url, ANALYSIS_WORKERS: '1' });
    // The catalog seeds its generated catalogue into the empty database at start.
    catalogService = await startServiceProcess(serviceDir('catalog'), { DATABASE_URL: catalogDatabase.url, ANALYSIS_ADDRESS: `127.0.0.1:${analysisService.grpcPort}` });
    analysis = createClient(analysisV1.AnalysisServiceClient, `127.0.0.1:${analysisService.grpcPort}`);
    catalog = createClient(catalogV1.CatalogServiceClient, `127.0.0.1:${catalogService.grpcPort}`);
    const analyzeImage = async (photo: string, request: Partial<analysisV1.AnalyzeImageRequest>) => {
      const image = await readTestPhoto(photo);
      const response = await unaryCall<analysisV1.AnalyzeImageResponse>((callback) =>
        analysis.analyzeImage(analysisV1.AnalyzeImageRequest.fromPartial({ ...request, image }), callback),
      );
      return response.analysis!;
    };
    storedAnalysis = await analyzeImage('group-6.jpg', { persist: true });
    subjectAnalysis = await analyzeImage('astronaut.jpg', { subjectId: 'subject-7' });
  });

  after(async () => {
    catalog?.close();
    analysis?.close();
    await Promise.all([catalogService?.stop(), analysisService?.stop()]);
    await Promise.all([catalogDatabase?.drop(), analysisDatabase?.drop()]);
    await stopTestServer();
  });

  it("matches a subject's analysis only on behalf of that subject, forwarding the caller's subject", async () => {
    const response = await matchShades({ analysisId: subjectAnalysis.id }, onBehalfOf('subject-7'));
    assert.deepEqual(response.skinLab, subjectAnalysis.skinTone!.lab);
    // The real service's words for an analysis the caller may not read, the same as for a missing one.
    const notFound = new RegExp(`^analysisId: no analysis ${subjectAnalysis.id}: it never existed`);
    await rejectsWithStatus(matchShades({ analysisId: subjectAnalysis.id }, onBehalfOf('subject-8')), grpc.status.NOT_FOUND, notFound);
    await rejectsWithStatus(matchShades({ analysisId: subjectAnalysis.id }), grpc.status.NOT_FOUND, notFound);
  });

  it('matches the skin tone of a stored analysis, passes NOT_FOUND through, and says UNAVAILABLE when analysis is down', async () => {
    const measured = storedAnalysis.skinTone!;
    const other = measured.undertone === typeV1.Undertone.UNDERTONE_COOL ? typeV1.Undertone.UNDERTONE_WARM : typeV1.Undertone.UNDERTONE_COOL;
    const response = await matchShades({ analysisId: storedAnalysis.id, skinUndertone: other });
    assert.deepEqual(response.skinLab, measured.lab);
    assert.equal(response.skinUndertone, measured.undertone, 'the analysis brings its own undertone');
    assert.equal(response.matches.length, 5);

    const missing = newId();
    await rejectsWithStatus(matchShades({ analysisId: missing }), grpc.status.NOT_FOUND, new RegExp(`^analysisId: no analysis ${missing}: it never existed`));

    await analysisService.stop();
    await rejectsWithStatus(
      matchShades({ analysisId: storedAnalysis.id }),
      grpc.status.UNAVAILABLE,
      /the analysis service could not be reached to read analysis .*; try again, or send skinLab or skinHex instead/,
    );
  });
});
