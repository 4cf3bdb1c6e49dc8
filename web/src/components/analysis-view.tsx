import { MONK_REFERENCES } from '@shine/color';
import { useEffect, useState } from 'preact/hooks';
import type { Analysis } from '../api.ts';
import { wordList } from '@shine/platform/word-list';
import { countOf, percent, wordsOf } from '../words.ts';

interface AnalysisViewProps {
  analysis: Analysis;
  photo: Blob;
}

/** The photo with the face found, the measured colour on the Monk scale, and what to know about it. */
export function AnalysisView({ analysis, photo }: AnalysisViewProps) {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    const made = URL.createObjectURL(photo);
    setUrl(made);
    return () => URL.revokeObjectURL(made);
  }, [photo]);
  const { skinTone: tone, face, image } = analysis;
  const box = face.boundingBox;
  return (
    <section class="analysis" aria-labelledby="analysis-title">
      <h2 id="analysis-title">Your skin tone</h2>
      <div class="analysis-grid">
        <figure class="photo">
          <div class="frame">
          {url && <img src={url} alt="The photo you sent" />}
          <svg viewBox={`0 0 ${image.width} ${image.height}`} preserveAspectRatio="none" aria-hidden="true">
            <rect x={box.x} y={box.y} width={box.width} height={box.height} class="face-box" />
            {analysis.regions.map(({ bounds }) =>
              bounds?.width ? <rect x={bounds.x ?? 0} y={bounds.y ?? 0} width={bounds.width} height={bounds.height ?? 0} class="region-box" /> : null,
            )}
          </svg>
          </div>
          <figcaption>
            The face measured{analysis.otherFaces?.length ? ` (the largest of ${analysis.otherFaces.length + 1})` : ''}, and the {countOf(analysis.regions.length, 'skin region', 'skin regions')} sampled ({wordList(analysis.regions.map((region) => wordsOf(region.region, 'SKIN_REGION_')), 'and')}).
          </figcaption>
        </figure>
        <div class="tone">
          <div class="measured">
            <span class="swatch large" style={{ background: tone.hex }} aria-hidden="true" />
            <p>
              <strong>Monk level {tone.monk}</strong> of 10, {wordsOf(tone.undertone, 'UNDERTONE_')} undertone
              <br />
              <abbr title="Individual Typology Angle: from lightness and yellowness together, so its class can read lighter or deeper than the Monk level, which follows lightness">ITA</abbr>{' '}
              {tone.itaDegrees.toFixed(0)}° ({wordsOf(tone.itaClass, 'ITA_CLASS_')}) · colour {tone.hex}
              <br />
              Confidence {percent(tone.confidence)}: the chance a person would judge your skin within one level of this.
            </p>
          </div>
          <ol class="monk-scale" aria-label="The Monk Skin Tone scale, with how likely each level is">
            {MONK_REFERENCES.map((reference) => {
              const probability = tone.monkProbabilities.find((entry) => entry.level === reference.level)?.probability ?? 0;
              return (
                <li class={reference.level === tone.monk ? 'chosen' : ''} aria-current={reference.level === tone.monk ? 'true' : undefined}>
                  <span class="swatch" style={{ background: reference.hex }} aria-hidden="true" />
                  <span class="level">{reference.level}</span>
                  <span class="bar" style={{ height: `${Math.round(probability * 100)}%` }} aria-hidden="true" />
                  <span class="visually-hidden">
                    level {reference.level}: {percent(probability)}
                  </span>
                </li>
              );
            })}
          </ol>
          {/* The list is labelled for screen readers; the bars need words for the eye too. */}
          <p class="scale-caption" aria-hidden="true">
            The bars: how likely each level is for your skin.
          </p>
          {analysis.warnings.length > 0 && (
            <ul class="warnings" aria-label="About this photo">
              {analysis.warnings.map((warning) => (
                <li>{warning.message}</li>
              ))}
            </ul>
          )}
          <details>
            <summary>Skin regions measured</summary>
            <ul class="regions">
              {analysis.regions.map((region) => (
                <li>
                  {wordsOf(region.region, 'SKIN_REGION_')}: L* {region.lab.l.toFixed(1)}, {region.pixelCount} pixels, ΔE00 {region.deltaE00ToCombined.toFixed(1)} from the whole
                </li>
              ))}
            </ul>
          </details>
        </div>
      </div>
    </section>
  );
}
