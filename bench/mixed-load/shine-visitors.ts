// The requests of each route kind through the gateway, made from what a first round of real
// uploads returned: signed-in subjects with their analyses (for shade matches and recommendations),
// the measured tones (for palettes), and product ids (for product pages).
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { FACE_PHOTOS, testPhotoPath } from '@shine/analysis/src/testing/test-photos.ts';
import type { HttpCall } from './http-send.ts';
import { multipartBody } from './http-send.ts';
import type { RouteKind } from './route-mix.ts';

interface SkinTone {
  monk: number;
  undertone: string;
  lab: { l: number; a: number; b: number };
}

export interface Visitors {
  /** The call of the n-th request of `kind`. */
  call(kind: RouteKind, index: number): HttpCall;
  /** Signs every subject in again: the stack's tokens last 10 minutes, a soak longer. */
  renewTokens(): Promise<void>;
  readonly photos: number;
  readonly subjects: number;
  readonly products: number;
}

interface Subject {
  id: string;
  authorization: string;
}

const imageTypes: Record<string, string> = { '.jpg': 'image/jpeg', '.png': 'image/png' };

/**
 * Signs in `subjectCount` subjects, uploads every test photo once (round-robin over the subjects,
 * which also warms the analysis models), and reads the first products. Throws when any answer is
 * not 200: the mix would measure failures.
 */
export async function prepareVisitors(origin: string, token: (subject: string) => Promise<string>, subjectCount: number): Promise<Visitors> {
  const subjects: Subject[] = [];
  for (let index = 0; index < subjectCount; index++) {
    const id = `bench-visitor-${index}`;
    subjects.push({ id, authorization: `Bearer ${await token(id)}` });
  }
  const photos = await Promise.all(
    FACE_PHOTOS.map(async ({ name }) => ({ name, type: imageTypes[extname(name)] ?? 'application/octet-stream', bytes: await readFile(testPhotoPath(name)) })),
  );
  const upload = (photoIndex: number, subject: Subject): HttpCall => {
    const photo = photos[photoIndex % photos.length]!;
    const { contentType, body } = multipartBody({ subjectId: subject.id }, { field: 'image', ...photo });
    return { method: 'POST', path: '/v1/analyses', headers: { authorization: subject.authorization, 'content-type': contentType }, body };
  };
  const analyses: Array<{ id: string; subject: Subject; skinTone: SkinTone }> = [];
  for (let index = 0; index < Math.max(photos.length, subjects.length); index++) {
    const subject = subjects[index % subjects.length]!;
    const stored = await answer<{ id: string; skinTone: SkinTone }>(origin, upload(index, subject));
    analyses.push({ id: stored.id, subject, skinTone: stored.skinTone });
  }
  const listed = await answer<{ products?: Array<{ id: string }> }>(origin, { method: 'GET', path: '/v1/products?pageSize=100' });
  const productIds = (listed.products ?? []).map((product) => product.id);
  if (productIds.length === 0) throw new Error('the catalog lists no products: product pages cannot be measured (is SEED_WHEN_EMPTY off?)');

  const json = (value: unknown) => Buffer.from(JSON.stringify(value));
  return {
    async renewTokens() {
      for (const subject of subjects) subject.authorization = `Bearer ${await token(subject.id)}`;
    },
    photos: photos.length,
    subjects: subjects.length,
    products: productIds.length,
    call(kind, index) {
      const analysis = analyses[index % analyses.length]!;
      switch (kind) {
        case 'upload':
          return upload(index, subjects[index % subjects.length]!);
        case 'palette': {
          const { monk, undertone, lab } = analysis.skinTone;
          const query = new URLSearchParams({ monk: String(monk), undertone, 'skinLab.l': String(lab.l), 'skinLab.a': String(lab.a), 'skinLab.b': String(lab.b) });
          return { method: 'GET', path: `/v1/palettes?${query}` };
        }
        case 'shade_match':
          return {
            method: 'POST',
            path: '/v1/shade-matches',
            headers: { authorization: analysis.subject.authorization, 'content-type': 'application/json' },
            body: json({ analysisId: analysis.id, maxMatches: 5 }),
          };
        case 'product_list':
          return { method: 'GET', path: `/v1/products?pageSize=20&category=${['PRODUCT_CATEGORY_FOUNDATION', 'PRODUCT_CATEGORY_CONCEALER'][index % 2]}` };
        case 'product_page':
          return { method: 'GET', path: `/v1/products/${productIds[index % productIds.length]}` };
        case 'recommendations':
          return { method: 'GET', path: `/v1/subjects/${analysis.subject.id}/recommendations`, headers: { authorization: analysis.subject.authorization } };
      }
    },
  };
}

async function answer<T>(origin: string, call: HttpCall): Promise<T> {
  const response = await fetch(new URL(call.path, origin), { method: call.method, headers: call.headers ?? {}, ...(call.body ? { body: call.body } : {}) });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${call.method} ${call.path.split('?')[0]} answered ${response.status} while preparing the visitors: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}
