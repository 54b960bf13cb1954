import type { Doc, DocStore, PersonRegistration, RegistrationResult } from '@care/common';
import type { ClientDoc, SocialCareStore } from '../store/port';
import { parseCsv } from './csv';
import { planCld, type CldImportMode, type ExistingRecords } from './plan';
import { readHeader, readRow, type CldEvent, type RowProblem } from './rows';

export interface CldImportOutcome {
  /** Whether anything was written. */
  loaded: boolean;
  mode: CldImportMode;
  /** Data rows read (the header not counted). */
  rows: number;
  loadedRows: number;
  /** Problems with the file as a whole (unreadable, columns missing): nothing is loaded then. */
  fileProblems: string[];
  badRows: RowProblem[];
  ignoredColumns: string[];
  clientsCreated: number;
  referrals: number;
  unchangedReferrals: number;
  assessments: number;
  reviews: number;
  services: number;
  notAttached: number;
  linked: number;
  held: RegistrationResult['held'];
  /** NHS numbers of the people whose records were written (for the audit trail). */
  people: string[];
}

export type RegisterPeople = (entries: PersonRegistration[]) => Promise<RegistrationResult>;

const REGISTRATION_BATCH = 500;
const LOOKUP_BATCH = 1000;

async function inChunks<T>(docs: T[], put: (chunk: T[]) => Promise<void>): Promise<void> {
  for (let i = 0; i < docs.length; i += LOOKUP_BATCH) await put(docs.slice(i, i + LOOKUP_BATCH));
}

const empty = (mode: CldImportMode, rows: number): CldImportOutcome => ({
  loaded: false,
  mode,
  rows,
  loadedRows: 0,
  fileProblems: [],
  badRows: [],
  ignoredColumns: [],
  clientsCreated: 0,
  referrals: 0,
  unchangedReferrals: 0,
  assessments: 0,
  reviews: 0,
  services: 0,
  notAttached: 0,
  linked: 0,
  held: [],
  people: [],
});

/**
 * Loads a Client Level Data CSV into the social care store. Every row is checked (columns, values,
 * then against the other rows and the store) before anything is written; the good rows are then
 * written together, or nothing is when the caller asked for all or nothing.
 */
export class CldImporter {
  constructor(
    private readonly socialCare: SocialCareStore,
    /** Reads by id, which the store port does not offer: the collections its adapter writes. */
    private readonly docs: DocStore,
  ) {}

  private async byId<T extends Doc>(
    collection: string,
    ids: string[],
    fields: string[],
    key = '_id',
  ): Promise<T[]> {
    const out: T[] = [];
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += LOOKUP_BATCH) {
      const chunk = unique.slice(i, i + LOOKUP_BATCH);
      out.push(
        ...(await this.docs
          .collection<T>(collection)
          .find({ [key]: { $in: chunk } }, { projection: fields })),
      );
    }
    return out;
  }

  private async existing(events: CldEvent[]): Promise<ExistingRecords> {
    const refs = (type: CldEvent['type'][]) =>
      events.filter((e) => type.includes(e.type)).map((e) => e.reference);
    const [clients, sameNhs, assessments, services, referrals] = await Promise.all([
      this.byId<ClientDoc>(
        'clients',
        events.map((e) => e.personId),
        ['clientId', 'nhsNumber', 'borough'],
      ),
      this.byId<ClientDoc>(
        'clients',
        events.flatMap((e) => (e.nhsNumber ? [e.nhsNumber] : [])),
        ['clientId', 'nhsNumber', 'borough'],
        'nhsNumber',
      ),
      this.byId<Doc & { clientId: string }>('assessments', refs(['Assessment', 'Review']), ['clientId']),
      this.byId<Doc & { clientId: string }>('services', refs(['Service']), ['clientId']),
      this.byId<Doc & { nhsNumber: string }>('referrals', refs(['Request']), ['nhsNumber']),
    ]);
    return {
      clients: new Map(clients.map((c) => [c._id, c])),
      clientsByNhs: new Map(sameNhs.map((c) => [c.nhsNumber as string, c])),
      assessments: new Map(assessments.map((a) => [a._id, a])),
      services: new Map(services.map((s) => [s._id, s])),
      referrals: new Map(referrals.map((r) => [r._id, r])),
    };
  }

  async import(
    csv: string,
    mode: CldImportMode,
    opts: { now: Date; onlyLa: string | null; registerPeople: RegisterPeople },
  ): Promise<CldImportOutcome> {
    const parsed = parseCsv(csv);
    if (!parsed.ok) return { ...empty(mode, 0), fileProblems: [`line ${parsed.line}: ${parsed.message}`] };
    const [head, ...data] = parsed.records;
    if (!head) return { ...empty(mode, 0), fileProblems: ['the file is empty'] };
    const header = readHeader(head);
    if (!header.ok) return { ...empty(mode, data.length), fileProblems: header.problems };
    const today = opts.now.toISOString().slice(0, 10);
    const events: CldEvent[] = [];
    const rowProblems: RowProblem[] = [];
    for (const record of data) {
      const r = readRow(record, header.header, today);
      if (r.event) events.push(r.event);
      else rowProblems.push(...r.problems);
    }
    const { plan, problems } = planCld(events, rowProblems, await this.existing(events), mode, {
      today,
      now: opts.now.toISOString(),
      onlyLa: opts.onlyLa,
    });
    const outcome = { ...empty(mode, data.length), badRows: problems, ignoredColumns: header.header.ignored };
    if (!plan) return outcome;
    await inChunks(plan.clients, (c) => this.socialCare.putClients(c));
    await inChunks(plan.assessments, (c) => this.socialCare.putAssessments(c));
    await inChunks(plan.services, (c) => this.socialCare.putServices(c));
    await inChunks(plan.referrals, (c) => this.socialCare.putReferrals(c));
    const registered: RegistrationResult = { linked: [], held: [] };
    for (let i = 0; i < plan.registrations.length; i += REGISTRATION_BATCH) {
      const r = await opts.registerPeople(plan.registrations.slice(i, i + REGISTRATION_BATCH));
      registered.linked.push(...r.linked);
      registered.held.push(...r.held);
    }
    return {
      ...outcome,
      loaded: plan.loadedRows > 0,
      loadedRows: plan.loadedRows,
      clientsCreated: plan.clients.length,
      referrals: plan.referrals.length,
      unchangedReferrals: plan.unchangedReferrals,
      assessments: plan.assessments.length - plan.reviews,
      reviews: plan.reviews,
      services: plan.services.length,
      notAttached: plan.notAttached,
      linked: registered.linked.length,
      held: registered.held,
      people: [...new Set(plan.registrations.flatMap((r) => (r.nhsNumber ? [r.nhsNumber] : [])))].sort(),
    };
  }
}
