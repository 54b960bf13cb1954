/** Spaces, line breaks and invisible format characters (zero-width spaces, joiners, direction marks). */
const EDGES = /^[\s\p{Cf}]+|[\s\p{Cf}]+$/gu;

/**
 * Text as a person typed it, without what they could not see at its ends. `trim()` leaves a
 * zero-width space, so a reason made of one passed "1 to N characters" and was stored blank.
 * Inside the text nothing changes (an emoji's joiners, a right-to-left mark between words).
 */
export const tidyText = (s: string): string => s.replace(EDGES, '');
