// The vector selectors of a PromQL expression (`metric{matchers}`), for checking that an expression
// reads only metrics that exist and that each one has data. A small scanner, not a parser: enough
// for the expressions in monitoring/ (no string literals outside matchers, no subqueries).

export interface VectorSelector {
  /** The metric name. */
  readonly metric: string;
  /** The selector as written, without any range: `metric{a="b"}`, ready to query on its own. */
  readonly text: string;
}

const keywords = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'and', 'or', 'unless', 'bool', 'offset', 'inf', 'nan']);

export function vectorSelectors(expr: string): VectorSelector[] {
  // Label lists of aggregations and vector matching name labels, not metrics.
  const withoutLabelLists = expr.replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const found = new Map<string, VectorSelector>();
  for (const match of withoutLabelLists.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(\{[^}]*\})?(\s*\[[^\]]*\])?/g)) {
    const [whole, metric = '', matchers = ''] = match;
    const before = withoutLabelLists[match.index - 1] ?? '';
    const after = withoutLabelLists.slice(match.index + whole.length).trimStart();
    // Function and aggregation names are followed by "(", durations and numbers follow digits.
    if (keywords.has(metric.toLowerCase()) || (!matchers && after.startsWith('(')) || /[0-9.]/.test(before)) continue;
    const text = `${metric}${matchers}`;
    found.set(text, { metric, text });
  }
  return [...found.values()];
}
