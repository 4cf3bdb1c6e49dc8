import type { z } from 'zod';

// zod's own words start like this ("Too small: expected string to have >=1 characters"); words a
// schema chose itself (`.min(1, 'must not be empty')`) are already written for a person.
const ZOD_DEFAULT_MESSAGE = /^(Invalid|Too (small|big)|Unrecognized)\b/;

/**
 * What is wrong with a value zod refused, as the end of a sentence that starts with the field's
 * name: "must be at most 65535", "must be one of warm, neutral, cool". Used for configuration and
 * for import files alike. `formatValue` writes each allowed value (JSON by default: "info").
 */
export function explainIssue(issue: z.core.$ZodIssue, formatValue: (value: unknown) => string = (value) => JSON.stringify(value)): string {
  if (!ZOD_DEFAULT_MESSAGE.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return `must be a ${issue.expected}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map(formatValue).join(', ')}`;
    case 'too_small':
      return `must be at least ${String(issue.minimum)}${unitOf(issue.origin)}`;
    case 'too_big':
      return `must be at most ${String(issue.maximum)}${unitOf(issue.origin)}`;
    case 'invalid_format':
      return `must be a valid ${issue.format}`;
    default:
      return issue.message.toLowerCase();
  }
}

function unitOf(origin: string): string {
  return origin === 'string' ? ' characters' : origin === 'array' || origin === 'set' ? ' items' : '';
}
