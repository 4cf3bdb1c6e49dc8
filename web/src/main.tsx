import { render } from 'preact';
import { useState } from 'preact/hooks';
import { analyze, palette as fetchPalette, subjectOfToken, type Analysis, type Palette } from './api.ts';
import { AnalysisView } from './components/analysis-view.tsx';
import { PaletteView } from './components/palette-view.tsx';
import { PhotoPicker } from './components/photo-picker.tsx';
import { ShadeMatches } from './components/shade-matches.tsx';
import { SubjectPanel } from './components/subject-panel.tsx';

const TOKEN_KEY = 'shine.token';

function App() {
  const [token, setToken] = useState(() => sessionStorage.getItem(TOKEN_KEY) ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [result, setResult] = useState<{ analysis: Analysis; photo: Blob; palette?: Palette }>();
  const [uploads, setUploads] = useState(0);

  const keepToken = (value: string) => {
    setToken(value);
    if (value) sessionStorage.setItem(TOKEN_KEY, value);
    else sessionStorage.removeItem(TOKEN_KEY);
  };

  const measure = async (photo: Blob) => {
    setBusy(true);
    setError(undefined);
    // The last photo's result goes as the next is sent: under a refusal it would read as this one's.
    setResult(undefined);
    try {
      const subject = token ? subjectOfToken(token) : undefined;
      const analysis = await analyze(photo, subject, token || undefined);
      setResult({ analysis, photo });
      setUploads((count) => count + 1);
      const colours = await fetchPalette(analysis.skinTone);
      setResult({ analysis, photo, palette: colours });
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <header>
        <h1>Shine</h1>
        <p>Your skin tone measured from a photo, placed on the Monk Skin Tone scale, with the colours and foundation shades that suit it.</p>
      </header>
      <main>
        <PhotoPicker busy={busy} onPhoto={(photo) => void measure(photo)} />
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        {result && <AnalysisView analysis={result.analysis} photo={result.photo} />}
        {/* Shades before colours: a handful of priced matches, then the long palette (~60 swatches on a phone). */}
        {result && <ShadeMatches tone={result.analysis.skinTone} />}
        {result?.palette && <PaletteView palette={result.palette} />}
        <SubjectPanel token={token} onToken={keepToken} uploads={uploads} />
      </main>
      <footer>
        <a href="/docs">API documentation</a> · <a href="/openapi.json">OpenAPI</a>
      </footer>
    </>
  );
}

render(<App />, document.getElementById('app')!);
