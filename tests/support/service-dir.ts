import { fileURLToPath } from 'node:url';

/** The folder of a Shine service in this checkout, for startServiceProcess. */
export function serviceDir(name: string): string {
  return fileURLToPath(new URL(`../../services/${name}/`, import.meta.url));
}
