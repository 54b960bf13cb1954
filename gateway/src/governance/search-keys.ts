/** Folds a name for forgiving matching: case, accents, hyphens and apostrophes do not matter. */
export function foldName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z]+/g, ' ')
    .trim();
}

/** Every folded word of a person's names, plus the joined family name ("smith-jones" → "smithjones"). */
export function nameKeys(givenName: string, familyName: string): string[] {
  const keys = new Set<string>();
  for (const part of [givenName, familyName]) {
    const folded = foldName(part);
    for (const w of folded.split(' ')) if (w) keys.add(w);
    if (folded.includes(' ')) keys.add(folded.replace(/ /g, ''));
  }
  return [...keys];
}
