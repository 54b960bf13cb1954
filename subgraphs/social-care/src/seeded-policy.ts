import type { Cell, FieldPolicy, PolicyDocument, Role } from '@care/common';

/**
 * The social care part of the seeded policy, as this service proposes it (the gateway owns the
 * policy store; this is what it seeds from and what the tests here run under):
 * - social workers and financial officers see everything of their borough's clients, case notes included;
 * - GPs see the summary of their patients' social care (no case notes, assessments, services list or alerts)
 *   and the referrals they make;
 * - unscheduled care (A&E, CP nurse) sees child protection for anyone (CP-IS), and such views notify
 *   the social worker; nothing else;
 * - housing officers, IG admins and managers see nothing here.
 */
const RECORD_OWNERS: Role[] = ['social_worker', 'financial_officer'];
const UNSCHEDULED: Role[] = ['ae_clinician', 'cp_nurse'];

const fieldsOf = (type: string, fields: string[]) => fields.map((f) => `${type}.${f}`);

const WORKER = fieldsOf('Worker', ['id', 'name', 'team', 'phone', 'email']);
const BOROUGH = fieldsOf('Borough', ['code', 'name', 'dutyTeamPhone']);
const CHILD_PROTECTION = fieldsOf('ChildProtection', [
  'onPlan',
  'category',
  'planStart',
  'planEnd',
  'lookedAfter',
  'lookedAfterSince',
  'unbornChildPlan',
  'expectedDeliveryDate',
  'responsibleBorough',
  'contact',
]);
const CARE_SERVICE = fieldsOf('CareService', [
  'id',
  'kind',
  'description',
  'provider',
  'startDate',
  'endDate',
  'hoursPerWeek',
  'weeklyCost',
  'status',
]);
const CONTACT = fieldsOf('Contact', ['id', 'name', 'relationship', 'phone', 'isCarer', 'isEmergencyContact']);
const REFERRAL = [
  ...fieldsOf('Referral', [
    'id',
    'nhsNumber',
    'service',
    'urgency',
    'reason',
    'consentReference',
    'referredBy',
    'referrerOrg',
    'borough',
    'status',
    'history',
    'createdAt',
  ]),
  ...fieldsOf('ReferralEvent', ['status', 'reason', 'by', 'at']),
];

/** The whole record, for the people who own it. */
const FULL_RECORD = [
  'Person.socialCare',
  'Person.referrals',
  ...fieldsOf('SocialCareRecord', [
    'clientId',
    'borough',
    'caseStatus',
    'allocatedWorker',
    'assessments',
    'services',
    'currentCarePackage',
    'childProtection',
    'safeguardingAlerts',
    'contacts',
    'caseNotes',
    'updatedAt',
  ]),
  ...fieldsOf('Assessment', ['id', 'kind', 'status', 'startedOn', 'completedOn', 'outcome']),
  ...fieldsOf('SafeguardingAlert', ['id', 'raisedOn', 'concern', 'status']),
  ...fieldsOf('CaseNote', ['id', 'writtenAt', 'author', 'text']),
  ...WORKER,
  ...BOROUGH,
  ...CHILD_PROTECTION,
  ...CARE_SERVICE,
  ...CONTACT,
  ...REFERRAL,
];

/** What a GP sees of their patient: who to call, what care is in place, and child protection. */
const GP_SUMMARY = [
  'Person.socialCare',
  'Person.referrals',
  // clientId is non-null: withholding it would null the whole record for a GP who selects it.
  ...fieldsOf('SocialCareRecord', [
    'clientId',
    'borough',
    'caseStatus',
    'allocatedWorker',
    'currentCarePackage',
    'childProtection',
    'contacts',
  ]),
  ...WORKER,
  ...BOROUGH,
  ...CHILD_PROTECTION,
  ...CARE_SERVICE,
  ...CONTACT,
  ...REFERRAL,
];

/** CP-IS: the flag, the plan, the borough and whom to call; for anyone unscheduled care sees. */
const CP_IS = [
  'Person.socialCare',
  'SocialCareRecord.childProtection',
  ...CHILD_PROTECTION,
  ...WORKER,
  ...BOROUGH,
];
const NOTIFY = new Set(['SocialCareRecord.childProtection', ...CHILD_PROTECTION]);

const CASELOAD = fieldsOf('CaseloadEntry', [
  'person',
  'nhsNumber',
  'name',
  'dateOfBirth',
  'caseStatus',
  'childProtectionFlag',
  'lastActivityAt',
]);

function build(grants: [string[], Role[], Cell['access']][]): PolicyDocument {
  const fields: Record<string, FieldPolicy> = {};
  for (const [coordinates, roles, access] of grants) {
    for (const c of coordinates) {
      const field = (fields[c] ??= { cells: {} });
      for (const r of roles) field.cells[r] = { access };
      if (NOTIFY.has(c)) field.notifyOnUnscheduledView = true;
    }
  }
  return { fields };
}

export const SOCIAL_CARE_POLICY: PolicyDocument = build([
  [FULL_RECORD, RECORD_OWNERS, 'related'],
  [CASELOAD, ['social_worker'], 'related'],
  [GP_SUMMARY, ['gp'], 'related'],
  [CP_IS, UNSCHEDULED, 'any'],
  // Root operations name no person: only `any` opens them; the resolvers scope them to the caller's org.
  [['Query.myCaseload', 'Query.referralsInbox', 'Mutation.updateReferralStatus'], ['social_worker'], 'any'],
  [['Query.referralsSent'], ['gp'], 'any'],
  [['Mutation.createReferral'], ['gp'], 'related'],
]);
