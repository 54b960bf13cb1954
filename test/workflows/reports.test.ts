import { Stack } from '../support/stack';
import { admit } from './admissions';
import { ext, key } from './support';

const HF = 'E09000013';
const RICHFORD = 'E85001';

const REPORT = `query($org: String, $from: String!, $to: String!) { organisationReport(organisation: $org, from: $from, to: $to) {
  organisation organisationName from to
  referralsReceived { value suppressed }
  referralsByStatus { status count { value suppressed } }
  medianDaysReferralToAssessment { days suppressed }
  correctionsAccepted { value suppressed }
  correctionsRejected { value suppressed }
  recordsTransferredIn { value suppressed }
  assessmentNotices { value suppressed }
  dischargeNotices { value suppressed }
  peopleDelayed { value suppressed }
  delayedDischargeDays { value suppressed }
} }`;
const REFER = `mutation($input: ReferralInput!) { createReferral(input: $input) { id } }`;
const MOVE = `mutation($id: ID!, $status: ReferralStatus!, $reason: String) { updateReferralStatus(id: $id, status: $status, reason: $reason) { status } }`;
const NOTICE = `mutation($input: DischargeNoticeInput!) { sendDischargeNotice(input: $input) { id } }`;

type Cell = { value: number | null; suppressed: boolean };
type Report = Record<string, Cell> & {
  referralsByStatus: { status: string; count: Cell }[];
  medianDaysReferralToAssessment: { days: number | null; suppressed: boolean };
};

describe('organisation reports (CIS) through the gateway', () => {
  let stack: Stack;
  const today = new Date().toISOString().slice(0, 10);

  beforeAll(async () => {
    stack = await Stack.start({ people: 400 });
    const gp = await stack.as('gp');
    const sw = await stack.as('social_worker');
    const ae = await stack.as('ae_clinician');
    const people = (
      await stack.governance.persons.find(
        { borough: HF, gpPractice: RICHFORD, knownTo: 'SOCIAL_CARE' },
        { sort: { _id: 1 }, limit: 7 },
      )
    ).map((p) => p._id);
    expect(people).toHaveLength(7);
    // Seven referrals today: five get an assessment booked, one is declined, one waits.
    for (const [i, nhsNumber] of people.entries()) {
      const r = await gp.request<{ createReferral: { id: string } }>(REFER, {
        input: {
          nhsNumber,
          service: 'ASSESSMENT',
          urgency: 'SOON',
          reason: 'Report test',
          idempotencyKey: key('rep'),
        },
      });
      const id = r.data!.createReferral.id;
      if (i < 5) {
        await sw.request(MOVE, { id, status: 'TRIAGED' });
        await sw.request(MOVE, { id, status: 'ASSESSMENT_BOOKED' });
      } else if (i === 5) await sw.request(MOVE, { id, status: 'DECLINED', reason: 'Needs met by family' });
    }
    // Five of them are in hospital two days past their planned discharge, with discharge notices; one has an assessment notice.
    for (const nhsNumber of people.slice(0, 5)) {
      await admit(stack, nhsNumber, { dueDaysAgo: 2 });
      await ae.request(NOTICE, { input: { nhsNumber, kind: 'DISCHARGE', idempotencyKey: key('rep') } });
    }
    await ae.request(NOTICE, {
      input: { nhsNumber: people[0], kind: 'ASSESSMENT', idempotencyKey: key('rep') },
    });
  });
  afterAll(() => stack.stop());

  it('gives a manager aggregates for the borough and period, suppressing cells under 5 people and rounding to 5', async () => {
    const mgr = await stack.as('manager');
    const r = await mgr.request<{ organisationReport: Report }>(REPORT, { from: today, to: today });
    expect(r.errors).toBeUndefined();
    const report = r.data!.organisationReport;
    expect(report).toMatchObject({
      organisation: HF,
      organisationName: 'Hammersmith & Fulham',
      // Seven referrals, published as 5: counts are rounded to the nearest 5.
      referralsReceived: { value: 5, suppressed: false },
      medianDaysReferralToAssessment: { days: 0, suppressed: false },
      correctionsAccepted: { value: null, suppressed: true },
      dischargeNotices: { value: 5, suppressed: false },
      peopleDelayed: { value: 5, suppressed: false },
      delayedDischargeDays: { value: 10, suppressed: false },
      assessmentNotices: { value: null, suppressed: true },
    });
    const byStatus = Object.fromEntries(report.referralsByStatus.map((s) => [s.status, s.count]));
    expect(byStatus.ASSESSMENT_BOOKED).toEqual({ value: 5, suppressed: false });
    expect(byStatus.DECLINED).toEqual({ value: null, suppressed: true });
    expect(byStatus.RECEIVED).toEqual({ value: null, suppressed: true });
    // Aggregates only: no NHS number anywhere in the answer.
    expect(JSON.stringify(r.data)).not.toMatch(/\d{10}/);
  });

  it('shows an earlier period with nothing in it as suppressed, never as a count of a few', async () => {
    const mgr = await stack.as('manager');
    const r = await mgr.request<{ organisationReport: Report }>(REPORT, {
      from: '2020-01-01',
      to: '2020-01-31',
    });
    expect(r.data?.organisationReport.referralsReceived).toEqual({ value: null, suppressed: true });
    expect(r.data?.organisationReport.delayedDischargeDays).toEqual({ value: null, suppressed: true });
  });

  it('refuses a bad period or organisation, and personal data or reports to the wrong roles', async () => {
    const mgr = await stack.as('manager');
    expect(ext(await mgr.request(REPORT, { from: today, to: '2001-01-01' }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'to',
    });
    expect(ext(await mgr.request(REPORT, { from: '22/11/2026', to: today }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'from',
    });
    expect(ext(await mgr.request(REPORT, { from: '2026-02-31', to: today }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'from',
    });
    expect(ext(await mgr.request(REPORT, { org: 'E85001', from: today, to: today }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'organisation',
    });
    const person = await mgr.request(
      'query($n: NhsNumber!){ person(nhsNumber: $n) { socialCare { caseStatus } } }',
      { n: stack.seed.summary.knownToAll[0] },
    );
    expect(ext(person)).toMatchObject({ code: 'FORBIDDEN' });
    expect(ext(await (await stack.as('gp')).request(REPORT, { from: today, to: today }))).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'role',
    });
  });
  it("counts break-glass uses by the organisation's staff, suppressed under 5 people", async () => {
    const mgr = await stack.as('manager');
    const BG =
      'query($from: String!, $to: String!) { organisationReport(from: $from, to: $to) { breakGlassUses { value suppressed } } }';
    expect(
      (await mgr.request<{ organisationReport: { breakGlassUses: Cell } }>(BG, { from: today, to: today }))
        .data?.organisationReport.breakGlassUses,
    ).toEqual({
      value: null,
      suppressed: true,
    });
    const sw = await stack.as('social_worker');
    const people = (await stack.governance.persons.find({ borough: { $ne: HF } }, { limit: 6 })).map(
      (p) => p._id,
    );
    for (const n of people) {
      const r = await sw.request(
        'mutation($n: NhsNumber!){ openBreakGlass(nhsNumber:$n, reason: SAFEGUARDING, detail:"Adult at risk, duty call out of hours"){ id } }',
        { n },
      );
      expect(r.errors).toBeUndefined();
    }
    const after = await mgr.request<{ organisationReport: { breakGlassUses: Cell } }>(BG, {
      from: today,
      to: today,
    });
    // Six people, rounded to the nearest 5.
    expect(after.data?.organisationReport.breakGlassUses).toEqual({ value: 5, suppressed: false });
  });
});
