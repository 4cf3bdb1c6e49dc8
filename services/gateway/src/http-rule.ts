import { getOption, hasOption, type DescExtension, type DescMethod, type Registry } from '@bufbuild/protobuf';

/** One REST binding of an RPC: the rule itself or one of its `additional_bindings`. */
export interface HttpBinding {
  /** "GET", "POST", … or the `custom` kind as written. */
  httpMethod: string;
  path: string;
  /** "" (no body), "*" (every field not bound by the path) or a top-level field name. */
  body: string;
  /** "" for the whole response, or the top-level field the HTTP body is made of. */
  responseBody: string;
}

/** The `google.api.http` option as a dynamic message read from the descriptors (no generated code). */
interface HttpRuleMessage {
  pattern: { case: 'get' | 'put' | 'post' | 'delete' | 'patch'; value: string } | { case: 'custom'; value: { kind: string; path: string } } | { case: undefined };
  body: string;
  responseBody: string;
  additionalBindings: HttpRuleMessage[];
}

/** The `google.api.http` extension, found by name in the descriptor set that defines it. */
export function httpRuleExtension(registry: Registry): DescExtension | undefined {
  return registry.getExtension('google.api.http');
}

/** Every binding of a method, the main rule first; none when the method has no annotation. */
export function httpBindingsOf(method: DescMethod, extension: DescExtension): HttpBinding[] {
  if (!hasOption(method, extension)) return [];
  const rule = getOption(method, extension) as unknown as HttpRuleMessage;
  const bindings: HttpBinding[] = [];
  const visit = (current: HttpRuleMessage, nested: boolean) => {
    const binding = toBinding(current, method);
    if (binding) bindings.push(binding);
    // http.proto: additional bindings must not nest further.
    if (!nested) for (const additional of current.additionalBindings) visit(additional, true);
  };
  visit(rule, false);
  return bindings;
}

function toBinding(rule: HttpRuleMessage, method: DescMethod): HttpBinding | undefined {
  const pattern = rule.pattern;
  if (pattern.case === undefined) {
    if (rule.additionalBindings.length > 0) return undefined;
    throw new Error(`${method.parent.typeName}.${method.name}: google.api.http has no pattern`);
  }
  const [httpMethod, path] =
    pattern.case === 'custom' ? [pattern.value.kind.toUpperCase(), pattern.value.path] : [pattern.case.toUpperCase(), pattern.value];
  return { httpMethod, path, body: rule.body, responseBody: rule.responseBody };
}
