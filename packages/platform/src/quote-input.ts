// A caller's own text shown back in an error: enough of it to recognise, never all of it (a
// 10 000-character id must not come back as a 10 KB answer), and always quoted, so markup or
// control characters read as the data they are.
const SHOWN_CHARACTERS = 64;

/**
 * `value` as a JSON string literal, cut to its first 64 characters with the full length said. It
 * never throws: an error message is the last place to fail (a form part without a name is undefined).
 */
export function quoteInput(given: string | undefined, shown = SHOWN_CHARACTERS): string {
  const value = typeof given === 'string' ? given : String(given ?? '');
  if (value.length <= shown) return JSON.stringify(value);
  return `${JSON.stringify(value.slice(0, shown))}… (${value.length} characters)`;
}

/** The longest error message an answer carries; past it the message is cut (a last guard, not a style). */
export const MAX_ERROR_MESSAGE_CHARACTERS = 1024;

/** `message` within MAX_ERROR_MESSAGE_CHARACTERS, marked where it was cut. */
export function boundedMessage(message: string): string {
  return message.length <= MAX_ERROR_MESSAGE_CHARACTERS ? message : `${message.slice(0, MAX_ERROR_MESSAGE_CHARACTERS - 1)}…`;
}
