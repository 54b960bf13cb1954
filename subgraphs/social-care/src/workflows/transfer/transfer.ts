import { createHash, randomUUID } from 'node:crypto';
import {
  badInput,
  BOROUGHS,
  careError,
  conflict,
  DuplicateKeyError,
  ErrorCode,
  loggableError,
  type PersonRegistration,
} from '@care/common';
import { GraphQLError } from 'graphql';
import type { SocialCareContext } from '../../context';
import type { FullRecord, WorkflowStore } from '../store';
import type { ProvenanceDoc, TransferDoc, WorkflowClientDoc } from '../types';
import { recordToFhirBundle } from './fhir';
import { recordToXml, xmlToRecord, type TransferHeader, type TransferredRecord } from './format';
import type { TransferFileValue, TransferReceiptValue } from './types';
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

/** Checks the file was exported here to the caller's borough, unchanged, and claims it. */
async function claimTransfer(
  store: WorkflowStore,
  ctx: SocialCareContext,
  header: TransferHeader,
  nhsNumber: string,
  current: FullRecord | null,
  xml: string,
): Promise<TransferDoc> {
  const at = ctx.gov.now.toISOString();
  if (!current && (header.fromBorough === ctx.care.org || (await store.servesBorough(header.fromBorough)))) {
    // A borough this service holds records for exports here first: a file naming it with no
    // record behind it was not exported by it (it would give its holder anyone's record).
    throw notYours(
      'No export of this record to your borough matches the file: the borough holding it must export it to you',
      'Mutation.importTransferredRecord',
    );
  }
  if (!current) {
    // From a borough outside this service: there is no export here to match, only the file.
    const doc: TransferDoc = {
      _id: header.transferId,
      id: header.transferId,
      nhsNumber,
      fromBorough: header.fromBorough,
      toBorough: header.toBorough,
      fromClientId: null,
      status: 'IMPORTING',
      exportedAt: header.exportedAt,
      exportedBy: header.exportedBy,
      digest: digestOf(xml),
      external: true,
      importedAt: null,
      importedBy: null,
      newClientId: null,
      updatedAt: at,
    };
    try {
      await store.insertTransfer(doc);
    } catch (e) {
      if (e instanceof DuplicateKeyError) throw conflict('This transfer was already received', {});
      throw e;
    }
    return doc;
  }
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
    throw notYours(
      'No export of this record to your borough matches the file: the borough holding it must export it to you',
      'Mutation.importTransferredRecord',
    );
  }
  if (t.status !== 'EXPORTED') throw conflict('This transfer was already imported, or is being imported', {});
  if (t.digest !== digestOf(xml)) {
    throw invalidFile([
      { line: null, message: 'The file was changed after the sending borough exported it' },
    ]);
  }
  if (!(await store.moveTransfer(t.id, 'EXPORTED', { status: 'IMPORTING', updatedAt: at }))) {
    throw conflict('This transfer is being imported by someone else', {});
  }
  return t;
}

/**
 * Imports a transferred record, all or nothing: validated against the XSD, matched by NHS number,
 * the sender's record archived and replaced, the person index moved to this borough. Any failure
 * undoes every step taken, so nothing is half-imported.
 */
export async function importTransfer(
  store: WorkflowStore,
  ctx: SocialCareContext,
  input: { nhsNumber: string; xml: string },
): Promise<TransferReceiptValue> {
  const schemaProblems = await validateTransferXml(input.xml);
  if (schemaProblems.length) throw invalidFile(schemaProblems);
  let read: ReturnType<typeof xmlToRecord>;
  try {
    read = xmlToRecord(input.xml);
  } catch (e) {
    throw invalidFile([{ line: null, message: (e as Error).message }]);
  }
  if (read.problems.length) throw invalidFile(read.problems);
  const { header, record } = read;
  if (record.nhsNumber !== input.nhsNumber) {
    throw badInput('The file is about a different person than input.nhsNumber', {
      argument: 'input.nhsNumber',
    });
  }
  if (header.toBorough !== ctx.care.org) {
    throw notYours('The file is addressed to another borough', 'Mutation.importTransferredRecord');
  }

  const current = await store.fullRecord(record.nhsNumber);
  const transfer = await claimTransfer(store, ctx, header, record.nhsNumber, current, input.xml);
  const at = ctx.gov.now.toISOString();
  const clientId = `ELSID-${randomUUID().slice(0, 8).toUpperCase()}`;
  const received = receivedRecord(record, clientId, ctx.care.org, {
    transferId: header.transferId,
    fromBorough: header.fromBorough,
    fromClientId: record.localClientId,
    exportedAt: header.exportedAt,
    exportedBy: header.exportedBy,
    importedAt: at,
    importedBy: ctx.care.name,
  });

  const done = { archived: false, removed: false, registered: false };
  try {
    if (current) {
      await store.insertArchive({
        _id: header.transferId,
        transferId: header.transferId,
        nhsNumber: record.nhsNumber,
        borough: current.client.borough,
        archivedAt: at,
        ...current,
      });
      done.archived = true;
      done.removed = true;
      await store.removeRecord(current.client.clientId);
    }
    await store.insertRecord(received);
    const linked = await ctx.registerPeople([registration(record, clientId, ctx.care.org)]);
    if (!linked.linked.includes(record.nhsNumber)) {
      throw invalidFile([
        {
          line: null,
          message:
            'The name and date of birth in the file do not match the person index for this NHS number; it is held for an administrator to match',
        },
      ]);
    }
    done.registered = true;
    await store.moveTransfer(transfer.id, 'IMPORTING', {
      status: 'IMPORTED',
      importedAt: at,
      importedBy: ctx.care.name,
      newClientId: clientId,
      updatedAt: at,
    });
  } catch (e) {
    await undoImport(store, ctx, { transfer, clientId, current, ...done }).catch((undoError: Error) =>
      ctx.log.error(
        { err: loggableError(undoError), transferId: transfer.id },
        'undoing a failed import failed',
      ),
    );
    if (e instanceof GraphQLError) throw e;
    ctx.log.error({ err: loggableError(e), transferId: transfer.id }, 'record import failed');
    throw careError(ErrorCode.INTERNAL_SERVER_ERROR, 'The import failed and was undone: nothing changed');
  }
  return {
    transferId: header.transferId,
    nhsNumber: record.nhsNumber,
    fromBorough: header.fromBorough,
    toBorough: ctx.care.org,
    clientId,
    importedAt: at,
    importedBy: ctx.care.name,
    sectionCounts: {
      assessments: received.assessments.length,
      services: received.services.length,
      caseNotes: received.caseNotes.length,
      contacts: received.client.contacts.length,
      safeguardingAlerts: received.client.safeguardingAlerts.length,
    },
  };
}

/** Puts everything back as it was before the import started. */
async function undoImport(
  store: WorkflowStore,
  ctx: SocialCareContext,
  s: {
    transfer: TransferDoc;
    clientId: string;
    current: FullRecord | null;
    archived: boolean;
    removed: boolean;
    registered: boolean;
  },
): Promise<void> {
  await store.removeRecord(s.clientId);
  if (s.current && s.removed) {
    // Whatever part of the old record the removal reached, it comes back whole.
    await store.removeRecord(s.current.client.clientId);
    await store.insertRecord(s.current);
  }
  if (s.archived) await store.deleteArchive(s.transfer.id);
  if (s.registered && s.current) {
    const c = s.current.client;
    await ctx.registerPeople([registration(c, c.clientId, c.borough)]);
  }
  if (s.transfer.external) await store.deleteTransfer(s.transfer.id);
  else
    await store.moveTransfer(s.transfer.id, 'IMPORTING', {
      status: 'EXPORTED',
      updatedAt: s.transfer.updatedAt,
    });
}
