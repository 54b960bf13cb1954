/**
 * Governance facts about one person: what a subgraph needs to decide a field without knowing
 * anything clinical. Held by the gateway's governance store (person index, consent, presence,
 * break-glass) and fetched by subgraphs in one batched call per request.
 */
import type { RecordSource } from './config';

export type ConsentState = 'pending' | 'active' | 'withdrawn' | 'lapsed' | 'refused';

export interface ConsentFact {
  flow: string;
  state: ConsentState;
  /** For pending consent: when it lapses unless the form is confirmed (ISO). */
  confirmBy?: string | null;
  /** For active consent: when it ends (ISO), if it ends. */
  expiresAt?: string | null;
}

export interface WindowFact {
  /** Who the window is for: a user id (break-glass) or an organisation (declared presence). */
  holder: string;
  until: string;
}

export interface PersonFacts {
  nhsNumber: string;
  /** ODS code of the registered GP practice. */
  gpPractice: string | null;
  /** Local authority responsible for the person's social care. */
  borough: string | null;
  /** Council that holds the person's housing and benefit records. */
  councilArea: string | null;
  consents: ConsentFact[];
  presence: WindowFact[];
  breakGlass: WindowFact[];
}

export const emptyFacts = (nhsNumber: string): PersonFacts => ({
  nhsNumber,
  gpPractice: null,
  borough: null,
  councilArea: null,
  consents: [],
  presence: [],
  breakGlass: [],
});

/** The state a consent has now: a pending consent whose confirmation deadline passed has lapsed. */
export function effectiveConsentState(c: ConsentFact, now: Date): ConsentState {
  if (c.state === 'pending' && c.confirmBy && new Date(c.confirmBy) <= now) return 'lapsed';
  if (c.state === 'active' && c.expiresAt && new Date(c.expiresAt) <= now) return 'lapsed';
  return c.state;
}

export const isOpen = (windows: WindowFact[], holder: string, now: Date): boolean =>
  windows.some((w) => w.holder === holder && new Date(w.until) > now);

/** A subgraph telling the person index that it holds a record (after an import or a transfer). */
export interface PersonRegistration {
  source: RecordSource;
  /** Null when the record came without a verified NHS number: it is held for matching, never guessed. */
  nhsNumber: string | null;
  /** The record's id in its own system (client id, council id, FHIR Patient id). */
  localId: string | null;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  postcode: string | null;
  gpPractice?: string | null;
  borough?: string | null;
  councilArea?: string | null;
}

export interface RegistrationResult {
  linked: string[];
  /** Records put in the matching queue (or, with `queue: false`, not linked), with why. */
  held: { localId: string | null; reason: string }[];
}

/** A link one of a source's records made in the person index, to take back (see PersonIndex.unlink). */
export interface Unlinking {
  nhsNumber: string;
  localId: string;
  /** The borough the link gave the person to. */
  borough: string;
}

export interface RegistrationOptions {
  /**
   * False: a record that does not match is reported but not queued for an admin. For a caller that
   * undoes the record itself when it is not linked (a transfer import), where a queue entry would
   * name a record that no longer exists.
   */
  queue?: boolean;
}
