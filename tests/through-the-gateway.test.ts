// Shine the way a client meets it: REST through the gateway to every service as its own process.
// Each test photo is measured (multipart, and the old app's route), read back, turned into palettes
// and shade matches, followed by live recommendations; then the subject is erased and gone.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { FACE_PHOTOS, testPhotoPath } from '@shine/analysis/src/testing/test-photos.ts';
import { startShineStack, type ShineStack } from './support/shine-stack.ts';

interface Box {
  x?: number;
  y?: number;
  width: number;
  height: number;
}

interface AnalysisJson {
  id: string;
  subjectId?: string;
  skinTone: { monk: number; undertone: string; lab: { l: number; a: number; b: number }; confidence: number };
  image: { width: number; height: number };
  face: { boundingBox: Box };
  regions: { region: string; bounds: Box }[];
}

/** Whether `inner` lies inside `outer` widened by `margin` on every side. */
const inside = (inner: Box, outer: Box, margin = 0) =>
  (inner.x ?? 0) >= (outer.x ?? 0) - margin &&
  (inner.y ?? 0) >= (outer.y ?? 0) - margin &&
  (inner.x ?? 0) + inner.width <= (outer.x ?? 0) + outer.width + margin &&
  (inner.y ?? 0) + inner.height <= (outer.y ?? 0) + outer.height + margin;

describe('Shine through the gateway, every service a process', { timeout: 600_000 }, () => {
  let stack: ShineStack;
  const subject = 'gateway-e2e-subject';
  let authorization: string;
  const made: AnalysisJson[] = [];

  const json = async <T>(path: string, init: RequestInit = {}): Promise<{ status: number; body: T }> => {
    const response = await fetch(`${stack.origin}${path}`, init);
    return { status: response.status, body: (await response.json()) as T };
  };

  before(async () => {
    stack = await startShineStack();
    authorization = `Bearer ${await stack.token(subject)}`;
  });
  after(() => stack?.stop());

  it('measures each test photo through multipart uploads, the guest route of the old app, and reads each back', async () => {
    for (const { name } of FACE_PHOTOS) {
      const photo = new Blob([await readFile(testPhotoPath(name))]);
      const form = new FormData();
      form.set('image', photo, name);
      form.set('subjectId', subject);
      const stored = await json<AnalysisJson>('/v1/analyses', { method: 'POST', headers: { authorization }, body: form });
      assert.equal(stored.status, 200, `${name}: ${JSON.stringify(stored.body).slice(0, 300)}`);
      assert.equal(stored.body.subjectId, subject);
      assert.ok(stored.body.skinTone.monk >= 1 && stored.body.skinTone.monk <= 10, name);
      made.push(stored.body);
      // Each measured region is located on the face, for a client to draw.
      const { face, image, regions } = stored.body;
      assert.ok(regions.length >= 1, name);
      for (const { region, bounds } of regions) {
        assert.ok(bounds.width > 0 && bounds.height > 0, `${name} ${region} has an area`);
        assert.ok(inside(bounds, { width: image.width, height: image.height }), `${name} ${region} inside the image`);
        assert.ok(inside(bounds, face.boundingBox, face.boundingBox.width * 0.25), `${name} ${region} on the face`);
      }
      const read = await json<AnalysisJson>(`/v1/analyses/${stored.body.id}`, { headers: { authorization } });
      assert.equal(read.status, 200);
      assert.deepEqual(read.body.skinTone, stored.body.skinTone, `${name} reads back as measured`);

      const guestForm = new FormData();
      guestForm.set('image', photo, name);
      const guest = await json<AnalysisJson>('/api/v2/analyze/guest', { method: 'POST', body: guestForm });
      assert.equal(guest.status, 200, `${name} on the old app's route`);
      assert.equal(guest.body.skinTone.monk, stored.body.skinTone.monk, `${name}: the same answer on both routes`);
    }
  });

  it("gives palettes and shade matches for each measured tone", async () => {
    for (const analysis of made) {
      const { lab, monk, undertone } = analysis.skinTone;
      const query = new URLSearchParams({ monk: String(monk), undertone, 'skinLab.l': String(lab.l), 'skinLab.a': String(lab.a), 'skinLab.b': String(lab.b) });
      const palette = await json<{ season: string; groups: unknown[] }>(`/v1/palettes?${query}`);
      assert.equal(palette.status, 200);
      assert.match(palette.body.season, /^SEASON_/);
      assert.ok(palette.body.groups.length > 0);
      const matches = await json<{ matches: { deltaE00: number; verdict: string }[] }>('/v1/shade-matches', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ analysisId: analysis.id }),
      });
      // The catalog reads the stored analysis on the caller's behalf: without the token it is not theirs to read.
      assert.equal(matches.status, 404);
      const own = await json<{ matches: { deltaE00: number; verdict: string }[] }>('/v1/shade-matches', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: JSON.stringify({ analysisId: analysis.id, maxMatches: 3 }),
      });
      assert.equal(own.status, 200);
      assert.equal(own.body.matches.length, 3);
      assert.ok(own.body.matches[0]!.deltaE00 <= own.body.matches[2]!.deltaE00, 'nearest first');
    }
  });

  it("shows the latest analysis's recommendations, then erases the subject: 404s afterwards", async () => {
    const latest = made.at(-1)!;
    let recommendations: { state: string; analysisId: string } | undefined;
    for (let attempt = 0; attempt < 100 && recommendations?.analysisId !== latest.id; attempt++) {
      recommendations = (await json<{ state: string; analysisId: string }>(`/v1/subjects/${subject}/recommendations`, { headers: { authorization } })).body;
      if (recommendations.analysisId !== latest.id) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.equal(recommendations?.state, 'RECOMMENDATIONS_STATE_READY', `on ${stack.events}`);
    const erased = await json<{ deletedAnalysisCount: number }>(`/v1/subjects/${subject}`, { method: 'DELETE', headers: { authorization } });
    assert.equal(erased.status, 200);
    assert.equal(erased.body.deletedAnalysisCount, made.length);
    for (const analysis of made) assert.equal((await json(`/v1/analyses/${analysis.id}`, { headers: { authorization } })).status, 404);
    const listed = await json<{ analyses?: unknown[] }>(`/v1/subjects/${subject}/analyses`, { headers: { authorization } });
    assert.deepEqual(listed.body.analyses ?? [], []);
    let state = '';
    for (let attempt = 0; attempt < 100 && state !== 'RECOMMENDATIONS_STATE_PENDING'; attempt++) {
      state = (await json<{ state: string }>(`/v1/subjects/${subject}/recommendations`, { headers: { authorization } })).body.state;
      if (state !== 'RECOMMENDATIONS_STATE_PENDING') await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.equal(state, 'RECOMMENDATIONS_STATE_PENDING', 'the recommendations are gone too');
  });
});
