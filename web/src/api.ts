// Shine's REST API as the page uses it: same origin only, every refusal turned into the sentence
// the API gives (a google.rpc.Status), never a blank or a stack.
import { sentence } from './words.ts';

export interface Lab {
  l: number;
  a: number;
  b: number;
}

export interface Analysis {
  id: string;
  subjectId?: string;
  createTime: string;
  skinTone: {
    lab: Lab;
    hex: string;
    itaDegrees: number;
    itaClass: string;
    monk: number;
    monkProbabilities: { level: number; probability: number }[];
    undertone: string;
    confidence: number;
  };
  face: { boundingBox: { x: number; y: number; width: number; height: number } };
  regions: { region: string; lab: Lab; pixelCount: number; deltaE00ToCombined: number; bounds?: { x?: number; y?: number; width?: number; height?: number } }[];
  warnings: { code: string; message: string }[];
  image: { width: number; height: number };
  otherFaces?: unknown[];
}

export interface Swatch {
  name: string;
  hex: string;
  reason: string;
}

export interface Palette {
  season: string;
  groups: { category: string; kind: string; swatches: Swatch[] }[];
}

export interface ShadeMatch {
  productId: string;
  brand: string;
  productName: string;
  category: string;
  shade: { name: string; hex: string };
  deltaE00: number;
  verdict: string;
  undertoneCompatibility?: string;
  /** The product's price. */
  price?: Price;
}

export interface Recommendations {
  subjectId: string;
  state: string;
  analysisId?: string;
  revision?: string;
  palette?: Palette;
  products?: { match: ShadeMatch; reason: string }[];
}

/** A refusal or failure, with the API's own sentence. */
export class ApiError extends Error {
  readonly status: number;

  constructor(message: string, status: number) {
    super(message);
    this.status = status;
  }
}

async function call<T>(path: string, init: RequestInit = {}, token?: string): Promise<T> {
  const headers = new Headers(init.headers);
  if (token) headers.set('authorization', `Bearer ${token}`);
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers });
  } catch {
    throw new ApiError('Shine could not be reached. Is it running? Try again in a moment.', 0);
  }
  const text = await response.text();
  const body = text === '' ? undefined : safeJson(text);
  if (!response.ok) {
    const message = (body as { message?: string } | undefined)?.message;
    throw new ApiError(message ? sentence(message) : `Shine answered ${response.status} ${response.statusText}.`, response.status);
  }
  return body as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { message: text.slice(0, 300) };
  }
}

export function analyze(photo: Blob, subjectId: string | undefined, token: string | undefined): Promise<Analysis> {
  const form = new FormData();
  form.set('image', photo, 'photo');
  if (subjectId) form.set('subjectId', subjectId);
  return call('/v1/analyses', { method: 'POST', body: form }, token);
}

export function palette(tone: Analysis['skinTone']): Promise<Palette> {
  const query = new URLSearchParams({
    monk: String(tone.monk),
    undertone: tone.undertone,
    'skinLab.l': String(tone.lab.l),
    'skinLab.a': String(tone.lab.a),
    'skinLab.b': String(tone.lab.b),
  });
  return call(`/v1/palettes?${query}`);
}

/** The nearest in-stock shades, of some brands (or all) and, with a budget, of products costing at most that much. */
export async function shadeMatches(tone: Analysis['skinTone'], brands: string[], maxPrice?: Price): Promise<ShadeMatch[]> {
  const body = JSON.stringify({ skinLab: tone.lab, skinUndertone: tone.undertone, maxMatches: 12, brands, inStockOnly: true, maxPrice });
  const answer = await call<{ matches: ShadeMatch[] }>('/v1/shade-matches', { method: 'POST', body, headers: { 'content-type': 'application/json' } });
  return answer.matches ?? [];
}

export interface Price {
  currencyCode: string;
  units?: string;
  nanos?: number;
}

/** "USD 34.99" */
export function formatPrice(price: Price): string {
  return `${price.currencyCode} ${amountOf(price).toFixed(2)}`;
}

/** A budget such as "up to USD 25" as the API's Money. */
export function priceLimit(currencyCode: string, amount: number): Price {
  return { currencyCode, units: String(amount), nanos: 0 };
}

function amountOf(price: Price): number {
  return Number(price.units ?? 0) + (price.nanos ?? 0) / 1e9;
}

export async function history(subjectId: string, token: string): Promise<Analysis[]> {
  const answer = await call<{ analyses?: Analysis[] }>(`/v1/subjects/${encodeURIComponent(subjectId)}/analyses?pageSize=10`, {}, token);
  return answer.analyses ?? [];
}

export function eraseSubject(subjectId: string, token: string): Promise<{ deletedAnalysisCount: number; deletedPhotoCount: number }> {
  return call(`/v1/subjects/${encodeURIComponent(subjectId)}`, { method: 'DELETE' }, token);
}

/**
 * The subject's recommendations as they change: the current set at once, then each new one
 * (server-sent events, read with fetch because EventSource cannot send the token). Stops when
 * `signal` aborts; `onError` gets the API's sentence when the stream is refused or fails.
 */
export async function watchRecommendations(subjectId: string, token: string, signal: AbortSignal, onSet: (set: Recommendations) => void, onError: (message: string) => void): Promise<void> {
  let response: Response;
  try {
    response = await fetch(`/v1/subjects/${encodeURIComponent(subjectId)}/recommendations:watch`, {
      headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
      signal,
    });
  } catch {
    if (!signal.aborted) onError('The live recommendations could not be reached.');
    return;
  }
  if (!response.ok || !response.body) {
    const body = safeJson(await response.text()) as { message?: string };
    onError(body.message ? sentence(body.message) : `Shine answered ${response.status}.`);
    return;
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffered += value;
      for (let end = buffered.indexOf('\n\n'); end >= 0; end = buffered.indexOf('\n\n')) {
        const block = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (!data) continue;
        if (event === 'message') onSet(JSON.parse(data) as Recommendations);
        else if (event === 'error') onError(sentence((safeJson(data) as { message?: string }).message ?? 'The live recommendations stopped.'));
      }
    }
  } catch {
    if (!signal.aborted) onError('The live recommendations stopped; reload to see the latest.');
  }
}

/** The `sub` of a JWT, read without checking it (the API checks it): whose data the page shows. */
export function subjectOfToken(token: string): string | undefined {
  try {
    const payload = JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { sub?: unknown };
    return typeof payload.sub === 'string' ? payload.sub : undefined;
  } catch {
    return undefined;
  }
}
