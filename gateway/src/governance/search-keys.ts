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

/** Common English nicknames and their full forms, both ways, for forgiving name search. */
const NICKNAMES: Record<string, string[]> = {
  william: ['bill', 'billy', 'will', 'liam'],
  robert: ['bob', 'bobby', 'rob', 'robbie'],
  elizabeth: ['liz', 'lizzie', 'beth', 'betty', 'eliza'],
  margaret: ['maggie', 'meg', 'peggy', 'marge'],
  katherine: ['kate', 'katie', 'kath', 'kathy'],
  catherine: ['cathy', 'kate', 'cath'],
  james: ['jim', 'jimmy', 'jamie'],
  john: ['jack', 'johnny'],
  richard: ['rick', 'dick', 'richie'],
  michael: ['mike', 'mick', 'mickey'],
  thomas: ['tom', 'tommy'],
  anthony: ['tony'],
  edward: ['ed', 'eddie', 'ted', 'ned'],
  patricia: ['pat', 'patty', 'trish'],
  jennifer: ['jen', 'jenny'],
  alexander: ['alex', 'sandy'],
  alexandra: ['alex', 'sandra'],
  christopher: ['chris'],
  christine: ['chris', 'chrissie'],
  daniel: ['dan', 'danny'],
  joseph: ['joe', 'joey'],
  samuel: ['sam', 'sammy'],
  samantha: ['sam', 'sammy'],
  susan: ['sue', 'susie'],
  deborah: ['deb', 'debbie'],
  rebecca: ['becky', 'becca'],
  victoria: ['vicky', 'tori'],
  matthew: ['matt'],
  nicholas: ['nick', 'nicky'],
  benjamin: ['ben', 'benny'],
  charles: ['charlie', 'chas'],
  david: ['dave', 'davey'],
  stephen: ['steve'],
  steven: ['steve'],
  peter: ['pete'],
  frederick: ['fred', 'freddie'],
  abigail: ['abbie', 'abby'],
  oluwaseun: ['seun'],
  mohammed: ['mo'],
  muhammad: ['mo'],
};

const ALIASES = new Map<string, Set<string>>();
for (const [full, nicks] of Object.entries(NICKNAMES)) {
  for (const n of [full, ...nicks]) {
    const set = ALIASES.get(n) ?? new Set<string>();
    set.add(full);
    for (const m of nicks) set.add(m);
    ALIASES.set(n, set);
  }
}

/** A folded name word and every name it is commonly short for or a nickname of. */
export function nameVariants(word: string): string[] {
  return [...new Set([word, ...(ALIASES.get(word) ?? [])])];
}
