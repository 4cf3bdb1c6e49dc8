import { useEffect, useState } from 'preact/hooks';
import { eraseSubject, formatPrice, history, subjectOfToken, watchRecommendations, type Analysis, type Recommendations } from '../api.ts';
import { countOf, wordsOf } from '../words.ts';

interface SubjectPanelProps {
  token: string;
  onToken: (token: string) => void;
  /** Changes after each upload, so the history is read again. */
  uploads: number;
}

/**
 * Signed in with a token (`npm start` writes a development one to .data/dev-token): the subject's
 * past analyses, their recommendations arriving live after an upload, and "delete my data".
 */
export function SubjectPanel({ token, onToken, uploads }: SubjectPanelProps) {
  const subject = token ? subjectOfToken(token) : undefined;
  const [past, setPast] = useState<Analysis[]>([]);
  const [live, setLive] = useState<Recommendations>();
  const [message, setMessage] = useState<string>();
  const [erased, setErased] = useState<string>();

  useEffect(() => {
    if (!subject) return;
    history(subject, token).then(setPast, (error: Error) => setMessage(error.message));
  }, [subject, token, uploads]);

  useEffect(() => {
    if (!subject) return;
    const stop = new AbortController();
    void watchRecommendations(subject, token, stop.signal, setLive, setMessage);
    return () => stop.abort();
  }, [subject, token]);

  const erase = async () => {
    if (!subject || !confirm(`Delete every analysis and photo of ${subject}, and their recommendations?`)) return;
    try {
      const done = await eraseSubject(subject, token);
      setErased(`Deleted ${countOf(done.deletedAnalysisCount ?? 0, 'analysis', 'analyses')} and ${countOf(done.deletedPhotoCount ?? 0, 'photo', 'photos')} of ${subject}.`);
      setPast(await history(subject, token));
    } catch (error) {
      setMessage((error as Error).message);
    }
  };

  return (
    <section class="subject" aria-labelledby="subject-title">
      <h2 id="subject-title">Your history and recommendations</h2>
      <label>
        <span>
          Token (optional; <code>npm start</code> writes one to <code>.data/dev-token</code>)
        </span>
        <input type="password" autocomplete="off" value={token} onInput={(event) => onToken((event.target as HTMLInputElement).value.trim())} />
      </label>
      {token && !subject && <p class="error" role="alert">That does not look like a token: it should be three parts separated by dots.</p>}
      {message && <p class="error" role="alert">{message}</p>}
      {subject && (
        <>
          <p>
            Signed in as <strong>{subject}</strong>: your uploads are kept, and recommendations follow each one.
          </p>
          <div aria-live="polite">
            {live?.state === 'RECOMMENDATIONS_STATE_READY' ? (
              <div class="live">
                <h3>Recommended for you ({wordsOf(live.palette?.season, 'SEASON_')} colouring)</h3>
                <ul class="shades">
                  {(live.products ?? []).map((product) => (
                    <li>
                      <span class="swatch" style={{ background: product.match.shade.hex }} aria-hidden="true" />
                      <span>
                        <strong>{product.match.brand}</strong> {product.match.productName}, <em>{product.match.shade.name}</em>
                        <br />
                        {product.reason}
                        {product.match.price && ` · ${formatPrice(product.match.price)}`}
                      </span>
                    </li>
                  ))}
                </ul>
              </div>
            ) : (
              <p>No recommendations yet: upload a photo and they appear here within a second.</p>
            )}
          </div>
          <h3>Past analyses</h3>
          {past.length === 0 ? (
            <p>None.</p>
          ) : (
            <ul class="history">
              {past.map((analysis) => (
                <li>
                  <span class="swatch" style={{ background: analysis.skinTone.hex }} aria-hidden="true" />
                  {new Date(analysis.createTime).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })}: Monk {analysis.skinTone.monk}, {wordsOf(analysis.skinTone.undertone, 'UNDERTONE_')}
                </li>
              ))}
            </ul>
          )}
          <button type="button" class="button danger" onClick={() => void erase()}>
            Delete my data
          </button>
          {erased && <p role="status">{erased}</p>}
        </>
      )}
    </section>
  );
}
