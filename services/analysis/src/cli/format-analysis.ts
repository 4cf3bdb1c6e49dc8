import { analysisV1, typeV1 } from '@shine/contracts';

/** A person-readable report of one analysis, for the terminal; `color` draws the skin swatch in 24-bit colour. */
export function formatAnalysis(name: string, analysis: analysisV1.Analysis, options: { color: boolean }): string {
  const tone = analysis.skinTone;
  if (!tone) return `${name}: no measurement\n`;
  const lines: string[] = [];
  const image = analysis.image;
  const faces = 1 + analysis.otherFaces.length;
  lines.push(
    `${name}  ${image ? `${image.width}×${image.height} ${enumWord(analysisV1.imageFormatToJSON(image.format), 'IMAGE_FORMAT_')}` : ''}` +
      `, ${faces === 1 ? '1 face' : `${faces} faces (the largest measured)`}`,
  );
  lines.push('');
  const swatch = options.color ? `${background(tone.hex)}      \x1b[0m  ` : '';
  const likely = [...tone.monkProbabilities]
    .sort((a, b) => b.probability - a.probability)
    .slice(0, 3)
    .map((entry) => `${entry.level}: ${Math.round(entry.probability * 100)}%`)
    .join(' · ');
  lines.push(`  ${swatch}Monk Skin Tone ${tone.monk} of 10   (${likely})`);
  lines.push(`  ${options.color ? '        ' : ''}${tone.hex}   L* ${fixed(tone.lab?.l)}  a* ${fixed(tone.lab?.a)}  b* ${fixed(tone.lab?.b)}`);
  lines.push(
    `  ITA° ${fixed(tone.itaDegrees)} (${enumWord(analysisV1.itaClassToJSON(tone.itaClass), 'ITA_CLASS_')})` +
      ` · Fitzpatrick ${enumWord(analysisV1.fitzpatrickTypeToJSON(tone.fitzpatrick), 'FITZPATRICK_TYPE_').toUpperCase()}` +
      ` · undertone ${enumWord(typeV1.undertoneToJSON(tone.undertone), 'UNDERTONE_')}`,
  );
  // Said as the page says it: the chance of the three levels around the answer, not of the answer alone.
  lines.push(`  confidence ${tone.confidence.toFixed(2)}: the chance a person would judge this skin within one level of ${tone.monk}`);
  lines.push('');
  const lighting = analysis.lighting;
  if (lighting) {
    const light = lighting.cctKelvin > 0 ? `about ${Math.round(lighting.cctKelvin / 100) * 100} K` : 'not measurable';
    lines.push(
      `  light ${light}${lighting.adapted ? ', corrected to daylight' : ''} · exposure ${enumWord(analysisV1.exposureToJSON(lighting.exposure), 'EXPOSURE_')}`,
    );
  }
  if (analysis.regions.length > 0) {
    const regions = analysis.regions
      .map((region) => `${enumWord(analysisV1.skinRegionToJSON(region.region), 'SKIN_REGION_')} ΔE ${region.deltaE00ToCombined.toFixed(1)}`)
      .join(' · ');
    lines.push(`  regions ${regions}`);
  }
  if (analysis.warnings.length > 0) {
    lines.push('');
    for (const warning of analysis.warnings) lines.push(`  ! ${warning.message}`);
  }
  return `${lines.join('\n')}\n`;
}

function background(hex: string): string {
  const value = Number.parseInt(hex.slice(1), 16);
  return `\x1b[48;2;${(value >> 16) & 255};${(value >> 8) & 255};${value & 255}m`;
}

function enumWord(name: string, prefix: string): string {
  return name.replace(prefix, '').toLowerCase().replaceAll('_', ' ');
}

function fixed(value: number | undefined): string {
  return (value ?? 0).toFixed(1);
}
