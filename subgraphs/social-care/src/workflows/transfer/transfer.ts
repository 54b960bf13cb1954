import { createHash, randomUUID } from 'node:crypto';
import {
  badInput,
  BOROUGHS,
  careError,
  conflict,
  DuplicateKeyError,
  ErrorCode,
  loggableError,
  notFound,
  tidyText,
  type PersonRegistration,
  type RegistrationResult,
} from '@care/common';
import { GraphQLError } from 'graphql';
import type { SocialCareContext } from '../../context';
import { archiveId, IMPORT_LOCK_RENEW_MS, type FullRecord, type WorkflowStore } from '../store';
import type { HeldFileDoc, ProvenanceDoc, TransferDoc, WorkflowClientDoc } from '../types';
import { recordToFhirBundle } from './fhir';
import { recordToXml, xmlToRecord, type TransferHeader, type TransferredRecord } from './format';
import type { ExternalTransferValue, TransferFileValue, TransferReceiptValue } from './types';
import { TRANSFER_SCHEMA_VERSION, validateTransferXml, type Problem } from './validate';

/** The file as sent, whatever line endings it picked up on the way. */
export const digestOf = (xml: string): string =>
  createHash('sha256').update(xml.replace(/\r\n?/g, '\n').trimEnd()).digest('hex');

const invalidFile = (problems: Problem[]) =>
  badInput(`The transfer file is not valid: ${problems.length} problem(s); nothing was imported`, {
    argument: 'input.xml',
    problems,
  });

const notYours = (message: string, field: string) =>
  careError(ErrorCode.FORBIDDEN, message, { reason: 'relationship', field });

function registration(
  record: TransferredRecord | WorkflowClientDoc,
  localId: string,
  borough: string,
): PersonRegistration {
  return {
    source: 'SOCIAL_CARE',
    nhsNumber: record.nhsNumber,
    localId,
    givenName: record.givenName,
    familyName: record.familyName,
    dateOfBirth: record.dateOfBirth,
    postcode: null,
    borough,
  };
}

/** The sending borough exports; the file carries a transfer id only the receiving borough is told of. */
export async function exportForTransfer(
  store: WorkflowStore,
  ctx: SocialCareContext,
  input: { nhsNumber: string; toBorough: string },
): Promise<TransferFileValue> {
  const toBorough = input.toBorough.trim();
  if (!BOROUGHS.some((b) => b.code === toBorough)) {
    throw badInput('toBorough must be the ONS code of a borough this service connects', {
      argument: 'input.toBorough',
      boroughs: BOROUGHS.map((b) => b.code),
    });
  }
  const record = await store.fullRecord(input.nhsNumber);
  if (!record) {
    throw badInput('This person has no social care record here to transfer', { argument: 'input.nhsNumber' });
  }
  if (record.client.borough !== ctx.care.org) {
    throw notYours('Only the borough holding the record can transfer it', 'Mutation.exportRecordForTransfer');
  }
  if (toBorough === record.client.borough) {
    throw badInput('The record is already held by that borough', { argument: 'input.toBorough' });
  }
  const at = ctx.gov.now.toISOString();
  const header: TransferHeader = {
    transferId: randomUUID(),
    fromBorough: record.client.borough,
    toBorough,
    exportedAt: at,
    exportedBy: ctx.care.name,
  };
  const xml = recordToXml(header, record);
  const transfer: TransferDoc = {
    _id: header.transferId,
    id: header.transferId,
    nhsNumber: input.nhsNumber,
    fromBorough: header.fromBorough,
    toBorough,
    fromClientId: record.client.clientId,
    status: 'EXPORTED',
    exportedAt: at,
    exportedBy: ctx.care.name,
    digest: digestOf(xml),
    external: false,
    importedAt: null,
    importedBy: null,
    newClientId: null,
    updatedAt: at,
  };
  await store.insertTransfer(transfer);
  return {
    transferId: header.transferId,
    nhsNumber: input.nhsNumber,
    fromBorough: header.fromBorough,
    toBorough,
    exportedAt: at,
    schemaVersion: TRANSFER_SCHEMA_VERSION,
    xml,
    fhirBundle: recordToFhirBundle(header, record),
    status: 'EXPORTED',
  };
}

/** The receiving borough's copy: new storage ids, the sender's ids kept in them, provenance on the client. */
function receivedRecord(
  record: TransferredRecord,
  clientId: string,
  borough: string,
  provenance: ProvenanceDoc,
): FullRecord {
  const owned = <T extends { id: string }>(x: T) => ({
    ...x,
    _id: `${clientId}-${x.id}`,
    id: `${clientId}-${x.id}`,
    clientId,
    nhsNumber: record.nhsNumber,
  });
  return {
    client: {
      _id: clientId,
      clientId,
      nhsNumber: record.nhsNumber,
      borough,
      givenName: record.givenName,
      familyName: record.familyName,
      dateOfBirth: record.dateOfBirth,
      // The receiving borough allocates its own worker; a closed case arrives closed.
      caseStatus: record.caseStatus === 'CLOSED' ? 'CLOSED' : 'AWAITING_ALLOCATION',
      allocatedWorker: null,
      childProtection: record.childProtection,
      contacts: record.contacts,
      safeguardingAlerts: record.safeguardingAlerts,
      updatedAt: provenance.importedAt,
      provenance,
    },
    assessments: record.assessments.map(owned),
    services: record.services.map(owned),
    caseNotes: record.caseNotes.map(owned),
  };
}

/** Checks the file was exported here to the caller's borough, unchanged, and not imported yet. */
async function exportedTransfer(
  store: WorkflowStore,
  ctx: SocialCareContext,
  header: TransferHeader,
  current: FullRecord,
  xml: string,
): Promise<TransferDoc> {
  if (current.client.borough === ctx.care.org) {
    throw conflict("This borough already holds this person's record", {});
  }
  const t = await store.transferById(header.transferId);
  if (
    !t ||
    t.nhsNumber !== current.client.nhsNumber ||
    t.toBorough !== ctx.care.org ||
    t.fromBorough !== current.client.borough
  ) {
    throw noExport();
  }
  if (t.status !== 'EXPORTED') throw conflict('This transfer was already imported', {});
  if (t.digest !== digestOf(xml)) {
    throw invalidFile([
      { line: null, message: 'The file was changed after the sending borough exported it' },
    ]);
  }
  return t;
}

const noExport = () =>
  notYours(
    'No export of this record to your borough matches the file: the borough holding it must export it to you',
    'Mutation.importTransferredRecord',
  );

const countsOf = (record: TransferredRecord) => ({
  assessments: record.assessments.length,
  services: record.services.length,
  caseNotes: record.caseNotes.length,
  contacts: record.contacts.length,
  safeguardingAlerts: record.safeguardingAlerts.length,
});

/**
 * A file from a borough outside this service: there is no export here to match, only the file,
 * and a file anyone can write would give its author a relationship with whomever it names. It is
 * kept, with nothing imported, until an IG admin has confirmed with the sender that they sent it.
 */
async function holdExternal(
  store: WorkflowStore,
  ctx: SocialCareContext,
  header: TransferHeader,
  record: TransferredRecord,
  xml: string,
): Promise<TransferReceiptValue> {
  const at = ctx.gov.now.toISOString();
  const counts = countsOf(record);
  const doc: TransferDoc = {
    _id: header.transferId,
    id: header.transferId,
    nhsNumber: record.nhsNumber,
    fromBorough: header.fromBorough,
    toBorough: header.toBorough,
    fromClientId: record.localClientId,
    status: 'AWAITING_APPROVAL',
    exportedAt: header.exportedAt,
    exportedBy: header.exportedBy,
    digest: digestOf(xml),
    external: true,
    importedAt: null,
    importedBy: null,
    newClientId: null,
    updatedAt: at,
    held: {
      xml,
      givenName: record.givenName,
      familyName: record.familyName,
      dateOfBirth: record.dateOfBirth,
      counts,
      submittedAt: at,
      submittedBy: ctx.care.name,
      submittedBySub: ctx.care.sub,
    },
    decidedAt: null,
    decidedBy: null,
    refusalReason: null,
  };
  try {
    await store.insertTransfer(doc);
  } catch (e) {
    if (e instanceof DuplicateKeyError) throw conflict('This transfer was already received', {});
    throw e;
  }
  return {
    transferId: doc.id,
    nhsNumber: doc.nhsNumber,
    fromBorough: doc.fromBorough,
    toBorough: doc.toBorough,
    status: 'AWAITING_APPROVAL',
    clientId: null,
    importedAt: null,
    importedBy: ctx.care.name,
    approvedBy: null,
    sectionCounts: counts,
  };
}

/** The file read and checked: valid against the XSD and the checks an XSD cannot make. */
async function readFile(xml: string): Promise<{ header: TransferHeader; record: TransferredRecord }> {
  const schemaProblems = await validateTransferXml(xml);
  if (schemaProblems.length) throw invalidFile(schemaProblems);
  let read: ReturnType<typeof xmlToRecord>;
  try {
    read = xmlToRecord(xml);
  } catch (e) {
    throw invalidFile([{ line: null, message: (e as Error).message }]);
  }
  if (read.problems.length) throw invalidFile(read.problems);
  return { header: read.header, record: read.record };
}

/**
 * Imports a transferred record, all or nothing: validated against the XSD, matched by NHS number,
 * the sender's record archived and replaced, the person index moved to this borough. Any failure
 * undoes every step taken, so nothing is half-imported. A file from outside the service is held
 * for an IG admin instead (see holdExternal).
 */
export async function importTransfer(
  store: WorkflowStore,
  ctx: SocialCareContext,
  input: { nhsNumber: string; xml: string },
): Promise<TransferReceiptValue> {
  const { header, record } = await readFile(input.xml);
  if (record.nhsNumber !== input.nhsNumber) {
    throw badInput('The file is about a different person than input.nhsNumber', {
      argument: 'input.nhsNumber',
    });
  }
  if (header.toBorough !== ctx.care.org) {
    throw notYours('The file is addressed to another borough', 'Mutation.importTransferredRecord');
  }
  return withPersonLocked(store, ctx, record.nhsNumber, async (lock) => {
    const current = await store.fullRecord(record.nhsNumber);
    if (!current) {
      // A borough this service connects, or holds records for, exports here first: a file naming
      // it with no record behind it was not exported by it (it would give its holder anyone's record).
      if (
        header.fromBorough === ctx.care.org ||
        BOROUGHS.some((b) => b.code === header.fromBorough) ||
        (await store.servesBorough(header.fromBorough))
      ) {
        throw noExport();
      }
      return holdExternal(store, ctx, header, record, input.xml);
    }
    const transfer = await exportedTransfer(store, ctx, header, current, input.xml);
    return applyImport(store, ctx, lock, {
      header,
      record,
      transfer,
      current,
      borough: ctx.care.org,
      importedBy: ctx.care.name,
      approvedBy: null,
      argument: 'input.xml',
    });
  });
}

/**
 * An import's hold on its person. Only the holder writes: before removing the sender's record, and
 * before marking the transfer imported (after which no other import undoes it), the import asks
 * whether it still holds it, renewing it as it asks.
 */
interface PersonLock {
  stillHeld(): Promise<boolean>;
}

/**
 * Runs an import, or a decision on a held file, with the person locked against any other (see
 * lockPerson), renewing the lock while it runs. Holding it, nothing else is importing this person,
 * so whatever an import of theirs left unfinished is finished or undone first (see finishStuckImports).
 */
async function withPersonLocked<T>(
  store: WorkflowStore,
  ctx: SocialCareContext,
  nhsNumber: string,
  run: (lock: PersonLock) => Promise<T>,
): Promise<T> {
  const token = await store.lockPerson(nhsNumber, ctx.gov.now);
  if (!token) throw conflict('Another import of this person is under way: try again in a few minutes', {});
  // The request's clock moved on by the time taken, so that a pinned clock (tests) stays consistent.
  const started = performance.now();
  const renew = () =>
    store.renewLock(nhsNumber, token, new Date(ctx.gov.now.getTime() + performance.now() - started));
  const renewing = setInterval(() => {
    renew().then(
      (held) => held || ctx.log.error('a transfer import lost its lock to another import'),
      (e: Error) => ctx.log.warn({ err: loggableError(e) }, 'renewing a transfer import lock failed'),
    );
  }, IMPORT_LOCK_RENEW_MS);
  renewing.unref();
  const lock: PersonLock = { stillHeld: renew };
  try {
    await finishStuckImports(store, ctx, nhsNumber, lock);
    return await run(lock);
  } finally {
    clearInterval(renewing);
    // Whatever the import's outcome, a lock that will not go is no reason to report it otherwise:
    // it frees itself when stale.
    await store
      .unlockPerson(nhsNumber, token)
      .catch((e: Error) =>
        ctx.log.error({ err: loggableError(e) }, 'releasing a transfer import lock failed'),
      );
  }
}

/**
 * Where a transfer stood before an import began: exported or, from outside the service, awaiting
 * approval with its file.
 */
const standingBefore = (t: TransferDoc, updatedAt: string) => ({
  status: t.held ? ('AWAITING_APPROVAL' as const) : ('EXPORTED' as const),
  updatedAt,
  importedAt: null,
  importedBy: null,
  newClientId: null,
  indexPending: false,
  ...(t.held ? { decidedAt: null, decidedBy: null, 'held.xml': t.held.xml } : {}),
});

/**
 * What an import left unfinished when its process stopped, finished or undone by whoever next
 * holds the person's lock (no other import of them runs then):
 * - still IMPORTING: undone from what it wrote before each step (see revertImport);
 * - marked IMPORTED with the person index not yet told: told again (linking is idempotent), or
 *   undone as the import itself would have been if the index will not match the person.
 */
async function finishStuckImports(
  store: WorkflowStore,
  ctx: SocialCareContext,
  nhsNumber: string,
  lock: PersonLock,
): Promise<void> {
  const at = ctx.gov.now.toISOString();
  for (const t of await store.unfinishedTransfersOf(nhsNumber)) {
    if (t.status === 'IMPORTING') {
      await revertImport(store, ctx, lock, t, standingBefore(t, at), t.indexPending === true);
      ctx.log.warn({ transferId: t.id }, 'undid a transfer import that had stopped half way');
      continue;
    }
    const client = await store.clientByNhs(t.nhsNumber);
    if (!client || client.clientId !== t.newClientId) {
      ctx.log.error({ transferId: t.id }, 'an imported transfer has no record to tell the index of');
      continue;
    }
    // Linked already, and only clearing the flag was lost: nothing to tell, and nothing to undo
    // (the record may have changed since, so the index's answer now would say nothing of then).
    if ((await ctx.gov.facts.load(t.nhsNumber)).borough === t.toBorough) {
      await store.moveTransfer(t.id, 'IMPORTED', indexTold(t), t.newClientId);
      continue;
    }
    let linked: RegistrationResult;
    try {
      linked = await registerWithRetry(ctx, registration(client, client.clientId, t.toBorough));
    } catch (e) {
      // Left for the next holder of the lock: what this one came to do can still be decided.
      ctx.log.error(
        { err: loggableError(e), transferId: t.id },
        'telling the index of a stopped import failed',
      );
      continue;
    }
    if (linked.linked.includes(t.nhsNumber)) {
      await store.moveTransfer(t.id, 'IMPORTED', indexTold(t), t.newClientId);
      ctx.log.warn(
        { transferId: t.id },
        'told the person index of an import that had stopped before it could',
      );
    } else if (await store.moveTransfer(t.id, 'IMPORTED', { status: 'IMPORTING' }, t.newClientId)) {
      // The index answered that it did not link the record: it has nothing to point back.
      await revertImport(store, ctx, lock, { ...t, status: 'IMPORTING' }, standingBefore(t, at), false);
      ctx.log.warn({ transferId: t.id }, 'undid a stopped import the person index would not match');
    }
  }
}

/** Once the person index has linked an import's record: nothing is pending, and a received file goes. */
const indexTold = (t: TransferDoc) => ({
  indexPending: false,
  ...(t.held ? { 'held.xml': null } : {}),
});

const unfinishedImport = (t: TransferDoc) => t.status === 'IMPORTED' && t.indexPending === true;

const NOT_AWAITING = 'This transfer is not awaiting approval: it was approved or refused already';

/**
 * A transfer from outside the service that the caller may decide. The decision is a write about
 * the person the file names, so the audit record names them whatever the caller selects, and
 * whether or not the decision then succeeds. Whether it still awaits one is asked under the
 * person's lock (see stillAwaiting).
 */
async function decisionOn(
  store: WorkflowStore,
  ctx: SocialCareContext,
  transferId: string,
  field: 'Mutation.approveExternalTransfer' | 'Mutation.refuseExternalTransfer',
): Promise<TransferDoc> {
  const t = await store.transferById(transferId);
  if (!t?.external || !t.held) throw notFound('No record received from outside this service has that id');
  if (field === 'Mutation.approveExternalTransfer' && t.held.submittedBySub === ctx.care.sub) {
    ctx.gov.access.denied(t.nhsNumber, field, 'role');
    throw careError(ErrorCode.FORBIDDEN, 'Someone other than its submitter must approve a transfer', {
      reason: 'role',
      field,
    });
  }
  ctx.gov.access.allowed(t.nhsNumber, field, false, false);
  // One importing, or imported with the index not told, is finished or undone under the lock first.
  const unfinished = t.status === 'IMPORTING' || unfinishedImport(t);
  if (t.status !== 'AWAITING_APPROVAL' && !unfinished) throw conflict(NOT_AWAITING, {});
  return t;
}

/** The transfer as it stands now, under the person's lock (an import it was in may have been undone). */
async function stillAwaiting(
  store: WorkflowStore,
  transferId: string,
): Promise<TransferDoc & { held: HeldFileDoc & { xml: string } }> {
  const t = await store.transferById(transferId);
  const held = t?.held;
  if (!t || t.status !== 'AWAITING_APPROVAL' || !held || held.xml === null) throw conflict(NOT_AWAITING, {});
  return { ...t, held: { ...held, xml: held.xml } };
}

/**
 * An IG admin approves a file from outside the service once its sender has confirmed it: the
 * record is imported as on receipt, for the borough that submitted it and under the submitter's
 * name, with the approver on the receipt. Whoever submitted the file cannot approve it.
 */
export async function approveExternal(
  store: WorkflowStore,
  ctx: SocialCareContext,
  transferId: string,
): Promise<TransferReceiptValue> {
  const { nhsNumber } = await decisionOn(store, ctx, transferId, 'Mutation.approveExternalTransfer');
  return withPersonLocked(store, ctx, nhsNumber, async (lock) => {
    const t = await stillAwaiting(store, transferId);
    const { header, record } = await readFile(t.held.xml);
    const current = await store.fullRecord(nhsNumber);
    if (current) {
      // Since it arrived, someone here took this person on: the file is no longer the only record.
      throw conflict(
        current.client.borough === t.toBorough
          ? "The receiving borough already holds this person's record: refuse this file"
          : "Another borough of this service now holds this person's record: it must export it, so refuse this file",
        {},
      );
    }
    return applyImport(store, ctx, lock, {
      header,
      record,
      transfer: t,
      current: null,
      borough: t.toBorough,
      importedBy: t.held.submittedBy,
      approvedBy: ctx.care.name,
      argument: 'transferId',
    });
  });
}

/** An IG admin refuses a file from outside the service: nothing is imported and the file is discarded. */
export async function refuseExternal(
  store: WorkflowStore,
  ctx: SocialCareContext,
  transferId: string,
  reason: string,
): Promise<ExternalTransferValue> {
  const why = tidyText(reason);
  if (why.length < 1 || why.length > 2000) {
    throw badInput('Give a reason of 1 to 2000 characters', { argument: 'reason' });
  }
  const { nhsNumber } = await decisionOn(store, ctx, transferId, 'Mutation.refuseExternalTransfer');
  return withPersonLocked(store, ctx, nhsNumber, async () => {
    const t = await stillAwaiting(store, transferId);
    const at = ctx.gov.now.toISOString();
    const decided = {
      status: 'REFUSED' as const,
      decidedAt: at,
      decidedBy: ctx.care.name,
      refusalReason: why,
      updatedAt: at,
    };
    if (!(await store.moveTransfer(t.id, 'AWAITING_APPROVAL', { ...decided, 'held.xml': null }))) {
      throw conflict('This transfer is being approved or refused by someone else', {});
    }
    return externalView({ ...t, ...decided, held: { ...t.held, xml: null } });
  });
}

/** What a list of received files shows: who the file names and what it carries, not the file. */
export function externalView(t: TransferDoc): ExternalTransferValue {
  const held = t.held as HeldFileDoc;
  return {
    transferId: t.id,
    nhsNumber: t.nhsNumber,
    givenName: held.givenName,
    familyName: held.familyName,
    dateOfBirth: held.dateOfBirth,
    fromBorough: t.fromBorough,
    toBorough: t.toBorough,
    exportedAt: t.exportedAt,
    exportedBy: t.exportedBy,
    submittedAt: held.submittedAt,
    submittedBy: held.submittedBy,
    // Imported with the index not yet told is not done: it lists (and can be decided) as importing.
    status: unfinishedImport(t) ? 'IMPORTING' : t.status === 'EXPORTED' ? 'AWAITING_APPROVAL' : t.status,
    decidedAt: t.decidedAt ?? null,
    decidedBy: t.decidedBy ?? null,
    refusalReason: t.refusalReason ?? null,
    // While importing, it names a record that may not be written yet.
    clientId: t.status === 'IMPORTED' && !unfinishedImport(t) ? t.newClientId : null,
    sectionCounts: held.counts,
  };
}

const EXTERNAL_STATES = {
  AWAITING_APPROVAL: ['AWAITING_APPROVAL', 'IMPORTING'],
  IMPORTING: ['IMPORTING'],
  IMPORTED: ['IMPORTED'],
  REFUSED: ['REFUSED'],
} as const;

/** Whose received files the caller sees: every borough's for an IG admin, their own borough's for anyone else. */
const externalScope = (ctx: SocialCareContext) =>
  ctx.care.role === 'ig_admin' ? {} : { toBorough: ctx.care.org };

/** How many received files wait for a decision, in the caller's scope (see externalScope). */
export function countAwaitingExternal(store: WorkflowStore, ctx: SocialCareContext): Promise<number> {
  return store.countExternalTransfers({
    status: [...EXTERNAL_STATES.AWAITING_APPROVAL],
    ...externalScope(ctx),
  });
}

/** Files received from outside the service, in the caller's scope (see externalScope). */
export async function listExternal(
  store: WorkflowStore,
  ctx: SocialCareContext,
  args: { status?: string | null; limit?: number | null },
): Promise<ExternalTransferValue[]> {
  const status = args.status ?? 'AWAITING_APPROVAL';
  if (!(status in EXTERNAL_STATES)) {
    throw badInput('status must be AWAITING_APPROVAL, IMPORTING, IMPORTED or REFUSED', {
      argument: 'status',
    });
  }
  const limit = args.limit ?? 200;
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
    throw badInput('limit must be 1 to 500', { argument: 'limit' });
  }
  const docs = await store.externalTransfers(
    { status: [...EXTERNAL_STATES[status as keyof typeof EXTERNAL_STATES]], ...externalScope(ctx) },
    limit,
  );
  return docs.map(externalView);
}

/**
 * The import's steps, each undone should a later one fail. The transfer is claimed first, naming
 * the record it will write, so that an import that dies half way can be undone (see
 * rollBackStuckImports).
 */
async function applyImport(
  store: WorkflowStore,
  ctx: SocialCareContext,
  lock: PersonLock,
  s: {
    header: TransferHeader;
    record: TransferredRecord;
    transfer: TransferDoc;
    current: FullRecord | null;
    /** The receiving borough, and who there submitted the file. */
    borough: string;
    importedBy: string;
    approvedBy: string | null;
    /** The argument a problem with the file is reported against. */
    argument: 'input.xml' | 'transferId';
  },
): Promise<TransferReceiptValue> {
  const { header, record, transfer, current, borough } = s;
  const at = ctx.gov.now.toISOString();
  const clientId = `ELSID-${randomUUID().slice(0, 8).toUpperCase()}`;
  const from = transfer.held ? 'AWAITING_APPROVAL' : 'EXPORTED';
  if (
    !(await store.moveTransfer(transfer.id, from, {
      status: 'IMPORTING',
      updatedAt: at,
      newClientId: clientId,
    }))
  ) {
    throw conflict('This transfer is being imported, or decided, by someone else', {});
  }
  const received = receivedRecord(record, clientId, borough, {
    transferId: header.transferId,
    fromBorough: header.fromBorough,
    fromClientId: record.localClientId,
    exportedAt: header.exportedAt,
    exportedBy: header.exportedBy,
    importedAt: at,
    importedBy: s.importedBy,
    ...(s.approvedBy ? { approvedBy: s.approvedBy } : {}),
  });

  // Once the mark is sent, the import may be complete (a lost acknowledgement) and in another's
  // hands should the lock be lost: nothing of it is then this import's to take away.
  const progress = { marking: false, marked: false, answeredUnlinked: false };
  try {
    if (current) {
      await store.insertArchive({
        _id: archiveId(header.transferId, clientId),
        transferId: header.transferId,
        nhsNumber: record.nhsNumber,
        borough: current.client.borough,
        archivedAt: at,
        claim: clientId,
        ...current,
      });
      await holding(lock);
      await store.removeRecord(current.client.clientId);
    }
    await holding(lock);
    await store.insertRecord(received);
    // Marked imported, no other import undoes it: the last point at which to give way to one.
    await holding(lock);
    progress.marking = true;
    progress.marked = await store.moveTransfer(
      transfer.id,
      'IMPORTING',
      {
        status: 'IMPORTED',
        importedAt: at,
        importedBy: s.importedBy,
        updatedAt: at,
        // Until the index links the record: a crash from here on is finished by the next import.
        indexPending: true,
        ...(transfer.held ? { decidedAt: at, decidedBy: s.approvedBy } : {}),
      },
      clientId,
    );
    if (!progress.marked) throw new Error('the transfer left IMPORTING during its import');
    // Last, because the person index has no way back for a person social care did not hold: once
    // it links the record here the borough has a relationship, so nothing may fail after it.
    // Unmatched, the record is undone here, so the index is asked not to queue it for an admin.
    const linked = await registerWithRetry(ctx, registration(record, clientId, borough));
    if (!linked.linked.includes(record.nhsNumber)) {
      progress.answeredUnlinked = true;
      throw badInput(
        'The name and date of birth in the file do not match the person index for this NHS number: nothing was imported; ask the sending borough to check them',
        {
          argument: s.argument,
          problems: [{ line: null, message: 'Name and date of birth disagree with the person index' }],
        },
      );
    }
  } catch (e) {
    const held = e instanceof LockLost ? false : await lock.stillHeld().catch(() => null);
    const outcome =
      held === true
        ? await undoImport(
            store,
            ctx,
            lock,
            transfer,
            clientId,
            progress.marked && !progress.answeredUnlinked,
          ).then(
            () => 'undone' as const,
            (undoError: Error) => {
              if (undoError instanceof LockLost) return 'stopped' as const;
              ctx.log.error(
                { err: loggableError(undoError), transferId: transfer.id },
                'undoing a failed import failed',
              );
              return 'left' as const;
            },
          )
        : held === false
          ? ('stopped' as const)
          : ('left' as const);
    if (outcome === 'stopped') {
      // Another import holds the person now, and finishes or undoes this one's steps first: from
      // the transfer, which names this import's record, and the archive, which it needs to put
      // the sender's back. Before the mark, the new record is surely this import's own to take
      // away; from the mark on, nothing is.
      if (!progress.marking) await store.removeRecord(clientId).catch(() => undefined);
      ctx.log.error(
        { transferId: transfer.id },
        'a record import stopped: another import took over its lock',
      );
      throw careError(
        ErrorCode.INTERNAL_SERVER_ERROR,
        'The import took too long and was stopped; it will be finished or undone: try it again',
      );
    }
    const undone = outcome === 'undone';
    if (undone && e instanceof GraphQLError) throw e;
    ctx.log.error({ err: loggableError(e), transferId: transfer.id }, 'record import failed');
    throw careError(
      ErrorCode.INTERNAL_SERVER_ERROR,
      undone
        ? 'The import failed and was undone: nothing changed'
        : 'The import failed part way and could not be undone yet: the next import or decision about this person undoes it, so try again in five minutes',
    );
  }
  // Told: nothing is pending. Should this write fail, the next import of the person tells the
  // index again, which changes nothing.
  await store
    .moveTransfer(transfer.id, 'IMPORTED', indexTold(transfer), clientId)
    .catch((e: Error) =>
      ctx.log.warn(
        { err: loggableError(e), transferId: transfer.id },
        "clearing an import's pending flag failed",
      ),
    );
  return {
    transferId: header.transferId,
    nhsNumber: record.nhsNumber,
    fromBorough: header.fromBorough,
    toBorough: borough,
    status: 'IMPORTED',
    clientId,
    importedAt: at,
    importedBy: s.importedBy,
    approvedBy: s.approvedBy,
    sectionCounts: countsOf(record),
  };
}

/**
 * Tells the person index, again should the call fail: a failure can hide a link the index made.
 * Linking is idempotent, so a transient failure ends with the import complete rather than undone
 * (the undo points the index back at the sender's record, or takes the link back).
 */
async function registerWithRetry(
  ctx: SocialCareContext,
  entry: PersonRegistration,
): Promise<RegistrationResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await ctx.registerPeople([entry], { queue: false });
    } catch (e) {
      if (attempt >= REGISTER_ATTEMPTS) throw e;
      ctx.log.warn(
        { err: loggableError(e), attempt },
        'telling the person index of an import failed; trying again',
      );
      await new Promise((r) => setTimeout(r, 200 * attempt));
    }
  }
}

const REGISTER_ATTEMPTS = 3;

/** The import's lock was taken over as stale: its steps are the new holder's to undo. */
class LockLost extends Error {
  constructor() {
    super('the import lost its lock to another import');
  }
}

/** Before a step only the lock's holder may take: stops (LockLost) once another holds it. */
async function holding(lock: PersonLock): Promise<void> {
  if (!(await lock.stillHeld())) throw new LockLost();
}

/** Puts everything back as it was before the import started (it failed in this process). */
async function undoImport(
  store: WorkflowStore,
  ctx: SocialCareContext,
  lock: PersonLock,
  transfer: TransferDoc,
  clientId: string,
  indexMayHaveMoved: boolean,
): Promise<void> {
  // Marking it imported may have landed though the call failed: back to importing first, so that
  // a crash while undoing leaves it for the next holder of the lock to undo again.
  await store.moveTransfer(transfer.id, 'IMPORTED', { status: 'IMPORTING' }, clientId);
  await revertImport(
    store,
    ctx,
    lock,
    { ...transfer, status: 'IMPORTING', newClientId: clientId },
    standingBefore(transfer, transfer.updatedAt),
    indexMayHaveMoved,
  );
}

/**
 * Undoes an import's steps from what it wrote before each, in an order that survives a crash at
 * any point: the new record (under the client id the transfer names); the sender's record,
 * whatever part of it is missing, from the archive; the person index pointed back at it if it may
 * have moved; the archive; and last the transfer, back where it stood. Until then the transfer is
 * IMPORTING, so a crash part way leaves it for the next holder of the person's lock to undo again.
 */
async function revertImport(
  store: WorkflowStore,
  ctx: SocialCareContext,
  lock: PersonLock,
  t: TransferDoc,
  standing: ReturnType<typeof standingBefore>,
  indexMayHaveMoved: boolean,
): Promise<void> {
  // Only the lock's holder writes: an undo that stalled past the lock's life stops, and the new
  // holder undoes (or has finished) the import instead.
  if (t.newClientId) {
    await holding(lock);
    await store.removeRecord(t.newClientId);
  }
  // This import's own: an archive another attempt wrote is under its own claim.
  const archived = await store.archiveFor(t.id, t.newClientId);
  if (archived) {
    const { client, assessments, services, caseNotes } = archived;
    await holding(lock);
    await store.restoreRecord({ client, assessments, services, caseNotes });
    if (indexMayHaveMoved) {
      // The index may have moved before the failure: point it back at the sender's record. Should
      // it not take the sender's record back (its details changed since the export), the link to
      // this import's record goes all the same: no borough keeps a relationship it has no record for.
      await holding(lock);
      const back = await ctx.registerPeople([registration(client, client.clientId, client.borough)]);
      if (!back.linked.includes(t.nhsNumber) && t.newClientId)
        await ctx.unlinkPerson({ nhsNumber: t.nhsNumber, localId: t.newClientId, borough: t.toBorough });
    }
    await holding(lock);
    await store.deleteArchive(archived);
  } else if (indexMayHaveMoved && t.newClientId) {
    // A person social care did not hold before: the link the import may have made is taken back.
    await holding(lock);
    await ctx.unlinkPerson({ nhsNumber: t.nhsNumber, localId: t.newClientId, borough: t.toBorough });
  }
  await holding(lock);
  await store.moveTransfer(t.id, 'IMPORTING', standing, t.newClientId);
}
