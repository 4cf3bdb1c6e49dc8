// Strict, standalone JSON schemas for kubeconform, made offline: Kubernetes' kinds from its OpenAPI
// (swagger.json in the k8s.io/kubernetes module) and custom kinds from their CRDs. Strict means an
// object with known properties refuses any other, so a misspelt field fails validation.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

type Schema = Record<string, any>;

export interface Kind {
  apiVersion: string;
  kind: string;
}

/** kubeconform's -schema-location for a folder this module filled. */
export const schemaLocation = (dir: string) => `${dir}/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json`;

/** Writes a schema for each kind found in the sources; returns the kinds that have none. */
export function writeKubeconformSchemas(dir: string, kinds: Kind[], sources: { swagger: string; crds: string[] }): Kind[] {
  const available = new Map<string, () => Schema>();
  const definitions: Record<string, Schema> = JSON.parse(readFileSync(sources.swagger, 'utf8')).definitions;
  for (const [name, definition] of Object.entries(definitions)) {
    for (const gvk of definition['x-kubernetes-group-version-kind'] ?? []) {
      available.set(key(gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version, gvk.kind), () => strict(inlineRefs(definitions, name)));
    }
  }
  for (const file of sources.crds) {
    for (const document of parseAllDocuments(readFileSync(file, 'utf8'))) {
      const crd = document.toJS();
      if (crd?.kind !== 'CustomResourceDefinition') continue;
      for (const version of crd.spec.versions) {
        available.set(key(`${crd.spec.group}/${version.name}`, crd.spec.names.kind), () => strict(version.schema.openAPIV3Schema));
      }
    }
  }
  const missing: Kind[] = [];
  for (const { apiVersion, kind } of kinds) {
    const schema = available.get(key(apiVersion, kind));
    if (!schema) {
      missing.push({ apiVersion, kind });
      continue;
    }
    // The path kubeconform's template gives: Group is apiVersion's first part ("v1" for the core group).
    const [group] = apiVersion.split('/');
    const version = apiVersion.split('/').at(-1)!;
    mkdirSync(join(dir, group!), { recursive: true });
    writeFileSync(join(dir, group!, `${kind.toLowerCase()}_${version}.json`), JSON.stringify(schema()));
  }
  return missing;
}

const key = (apiVersion: string, kind: string) => `${apiVersion} ${kind}`;

/** An OpenAPI v2 definition with every $ref inlined; a reference back into itself is left open. */
function inlineRefs(definitions: Record<string, Schema>, name: string, outer: string[] = []): Schema {
  const path = [...outer, name];
  const inline = (node: Schema): Schema => {
    if (Array.isArray(node)) return node.map(inline);
    if (node === null || typeof node !== 'object') return node;
    if (typeof node['$ref'] === 'string') {
      const target = node['$ref'].replace('#/definitions/', '');
      return path.includes(target) ? {} : inlineRefs(definitions, target, path);
    }
    if (node['format'] === 'int-or-string') return { oneOf: [{ type: 'string' }, { type: 'integer' }] };
    return Object.fromEntries(Object.entries(node).map(([field, value]) => [field, field === 'properties' ? mapValues(value, inline) : inline(value)]));
  };
  return inline(definitions[name]!);
}

/** additionalProperties: false wherever an object lists its properties and keeps no unknown fields. */
function strict(node: Schema): Schema {
  if (Array.isArray(node)) return node.map(strict);
  if (node === null || typeof node !== 'object') return node;
  const copy: Schema = Object.fromEntries(Object.entries(node).map(([field, value]) => [field, field === 'properties' ? mapValues(value, strict) : strict(value)]));
  if (copy['properties'] && copy['additionalProperties'] === undefined && !copy['x-kubernetes-preserve-unknown-fields']) copy['additionalProperties'] = false;
  return copy;
}

const mapValues = (object: Schema, map: (value: Schema) => Schema) => Object.fromEntries(Object.entries(object).map(([name, value]) => [name, map(value)]));
