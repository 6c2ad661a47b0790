/**
 * Offsets everywhere in Tifa are UTF-16 code units (JavaScript string
 * indices). A character outside the BMP (𠮷, U+20BB7) is two of them, a
 * surrogate pair: cutting between the two leaves a lone surrogate, which is
 * not text. These helpers cut only at character boundaries.
 */

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** The largest boundary at or before `index` that does not split a surrogate pair. */
export function boundaryAtOrBefore(text: string, index: number): number {
  if (index <= 0) return 0;
  if (index >= text.length) return text.length;
  return isHighSurrogate(text.charCodeAt(index - 1)) ? index - 1 : index;
}

/** The first `max` code units of `text` (one fewer rather than half a character). */
export function truncateUtf16(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, boundaryAtOrBefore(text, max));
}
