/** A URL path segment as text; a malformed escape is kept as typed, so it simply matches nothing. */
export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
