import { MAX_TEXT_LENGTH } from '@care/common';
import { randomUUID } from 'node:crypto';
import { validateTransferXml } from '../../subgraphs/social-care/src/workflows/transfer/validate';
import type { GatewayClient } from '../support/client';
import { Stack } from '../support/stack';
import { ext, signInAs } from './support';

const HF = 'E09000013';
const KC = 'E09000020';
const EALING = 'E09000009';

const EXPORT = `mutation($n: NhsNumber!, $to: String!) { exportRecordForTransfer(input: { nhsNumber: $n, toBorough: $to }) {
  transferId fromBorough toBorough schemaVersion status xml fhirBundle } }`;
const IMPORT = `mutation($n: NhsNumber!, $xml: String!) { importTransferredRecord(input: { nhsNumber: $n, xml: $xml }) {
  transferId status clientId fromBorough toBorough importedBy sectionCounts { assessments services caseNotes contacts safeguardingAlerts } } }`;
const EXTERNAL = `query($s: TransferStatus) { externalTransfers(status: $s) {
  transferId nhsNumber givenName familyName fromBorough toBorough status submittedBy decidedBy refusalReason clientId } }`;
const APPROVE = `mutation($id: ID!) { approveExternalTransfer(transferId: $id) { status clientId importedBy approvedBy } }`;
const REFUSE = `mutation($id: ID!, $r: String!) { refuseExternalTransfer(transferId: $id, reason: $r) { status refusalReason } }`;
const RECORD = `query($n: NhsNumber!) { person(nhsNumber: $n) { socialCare {
  clientId caseStatus borough { code }
  childProtection { onPlan responsibleBorough { code } }
  provenance { transferId fromBorough { code } fromClientId exportedBy importedBy approvedBy }
  assessments { kind startedOn } caseNotes { text }
} } }`;

type Receipt = { transferId: string; clientId: string; sectionCounts: Record<string, number> };
type Problems = { line: number | null; message: string }[];

describe('record transfer between boroughs (ELSID) through the gateway', () => {
  let stack: Stack;
  let child: string;
  let kc: GatewayClient;
  let hf: GatewayClient;

  beforeAll(async () => {
    stack = await Stack.start({ people: 400 });
    child = stack.seed.summary.childOnCpPlan.find(
      (n) => stack.seed.population.people.find((p) => p.nhsNumber === n)?.borough === HF,
    ) as string;
    hf = await stack.as('social_worker');
    kc = await signInAs(stack, {
      username: 'sw.kc',
      name: 'Kim Chen',
      role: 'social_worker',
      org: KC,
      orgName: 'Kensington & Chelsea',
    });
  });
  afterAll(() => stack.stop());

  const sc = () => stack.subgraphs['social-care'].store;
  const snapshot = async () => ({
    client: await sc().collection<{ _id: string; clientId: string }>('clients').findOne({ nhsNumber: child }),
    assessments: await sc().collection('assessments').count({ nhsNumber: child }),
    caseNotes: await sc().collection('caseNotes').count({ nhsNumber: child }),
    index: (await stack.governance.persons.findOne({ _id: child }))?.borough,
  });
  const exported = async (to = KC) => {
    const r = await hf.request<{
      exportRecordForTransfer: { transferId: string; xml: string; fhirBundle: string };
    }>(EXPORT, { n: child, to });
    expect(r.errors).toBeUndefined();
    return r.data!.exportRecordForTransfer;
  };

  it('exports the record as XML that validates against the published XSD, and as a FHIR Bundle', async () => {
    const file = await exported();
    expect(await validateTransferXml(file.xml)).toEqual([]);
    expect(file.xml).toContain(`<NhsNumber>${child}</NhsNumber>`);
    expect(file.xml).toContain(`<ReceivingBorough code="${KC}">Kensington &amp; Chelsea</ReceivingBorough>`);
    const bundle = JSON.parse(file.fhirBundle) as {
      resourceType: string;
      entry: { resource: { resourceType: string; identifier?: { value: string }[] } }[];
    };
    expect(bundle.resourceType).toBe('Bundle');
    const patient = bundle.entry.find((e) => e.resource.resourceType === 'Patient');
    expect(patient?.resource.identifier?.[0].value).toBe(child);
    expect(bundle.entry.some((e) => e.resource.resourceType === 'Flag')).toBe(true);
  });

  it('rejects malformed, invalid, altered and misaddressed files with their problems, changing nothing', async () => {
    const file = await exported();
    const before = await snapshot();
    const importAs = (who: GatewayClient, xml: string, n = child) => who.request(IMPORT, { n, xml });

    const malformed = await importAs(kc, file.xml.slice(0, 400));
    expect(ext(malformed)).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.xml' });
    expect((ext(malformed)?.problems as Problems).length).toBeGreaterThan(0);

    // Real files run to hundreds of kilobytes: one longer than any note may be reaches the file's
    // own checks (this one fails its digest, being padded after export), not a text length limit.
    const long = file.xml.replace(/^(<\?xml[^>]*\?>)/, `$1<!-- ${'padding '.repeat(2000)}-->`);
    expect(long.length).toBeGreaterThan(MAX_TEXT_LENGTH);
    expect((ext(await importAs(kc, long))?.problems as Problems).map((p) => p.message)).toEqual([
      'The file was changed after the sending borough exported it',
    ]);

    const invalid = await importAs(
      kc,
      file.xml
        .replace(/<CaseStatus>\w+<\/CaseStatus>/, '<CaseStatus>LOST</CaseStatus>')
        .replace(/<DateOfBirth>/, '<DateOfBirth>not-a-date'),
    );
    const problems = ext(invalid)?.problems as Problems;
    expect(problems.map((p) => p.message).join('\n')).toMatch(/CaseStatus/);
    expect(problems.map((p) => p.message).join('\n')).toMatch(/DateOfBirth/);
    expect(problems.every((p) => typeof p.line === 'number')).toBe(true);

    const doctype = await importAs(
      kc,
      `<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>${file.xml.replace(/^<\?xml[^>]*>/, '')}`,
    );
    expect(ext(doctype)?.problems).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/DOCTYPE/) }),
    ]);

    const altered = await importAs(
      kc,
      file.xml.replace(/<GivenName>[^<]*<\/GivenName>/, '<GivenName>Someone</GivenName>'),
    );
    expect((ext(altered)?.problems as Problems)[0].message).toMatch(/changed after/);

    const ealing = await signInAs(stack, {
      username: 'sw.ealing',
      name: 'Eli Ng',
      role: 'social_worker',
      org: EALING,
      orgName: 'Ealing',
    });
    expect(ext(await importAs(ealing, file.xml))).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'relationship',
    });
    expect(ext(await importAs(kc, file.xml, stack.seed.summary.knownToAll[0]))).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'input.nhsNumber',
    });
    // A file made to look like another of this service's boroughs' exports, about someone social
    // care has never held, would give the importer a relationship with anyone.
    const targetNhs = stack.seed.summary.healthOnly[0];
    const target = stack.seed.population.people.find((p) => p.nhsNumber === targetNhs)!;
    const forged = file.xml
      .replace(/<SendingBorough code="[^"]*"/, `<SendingBorough code="${KC}"`)
      .replace(/<ReceivingBorough code="[^"]*"/, `<ReceivingBorough code="${HF}"`)
      .replace(/<NhsNumber>[^<]*</, `<NhsNumber>${targetNhs}<`)
      .replace(/<GivenName>[^<]*</, `<GivenName>${target.givenName}<`)
      .replace(/<FamilyName>[^<]*</, `<FamilyName>${target.familyName}<`)
      .replace(/<DateOfBirth>[^<]*</, `<DateOfBirth>${target.dateOfBirth}<`);
    expect(forged).toContain(`<SendingBorough code="${KC}"`);
    const heldBefore = await sc().collection('clients').count({ nhsNumber: targetNhs });
    expect(ext(await importAs(hf, forged, targetNhs))).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'relationship',
    });
    expect(await sc().collection('clients').count({ nhsNumber: targetNhs })).toBe(heldBefore);
    // The receiving borough cannot export what it does not hold.
    expect(ext(await kc.request(EXPORT, { n: child, to: KC }))).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'relationship',
    });

    expect(await snapshot()).toEqual(before);
  });

  const OUTSIDE = 'E09000099';
  /** A file about someone social care has never held, sent to Hammersmith & Fulham from outside. */
  const inbound = (file: { xml: string }, n: string) => {
    const p = stack.seed.population.people.find((x) => x.nhsNumber === n)!;
    const id = randomUUID();
    const xml = file.xml
      .replace(/<SendingBorough code="[^"]*"/, `<SendingBorough code="${OUTSIDE}"`)
      .replace(/<ReceivingBorough code="[^"]*"/, `<ReceivingBorough code="${HF}"`)
      .replace(/<TransferId>[^<]*</, `<TransferId>${id}<`)
      .replace(/<NhsNumber>[^<]*</, `<NhsNumber>${n}<`)
      .replace(/<GivenName>[^<]*</, `<GivenName>${p.givenName}<`)
      .replace(/<FamilyName>[^<]*</, `<FamilyName>${p.familyName}<`)
      .replace(/<DateOfBirth>[^<]*</, `<DateOfBirth>${p.dateOfBirth}<`);
    return { id, xml, person: p };
  };

  it('holds a file from a borough outside the service for an IG admin: no record and no relationship until approved', async () => {
    const file = await exported();
    const ig = await stack.as('ig_admin');
    const [approved, refused] = stack.seed.summary.healthOnly.slice(1, 3).map((n) => inbound(file, n));
    for (const f of [approved, refused]) {
      const r = await hf.request<{ importTransferredRecord: { status: string; clientId: string | null } }>(
        IMPORT,
        { n: f.person.nhsNumber, xml: f.xml },
      );
      expect(r.errors).toBeUndefined();
      expect(r.data?.importTransferredRecord).toMatchObject({ status: 'AWAITING_APPROVAL', clientId: null });
      // A file is not a relationship: nothing is held and the person index has not moved.
      expect(await sc().collection('clients').count({ nhsNumber: f.person.nhsNumber })).toBe(0);
      const denied = await hf.request(RECORD, { n: f.person.nhsNumber });
      expect(denied.data?.person).toBeNull();
      expect(ext(denied)).toMatchObject({ code: 'FORBIDDEN', reason: 'relationship' });
    }

    const queue = await ig.request<{ externalTransfers: Record<string, unknown>[] }>(EXTERNAL, {});
    expect(queue.errors).toBeUndefined();
    expect(queue.data?.externalTransfers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          transferId: approved.id,
          nhsNumber: approved.person.nhsNumber,
          familyName: approved.person.familyName,
          fromBorough: OUTSIDE,
          toBorough: HF,
          status: 'AWAITING_APPROVAL',
          submittedBy: 'Asha Patel',
        }),
      ]),
    );
    // Reading the queue is a read of each person it names.
    const reads = await stack.governance.audit.find({ kind: 'read', persons: approved.person.nhsNumber });
    expect(reads.some((a) => a.role === 'ig_admin')).toBe(true);

    // The social worker who submitted it cannot approve it; an IG admin can, once the sender confirms.
    expect(ext(await hf.request(APPROVE, { id: approved.id }))).toMatchObject({ code: 'FORBIDDEN' });
    const ok = await ig.request<{ approveExternalTransfer: Record<string, unknown> }>(APPROVE, {
      id: approved.id,
    });
    expect(ok.errors).toBeUndefined();
    expect(ok.data?.approveExternalTransfer).toMatchObject({ status: 'IMPORTED', importedBy: 'Asha Patel' });
    const seen = await hf.request<{ person: { socialCare: Record<string, unknown> } }>(RECORD, {
      n: approved.person.nhsNumber,
    });
    expect(seen.errors).toBeUndefined();
    expect(seen.data?.person.socialCare).toMatchObject({
      borough: { code: HF },
      provenance: {
        fromBorough: { code: OUTSIDE },
        importedBy: 'Asha Patel',
        approvedBy: expect.any(String),
      },
    });
    expect((await stack.governance.persons.findOne({ _id: approved.person.nhsNumber }))?.borough).toBe(HF);
    const writes = await stack.governance.audit.find({ kind: 'write', persons: approved.person.nhsNumber });
    expect(writes.map((a) => `${a.role} ${a.note}`)).toEqual(
      expect.arrayContaining(['ig_admin outcome: approveExternalTransfer']),
    );

    const no = await ig.request<{ refuseExternalTransfer: Record<string, unknown> }>(REFUSE, {
      id: refused.id,
      r: 'The sending borough has no record of sending this',
    });
    expect(no.data?.refuseExternalTransfer).toEqual({
      status: 'REFUSED',
      refusalReason: 'The sending borough has no record of sending this',
    });
    expect(await sc().collection('clients').count({ nhsNumber: refused.person.nhsNumber })).toBe(0);
    const mine = await hf.request<{ externalTransfers: { transferId: string }[] }>(EXTERNAL, {
      s: 'REFUSED',
    });
    expect(mine.data?.externalTransfers.map((t) => t.transferId)).toContain(refused.id);
    expect(ext(await ig.request(APPROVE, { id: refused.id }))).toMatchObject({ code: 'CONFLICT' });
  });

  it('counts what waits for an IG admin beside their pages, naming nobody', async () => {
    const WAITING =
      'query Waiting { workWaiting { openMatches openBreakGlassAlerts externalTransfersAwaiting } }';
    type Waiting = { workWaiting: Record<string, number> };
    const ig = await stack.as('ig_admin');
    const before = await ig.request<Waiting>(WAITING, {});
    expect(before.errors).toBeUndefined();
    const counts = before.data!.workWaiting;
    // The same queues the IG admin's pages list.
    expect(counts.openMatches).toBe(await stack.governance.matches.count({ status: 'OPEN' }));
    expect(counts.openBreakGlassAlerts).toBe(await stack.governance.alerts.count({ status: 'OPEN' }));

    const f = inbound(await exported(), stack.seed.summary.healthOnly[4]);
    const held = await hf.request(IMPORT, { n: f.person.nhsNumber, xml: f.xml });
    expect(held.errors).toBeUndefined();
    const after = await ig.request<Waiting>(WAITING, {});
    expect(after.data?.workWaiting.externalTransfersAwaiting).toBe(counts.externalTransfersAwaiting + 1);
    await ig.request(REFUSE, { id: f.id, r: 'Not confirmed by the sender' });
    const decided = await ig.request<Waiting>(WAITING, {});
    expect(decided.data?.workWaiting.externalTransfersAwaiting).toBe(counts.externalTransfersAwaiting);

    // A count names nobody, so asking for it reads nobody's record.
    const asked = await stack.governance.audit.find({ operationName: 'Waiting' });
    expect(asked.flatMap((a) => a.persons)).toEqual([]);
    // Default deny: the seeded policy counts nothing for other roles.
    expect(ext(await hf.request(WAITING, {}))).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('imports into the receiving borough: matched by NHS number, provenance kept, the sender cut off, CP borough moved, both sides audited', async () => {
    const file = await exported();
    const before = await snapshot();
    const r = await kc.request<{ importTransferredRecord: Receipt }>(IMPORT, { n: child, xml: file.xml });
    expect(r.errors).toBeUndefined();
    const receipt = r.data!.importTransferredRecord;
    expect(receipt).toMatchObject({ transferId: file.transferId, fromBorough: HF, toBorough: KC });
    expect(receipt.sectionCounts.assessments).toBe(before.assessments);
    expect(before.assessments + before.caseNotes).toBeGreaterThan(0);
    expect(receipt.sectionCounts.caseNotes).toBe(before.caseNotes);

    const seen = await kc.request<{ person: { socialCare: Record<string, unknown> } }>(RECORD, { n: child });
    expect(seen.errors).toBeUndefined();
    expect(seen.data?.person.socialCare).toMatchObject({
      clientId: receipt.clientId,
      caseStatus: 'AWAITING_ALLOCATION',
      borough: { code: KC },
      childProtection: { onPlan: true, responsibleBorough: { code: KC } },
      provenance: {
        transferId: file.transferId,
        fromBorough: { code: HF },
        fromClientId: before.client?.clientId,
        exportedBy: 'Asha Patel',
        importedBy: 'Kim Chen',
      },
    });
    expect((await snapshot()).index).toBe(KC);

    const cutOff = await hf.request(RECORD, { n: child });
    expect(cutOff.data?.person).toBeNull();
    expect(ext(cutOff)).toMatchObject({ code: 'FORBIDDEN', reason: 'relationship' });

    const audit = await stack.governance.audit.find({ kind: 'write', persons: child });
    const outcomes = audit.map((a) => `${a.user} ${a.note}`);
    expect(outcomes).toEqual(
      expect.arrayContaining([
        'sw.patel outcome: exportRecordForTransfer',
        'sw.kc outcome: importTransferredRecord',
      ]),
    );

    // The same file again changes nothing.
    expect(ext(await kc.request(IMPORT, { n: child, xml: file.xml }))).toMatchObject({ code: 'CONFLICT' });
  });
});
