export interface ProgressBar {
  update(done: number, total: number): void;
  finish(): void;
}

const WIDTH = 30;

/**
 * A one-line progress bar on a terminal ("importing [#########-----] 62% 1 050/1 692 shades"),
 * redrawn at most ten times a second; on anything else (a log file, CI) a line per tenth.
 */
export function progressBar(label: string, unit: string, stream: NodeJS.WriteStream = process.stderr): ProgressBar {
  let lastDraw = 0;
  let lastTenth = -1;
  let drawn = false;
  const format = (done: number, total: number) => {
    const fraction = total === 0 ? 1 : done / total;
    const filled = Math.round(fraction * WIDTH);
    const count = `${done.toLocaleString('en')}/${total.toLocaleString('en')} ${unit}`;
    return `${label} [${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}% ${count}`;
  };
  return {
    update: (done, total) => {
      if (stream.isTTY) {
        const now = Date.now();
        if (now - lastDraw < 100 && done < total) return;
        lastDraw = now;
        stream.write(`\r${format(done, total)}`);
        drawn = true;
        return;
      }
      const tenth = total === 0 ? 10 : Math.floor((done / total) * 10);
      if (tenth === lastTenth) return;
      lastTenth = tenth;
      stream.write(`${format(done, total)}\n`);
    },
    finish: () => {
      if (drawn) stream.write('\n');
    },
  };
}
