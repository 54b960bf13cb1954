/**
 * The ELSID transfer format, version 1.0 (xsd/elsid-transfer-v1.xsd): a client's record to XML and
 * back. Both directions live here so they stay each other's inverse.
 */
import { isValidNhsNumber } from '@care/common';
import { boroughRef } from '../../borough';
import type {
  AssessmentDoc,
  CaseNoteDoc,
  CaseStatus,
  ChildProtectionDoc,
  ContactDoc,
  SafeguardingAlertDoc,
  ServiceDoc,
} from '../../store/port';
import type { FullRecord } from '../store';
import { TRANSFER_NAMESPACE, TRANSFER_SCHEMA_VERSION, type Problem } from './validate';
import { child, childrenNamed, leaf, parseXml, textOf, writeXml, type XmlElement, type XmlNode } from './xml';

export interface TransferHeader {
  transferId: string;
  fromBorough: string;
  toBorough: string;
  exportedAt: string;
  exportedBy: string;
}

type Section<T> = Omit<T, '_id' | 'clientId' | 'nhsNumber'>;

/** A record as the file carries it: no local storage keys, ids as the sender had them. */
export interface TransferredRecord {
  nhsNumber: string;
  localClientId: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  caseStatus: CaseStatus;
  childProtection: ChildProtectionDoc | null;
  contacts: ContactDoc[];
  safeguardingAlerts: SafeguardingAlertDoc[];
  assessments: Section<AssessmentDoc>[];
  services: Section<ServiceDoc>[];
  caseNotes: Section<CaseNoteDoc>[];
}

const borough = (name: string, code: string): XmlNode => ({
  name,
  attrs: { code },
  text: boroughRef(code).name,
});

function childProtectionNode(cp: ChildProtectionDoc | null): XmlNode | null {
  if (!cp) return null;
  return {
    name: 'ChildProtection',
    children: [
      leaf('OnPlan', cp.onPlan),
      leaf('Category', cp.category),
      leaf('PlanStart', cp.planStart),
      leaf('PlanEnd', cp.planEnd),
      leaf('LookedAfter', cp.lookedAfter),
      leaf('LookedAfterSince', cp.lookedAfterSince),
      leaf('UnbornChildPlan', cp.unbornChildPlan),
      leaf('ExpectedDeliveryDate', cp.expectedDeliveryDate),
    ],
  };
}

/** A section wrapper: written as an empty element when there is nothing in it. */
const section = (name: string, items: XmlNode[]): XmlNode => ({ name, children: items });

/** The record as transfer XML. */
export function recordToXml(header: TransferHeader, record: FullRecord): string {
  const c = record.client;
  return writeXml({
    name: 'RecordTransfer',
    attrs: { xmlns: TRANSFER_NAMESPACE, schemaVersion: TRANSFER_SCHEMA_VERSION },
    children: [
      {
        name: 'Header',
        children: [
          leaf('TransferId', header.transferId),
          borough('SendingBorough', header.fromBorough),
          borough('ReceivingBorough', header.toBorough),
          leaf('ExportedAt', header.exportedAt),
          leaf('ExportedBy', header.exportedBy),
        ],
      },
      {
        name: 'Client',
        children: [
          leaf('NhsNumber', c.nhsNumber),
          leaf('LocalClientId', c.clientId),
          leaf('GivenName', c.givenName),
          leaf('FamilyName', c.familyName),
          leaf('DateOfBirth', c.dateOfBirth),
          leaf('CaseStatus', c.caseStatus),
          childProtectionNode(c.childProtection),
          section(
            'Contacts',
            c.contacts.map((k) => ({
              name: 'Contact',
              attrs: { id: k.id },
              children: [
                leaf('Name', k.name),
                leaf('Relationship', k.relationship),
                leaf('Phone', k.phone),
                leaf('IsCarer', k.isCarer),
                leaf('IsEmergencyContact', k.isEmergencyContact),
              ],
            })),
          ),
          section(
            'SafeguardingAlerts',
            c.safeguardingAlerts.map((a) => ({
              name: 'Alert',
              attrs: { id: a.id },
              children: [leaf('RaisedOn', a.raisedOn), leaf('Concern', a.concern), leaf('Status', a.status)],
            })),
          ),
          section(
            'Assessments',
            record.assessments.map((a) => ({
              name: 'Assessment',
              attrs: { id: a.id },
              children: [
                leaf('Kind', a.kind),
                leaf('Status', a.status),
                leaf('StartedOn', a.startedOn),
                leaf('CompletedOn', a.completedOn),
                leaf('Outcome', a.outcome),
              ],
            })),
          ),
          section(
            'Services',
            record.services.map((s) => ({
              name: 'Service',
              attrs: { id: s.id },
              children: [
                leaf('Kind', s.kind),
                leaf('Description', s.description),
                leaf('Provider', s.provider),
                leaf('StartDate', s.startDate),
                leaf('EndDate', s.endDate),
                leaf('HoursPerWeek', s.hoursPerWeek),
                leaf('WeeklyCost', s.weeklyCost),
                leaf('Status', s.status),
              ],
            })),
          ),
          section(
            'CaseNotes',
            record.caseNotes.map((n) => ({
              name: 'CaseNote',
              attrs: { id: n.id },
              children: [leaf('WrittenAt', n.writtenAt), leaf('Author', n.author), leaf('Text', n.text)],
            })),
          ),
        ],
      },
    ],
  });
}

// Reading. The XSD has already checked structure and types; these read values it guarantees.

const req = (el: XmlElement, name: string): string => textOf(el, name) ?? '';
const opt = (el: XmlElement, name: string): string | null => textOf(el, name);
const bool = (el: XmlElement, name: string): boolean => ['true', '1'].includes(req(el, name));
const num = (el: XmlElement, name: string): number | null => {
  const v = opt(el, name);
  return v === null ? null : Number(v);
};
const items = (client: XmlElement, wrapper: string, item: string): XmlElement[] => {
  const w = child(client, wrapper);
  return w ? childrenNamed(w, item) : [];
};

function readChildProtection(el: XmlElement | undefined): ChildProtectionDoc | null {
  if (!el) return null;
  return {
    onPlan: bool(el, 'OnPlan'),
    category: opt(el, 'Category') as ChildProtectionDoc['category'],
    planStart: opt(el, 'PlanStart'),
    planEnd: opt(el, 'PlanEnd'),
    lookedAfter: bool(el, 'LookedAfter'),
    lookedAfterSince: opt(el, 'LookedAfterSince'),
    unbornChildPlan: bool(el, 'UnbornChildPlan'),
    expectedDeliveryDate: opt(el, 'ExpectedDeliveryDate'),
  };
}

/** Ids must be unique within a section: they become the receiver's ids. */
function duplicates(section: string, ids: string[], problems: Problem[]): void {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) problems.push({ line: null, message: `${section}: id '${id}' appears more than once` });
    seen.add(id);
  }
}

/**
 * Reads a file the XSD accepted, and checks what an XSD cannot: the NHS number's check digit,
 * unique ids, and that the file moves the record somewhere else.
 */
export function xmlToRecord(xml: string): {
  header: TransferHeader;
  record: TransferredRecord;
  problems: Problem[];
} {
  const root = parseXml(xml);
  const h = child(root, 'Header') as XmlElement;
  const c = child(root, 'Client') as XmlElement;
  const header: TransferHeader = {
    transferId: req(h, 'TransferId'),
    fromBorough: child(h, 'SendingBorough')?.attrs.code ?? '',
    toBorough: child(h, 'ReceivingBorough')?.attrs.code ?? '',
    exportedAt: new Date(req(h, 'ExportedAt')).toISOString(),
    exportedBy: req(h, 'ExportedBy'),
  };
  const record: TransferredRecord = {
    nhsNumber: req(c, 'NhsNumber'),
    localClientId: req(c, 'LocalClientId'),
    givenName: req(c, 'GivenName'),
    familyName: req(c, 'FamilyName'),
    dateOfBirth: req(c, 'DateOfBirth'),
    caseStatus: req(c, 'CaseStatus') as CaseStatus,
    childProtection: readChildProtection(child(c, 'ChildProtection')),
    contacts: items(c, 'Contacts', 'Contact').map((k) => ({
      id: k.attrs.id,
      name: req(k, 'Name'),
      relationship: req(k, 'Relationship'),
      phone: opt(k, 'Phone'),
      isCarer: bool(k, 'IsCarer'),
      isEmergencyContact: bool(k, 'IsEmergencyContact'),
    })),
    safeguardingAlerts: items(c, 'SafeguardingAlerts', 'Alert').map((a) => ({
      id: a.attrs.id,
      raisedOn: req(a, 'RaisedOn'),
      concern: req(a, 'Concern'),
      status: req(a, 'Status') as SafeguardingAlertDoc['status'],
    })),
    assessments: items(c, 'Assessments', 'Assessment').map((a) => ({
      id: a.attrs.id,
      kind: req(a, 'Kind') as AssessmentDoc['kind'],
      status: req(a, 'Status') as AssessmentDoc['status'],
      startedOn: req(a, 'StartedOn'),
      completedOn: opt(a, 'CompletedOn'),
      outcome: opt(a, 'Outcome'),
    })),
    services: items(c, 'Services', 'Service').map((s) => ({
      id: s.attrs.id,
      kind: req(s, 'Kind') as ServiceDoc['kind'],
      description: req(s, 'Description'),
      provider: opt(s, 'Provider'),
      startDate: req(s, 'StartDate'),
      endDate: opt(s, 'EndDate'),
      hoursPerWeek: num(s, 'HoursPerWeek'),
      weeklyCost: num(s, 'WeeklyCost'),
      status: req(s, 'Status') as ServiceDoc['status'],
    })),
    caseNotes: items(c, 'CaseNotes', 'CaseNote').map((n) => ({
      id: n.attrs.id,
      writtenAt: new Date(req(n, 'WrittenAt')).toISOString(),
      author: req(n, 'Author'),
      text: req(n, 'Text'),
    })),
  };
  const problems: Problem[] = [];
  if (!isValidNhsNumber(record.nhsNumber)) {
    problems.push({
      line: null,
      message: `NhsNumber '${record.nhsNumber}' fails its modulus 11 check digit`,
    });
  }
  if (header.fromBorough === header.toBorough) {
    problems.push({ line: null, message: 'SendingBorough and ReceivingBorough are the same borough' });
  }
  duplicates(
    'Contacts',
    record.contacts.map((k) => k.id),
    problems,
  );
  duplicates(
    'SafeguardingAlerts',
    record.safeguardingAlerts.map((a) => a.id),
    problems,
  );
  duplicates(
    'Assessments',
    record.assessments.map((a) => a.id),
    problems,
  );
  duplicates(
    'Services',
    record.services.map((s) => s.id),
    problems,
  );
  duplicates(
    'CaseNotes',
    record.caseNotes.map((n) => n.id),
    problems,
  );
  return { header, record, problems };
}
