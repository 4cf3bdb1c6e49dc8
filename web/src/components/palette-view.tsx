import type { Palette } from '../api.ts';
import { wordsOf } from '../words.ts';

/** The season and its clothing and make-up swatches, each with why it suits. */
export function PaletteView({ palette }: { palette: Palette }) {
  return (
    <section aria-labelledby="palette-title">
      <h2 id="palette-title">Your colours: {wordsOf(palette.season, 'SEASON_')}</h2>
      {palette.groups.map((group) => (
        <div class="group">
          <h3>
            {wordsOf(group.category, 'PALETTE_CATEGORY_')} · {wordsOf(group.kind, 'SWATCH_GROUP_KIND_')}
          </h3>
          <ul class="swatches">
            {group.swatches.map((swatch) => (
              <li title={swatch.reason}>
                <span class="swatch" style={{ background: swatch.hex }} aria-hidden="true" />
                <span class="name">{swatch.name}</span>
                <span class="reason">{swatch.reason}</span>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
