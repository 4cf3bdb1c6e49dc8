// Debian's `prometheus` package (promtool with it), for the tests of monitoring/. .ci/run installs it.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const monitoring = fileURLToPath(new URL('../../monitoring', import.meta.url));

const installed = (command: string) => spawnSync(command, ['--version'], { stdio: 'ignore' }).status === 0;
export const promtool = [process.env['PROMTOOL'], 'promtool'].find((candidate) => candidate && installed(candidate));
export const prometheus = [process.env['PROMETHEUS'], 'prometheus'].find((candidate) => candidate && installed(candidate));

/** Skip outside CI when the tools are absent; under CI=true a missing tool fails the tests instead. */
export const skipWithoutPrometheus = (!promtool || !prometheus) && !process.env['CI'] ? 'no prometheus/promtool here (apt-get install prometheus)' : false;
