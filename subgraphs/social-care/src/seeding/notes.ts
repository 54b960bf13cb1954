import type { Rng, Situation } from '@care/common';
import type { CaseNoteDoc, CaseStatus } from '../store/port';
import { timestampOn } from './dates';

/** What a social worker writes after contact, by what is going on for the person. */
const NOTES: readonly (readonly [Situation, string])[] = [
  [
    'delayed_discharge',
    'Ward called: medically fit for discharge. Reablement provider has no capacity until next week; escalated to brokerage.',
  ],
  [
    'delayed_discharge',
    'Discharge planning meeting with ward and family. Agreed to discharge once the package starts.',
  ],
  ['home_care', 'Review visit: care package meeting needs, family happy with the carers. Hours unchanged.'],
  [
    'home_care',
    'Provider reported two missed medication prompts; spoke to the agency manager, rota amended.',
  ],
  ['cp_plan', 'Home visit with the health visitor. Home conditions improved; core group meeting booked.'],
  ['cp_plan', 'Child seen alone at school; presented well. Mother engaging with the parenting programme.'],
  [
    'looked_after',
    'Statutory visit to placement. Settled and attending school; contact with mother fortnightly.',
  ],
  [
    'unborn_plan',
    'Pre-birth planning meeting with the midwife; birth plan and discharge arrangements agreed.',
  ],
  [
    'dementia',
    "Spoke to son: more confused in the evenings. Discussed a day centre and a carer's assessment.",
  ],
  ['adaptation', 'OT confirmed the rails are fitted; no further falls reported.'],
  ['frail_elderly', 'Telephone review: managing at home with family support; falls advice given.'],
  [
    'end_of_life',
    'Joint visit with the district nurse. Wishes to remain at home; fast-track funding discussed.',
  ],
  ['learning_disability', 'Annual review with Mum: enjoys the day service; wants to try travel training.'],
];

const GENERIC = 'Telephone contact with the client; no change in circumstances.';
const DUTY = 'Screened by the duty team; awaiting allocation to a worker.';

export interface NoteContext {
  today: string;
  own: { clientId: string; nhsNumber: string | null };
  /** The allocated worker's name; null when the case is unallocated. */
  author: string | null;
  caseStatus: CaseStatus;
  situations: ReadonlySet<Situation>;
  nextId: () => string;
}

/** A few recent case notes, newest first: by the allocated worker, or one by duty while unallocated. */
export function deriveCaseNotes(rng: Rng, c: NoteContext): CaseNoteDoc[] {
  const note = (author: string, text: string, daysAgoMax: number): CaseNoteDoc => {
    const _id = c.nextId();
    return {
      _id,
      id: _id,
      ...c.own,
      writtenAt: timestampOn(rng, rng.daysBefore(c.today, 0, daysAgoMax)),
      author,
      text,
    };
  };
  let notes: CaseNoteDoc[];
  if (c.author) {
    const relevant = NOTES.filter(([s]) => c.situations.has(s)).map(([, text]) => text);
    const pool = relevant.length > 0 ? relevant : [GENERIC];
    const count = rng.int(1, Math.min(4, pool.length + 1));
    notes = Array.from({ length: count }, (_, i) => note(c.author as string, pool[i % pool.length], 120));
  } else if (c.caseStatus === 'AWAITING_ALLOCATION') {
    notes = [note('Duty worker', DUTY, 30)];
  } else {
    notes = [];
  }
  return notes.sort((a, b) => (a.writtenAt < b.writtenAt ? 1 : a.writtenAt > b.writtenAt ? -1 : 0));
}
