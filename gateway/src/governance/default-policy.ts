import type { Access, PolicyDocument, Role } from '@care/common';
import type { GraphQLSchema } from 'graphql';
import { governedTypes } from './api-schema';

type Grant = [pattern: string, roles: Role[], access: Access, consent?: string];

const CLINICIANS: Role[] = ['gp', 'ae_clinician', 'cp_nurse'];
const UNSCHEDULED: Role[] = ['ae_clinician', 'cp_nurse'];
const SOCIAL_CARE: Role[] = ['social_worker', 'financial_officer'];
const STAFF: Role[] = [...CLINICIANS, ...SOCIAL_CARE, 'housing_officer', 'ig_admin', 'manager'];

/**
 * The seeded policy (SPEC "Information governance rules"): social workers see health flags and
 * encounter summaries, not diagnoses or medications; GPs see the social care summary, not case
 * notes; unscheduled care always sees child protection flags and the responsible contacts; council
 * officers see council data only; managers see no personal data. Everything else is denied.
 */
const GRANTS: Grant[] = [
  // Entry points and identity.
  ['Mutation.login', ['anonymous', ...STAFF], 'any'],
  ['Query.me', STAFF, 'any'],
  ['User.*', STAFF, 'any'],
  ['LoginResult.*', ['anonymous', ...STAFF], 'any'],
  ['Query.person', [...CLINICIANS, ...SOCIAL_CARE, 'housing_officer'], 'related'],
  ['Person.knownTo', [...CLINICIANS, ...SOCIAL_CARE, 'housing_officer'], 'related'],
  ['Person.demographics', [...CLINICIANS, ...SOCIAL_CARE, 'housing_officer'], 'related'],
  ['IndexDemographics.*', [...CLINICIANS, ...SOCIAL_CARE, 'housing_officer'], 'related'],
  // Unscheduled care looks anyone up by NHS number (CP-IS); the rest of the record needs presence.
  ['Query.person', UNSCHEDULED, 'any'],
  ['Person.knownTo', UNSCHEDULED, 'any'],

  // Social care: its own staff see their borough's clients.
  ['Person.socialCare', SOCIAL_CARE, 'related'],
  ['SocialCareRecord.*', SOCIAL_CARE, 'related'],
  ['Worker.*', SOCIAL_CARE, 'related'],
  ['Borough.*', SOCIAL_CARE, 'related'],
  ['Assessment.*', SOCIAL_CARE, 'related'],
  ['CareService.*', SOCIAL_CARE, 'related'],
  ['ChildProtection.*', SOCIAL_CARE, 'related'],
  ['SafeguardingAlert.*', SOCIAL_CARE, 'related'],
  ['Contact.*', SOCIAL_CARE, 'related'],
  ['CaseNote.*', SOCIAL_CARE, 'related'],
  ['Person.referrals', SOCIAL_CARE, 'related'],
  ['Referral.*', [...SOCIAL_CARE, 'gp'], 'related'],
  ['ReferralEvent.*', [...SOCIAL_CARE, 'gp'], 'related'],
  ['CaseloadEntry.*', ['social_worker'], 'related'],
  ['Query.myCaseload', ['social_worker'], 'any'],
  ['Query.referralsInbox', SOCIAL_CARE, 'any'],
  ['Mutation.updateReferralStatus', ['social_worker'], 'any'],
  ['Query.referralsSent', ['gp'], 'any'],
  ['Mutation.createReferral', ['gp'], 'related'],
  ['Person.referrals', ['gp'], 'related'],

  // GPs: the social care summary, with the person's consent for social care to health.
  ['Person.socialCare', ['gp'], 'related', 'social_care_to_health'],
  ['SocialCareRecord.clientId', ['gp'], 'related', 'social_care_to_health'],
  ['SocialCareRecord.borough', ['gp'], 'related', 'social_care_to_health'],
  ['SocialCareRecord.caseStatus', ['gp'], 'related', 'social_care_to_health'],
  ['SocialCareRecord.allocatedWorker', ['gp'], 'related', 'social_care_to_health'],
  ['SocialCareRecord.currentCarePackage', ['gp'], 'related', 'social_care_to_health'],
  ['SocialCareRecord.services', ['gp'], 'related', 'social_care_to_health'],
  ['SocialCareRecord.childProtection', ['gp'], 'related', 'social_care_to_health'],
  ['SocialCareRecord.contacts', ['gp'], 'related', 'social_care_to_health'],
  ['Worker.*', ['gp'], 'related', 'social_care_to_health'],
  ['Borough.*', ['gp'], 'related', 'social_care_to_health'],
  ['CareService.*', ['gp'], 'related', 'social_care_to_health'],
  ['ChildProtection.*', ['gp'], 'related', 'social_care_to_health'],
  ['Contact.*', ['gp'], 'related', 'social_care_to_health'],

  // Unscheduled care (CP-IS): the flag and who to call, for any child, always; views notify.
  ['Person.socialCare', UNSCHEDULED, 'any'],
  ['SocialCareRecord.childProtection', UNSCHEDULED, 'any'],
  ['ChildProtection.*', UNSCHEDULED, 'any'],
  ['Borough.*', UNSCHEDULED, 'any'],
  ['Worker.*', UNSCHEDULED, 'any'],
  ['Mutation.declarePresence', UNSCHEDULED, 'any'],
  ['Presence.*', UNSCHEDULED, 'any'],

  // Health: clinicians with a relationship see the record.
  ['Person.health', CLINICIANS, 'related'],
  ['HealthRecord.*', CLINICIANS, 'related'],
  ['GpPractice.*', CLINICIANS, 'related'],
  ['HealthDemographics.*', CLINICIANS, 'related'],
  ['Condition.*', CLINICIANS, 'related'],
  ['Medication.*', CLINICIANS, 'related'],
  ['Allergy.*', CLINICIANS, 'related'],
  ['Encounter.*', CLINICIANS, 'related'],
  ['ClinicalFlag.*', CLINICIANS, 'related'],
  ['Observation.*', CLINICIANS, 'related'],
  ['Person.healthFlags', CLINICIANS, 'related'],
  ['HealthFlags.*', CLINICIANS, 'related'],
  ['AdmissionSummary.*', CLINICIANS, 'related'],
  ['Query.practicePatients', ['gp'], 'any'],

  // Social care sees health flags and encounter summaries, with consent for health to social care.
  ['Person.healthFlags', SOCIAL_CARE, 'related', 'health_to_social_care'],
  ['HealthFlags.*', SOCIAL_CARE, 'related', 'health_to_social_care'],
  ['AdmissionSummary.*', SOCIAL_CARE, 'related', 'health_to_social_care'],
  ['Person.health', SOCIAL_CARE, 'related', 'health_to_social_care'],
  ['HealthRecord.registeredPractice', SOCIAL_CARE, 'related', 'health_to_social_care'],
  ['GpPractice.*', SOCIAL_CARE, 'related', 'health_to_social_care'],
  ['HealthRecord.encounters', SOCIAL_CARE, 'related', 'health_to_social_care'],
  ['Encounter.id', SOCIAL_CARE, 'related', 'health_to_social_care'],
  ['Encounter.kind', SOCIAL_CARE, 'related', 'health_to_social_care'],
  ['Encounter.hospital', SOCIAL_CARE, 'related', 'health_to_social_care'],
  ['Encounter.hospitalCode', SOCIAL_CARE, 'related', 'health_to_social_care'],
  ['Encounter.start', SOCIAL_CARE, 'related', 'health_to_social_care'],
  ['Encounter.end', SOCIAL_CARE, 'related', 'health_to_social_care'],
  ['Encounter.expectedDischargeDate', SOCIAL_CARE, 'related', 'health_to_social_care'],
  ['Encounter.status', SOCIAL_CARE, 'related', 'health_to_social_care'],
  ['Encounter.delayedDays', SOCIAL_CARE, 'related', 'health_to_social_care'],

  // Council: its officers see their residents; social care sees the income statement with consent.
  ['Person.council', ['housing_officer'], 'related'],
  ['CouncilRecord.*', ['housing_officer'], 'related'],
  ['Address.*', ['housing_officer'], 'related'],
  ['Housing.*', ['housing_officer'], 'related'],
  ['HomeAdaptation.*', ['housing_officer'], 'related'],
  ['HousingBenefit.*', ['housing_officer'], 'related'],
  ['IncomeStatement.*', ['housing_officer'], 'related'],
  ['IncomeSource.*', ['housing_officer'], 'related'],
  ['CouncilTaxSupport.*', ['housing_officer'], 'related'],
  ['Query.residents', ['housing_officer'], 'any'],
  ['Person.council', ['financial_officer'], 'related', 'council_benefit_to_social_care'],
  ['CouncilRecord.councilId', ['financial_officer'], 'related', 'council_benefit_to_social_care'],
  ['CouncilRecord.councilName', ['financial_officer'], 'related', 'council_benefit_to_social_care'],
  ['CouncilRecord.housingBenefit', ['financial_officer'], 'related', 'council_benefit_to_social_care'],
  ['HousingBenefit.*', ['financial_officer'], 'related', 'council_benefit_to_social_care'],
  ['IncomeStatement.*', ['financial_officer'], 'related', 'council_benefit_to_social_care'],
  ['IncomeSource.*', ['financial_officer'], 'related', 'council_benefit_to_social_care'],

  // Consent: recorded by GPs and social care, confirmed and withdrawn by social care.
  ['Person.consents', [...CLINICIANS, ...SOCIAL_CARE], 'related'],
  ['Consent.*', [...CLINICIANS, ...SOCIAL_CARE], 'related'],
  ['ConsentEvent.*', [...CLINICIANS, ...SOCIAL_CARE], 'related'],
  ['Mutation.recordConsent', ['gp', ...SOCIAL_CARE], 'related'],
  ['Mutation.confirmConsent', SOCIAL_CARE, 'any'],
  ['Mutation.withdrawConsent', ['gp', ...SOCIAL_CARE], 'any'],

  // Break-glass: staff with a clinical or care role may open it; IG reviews every use.
  ['Mutation.openBreakGlass', [...CLINICIANS, ...SOCIAL_CARE], 'any'],
  ['Person.breakGlassUses', [...CLINICIANS, ...SOCIAL_CARE], 'related'],
  ['BreakGlassUse.*', [...CLINICIANS, ...SOCIAL_CARE, 'ig_admin'], 'any'],
  ['AlertReview.*', ['ig_admin'], 'any'],
  ['Query.breakGlassAlerts', ['ig_admin'], 'any'],
  ['Mutation.reviewBreakGlass', ['ig_admin'], 'any'],
  ['Query.cpNotifications', ['social_worker'], 'any'],
  ['CpNotification.*', ['social_worker'], 'any'],

  // The combined timeline: its events are filtered again by each source's own policy.
  ['Person.timeline', [...CLINICIANS, ...SOCIAL_CARE, 'housing_officer'], 'related'],
  ['TimelinePage.*', [...CLINICIANS, ...SOCIAL_CARE, 'housing_officer'], 'related'],
  ['TimelineEvent.*', [...CLINICIANS, ...SOCIAL_CARE, 'housing_officer'], 'related'],

  // Who saw a value before it was corrected; break-glass counts in the organisation report.
  ['Correction.recentViewers', ['social_worker', 'gp'], 'related'],
  ['CorrectionViewer.*', ['social_worker', 'gp'], 'related'],
  ['OrganisationReport.breakGlassUses', ['manager'], 'any'],

  // Finding people and the person index (issue 5).
  ['Query.searchPeople', [...CLINICIANS, ...SOCIAL_CARE, 'housing_officer'], 'any'],
  ['PersonMatch.*', [...CLINICIANS, ...SOCIAL_CARE, 'housing_officer'], 'related'],
  ['Query.matchQueue', ['ig_admin'], 'any'],
  ['MatchEntry.*', ['ig_admin'], 'any'],
  ['MatchCandidate.*', ['ig_admin'], 'any'],
  ['Mutation.confirmMatch', ['ig_admin'], 'any'],
  ['Mutation.rejectMatch', ['ig_admin'], 'any'],
  ['Mutation.linkSocialCareClient', ['ig_admin'], 'any'],
  ['Mutation.linkHealthPatient', ['ig_admin'], 'any'],
  ['Mutation.linkCouncilResident', ['ig_admin'], 'any'],

  // IG administration: policy and audit.
  ['Query.policyMatrix', ['ig_admin'], 'any'],
  ['Query.policyVersions', ['ig_admin'], 'any'],
  ['Query.policyDiff', ['ig_admin'], 'any'],
  ['Mutation.publishPolicy', ['ig_admin'], 'any'],
  ['Mutation.rollbackPolicy', ['ig_admin'], 'any'],
  ['Mutation.previewAs', ['ig_admin'], 'any'],
  ['PolicyMatrix.*', ['ig_admin'], 'any'],
  ['PolicyType.*', ['ig_admin'], 'any'],
  ['PolicyField.*', ['ig_admin'], 'any'],
  ['PolicyCell.*', ['ig_admin'], 'any'],
  ['PolicyVersion.*', ['ig_admin'], 'any'],
  ['PolicyChange.*', ['ig_admin'], 'any'],
  ['PreviewResult.*', ['ig_admin'], 'any'],
  ['PreviewDenial.*', ['ig_admin'], 'any'],
  ['Query.auditSearch', ['ig_admin'], 'any'],
  ['Query.verifyAudit', ['ig_admin'], 'any'],
  ['Person.accessHistory', ['ig_admin'], 'any'],
  ['AuditPage.*', ['ig_admin'], 'any'],
  ['AuditRecord.*', ['ig_admin'], 'any'],
  ['AuditAccess.*', ['ig_admin'], 'any'],
  ['AuditVerification.*', ['ig_admin'], 'any'],

  // Timeline (issue 5): each source's events, to whoever sees that source's record, on the same
  // terms as its top-level field. Summaries are withheld again unless the summarised field is open.
  ['Person.socialCareEvents', SOCIAL_CARE, 'related'],
  ['SocialCareEvent.*', SOCIAL_CARE, 'related'],
  ['Person.socialCareEvents', ['gp'], 'related', 'social_care_to_health'],
  ['SocialCareEvent.*', ['gp'], 'related', 'social_care_to_health'],
  // Unscheduled care sees social care events only for a person it declared present, not anyone.
  ['Person.socialCareEvents', UNSCHEDULED, 'related'],
  ['SocialCareEvent.*', UNSCHEDULED, 'related'],
  ['Person.healthEvents', CLINICIANS, 'related'],
  ['HealthEvent.*', CLINICIANS, 'related'],
  ['Person.healthEvents', SOCIAL_CARE, 'related', 'health_to_social_care'],
  ['HealthEvent.*', SOCIAL_CARE, 'related', 'health_to_social_care'],
  ['Person.councilEvents', ['housing_officer'], 'related'],
  ['CouncilEvent.*', ['housing_officer'], 'related'],
  ['Person.councilEvents', ['financial_officer'], 'related', 'council_benefit_to_social_care'],
  ['CouncilEvent.*', ['financial_officer'], 'related', 'council_benefit_to_social_care'],

  // Workflows (issue 6). Root mutations and lists that name no person are `any`: their resolvers
  // scope them to the caller's organisation (the borough that owns a record, the hospital that
  // admitted a patient); the objects they return are decided per person as usual.
  // Corrections: a GP proposes on the consent that shows them the record; the owning borough decides.
  ['Mutation.proposeCorrection', ['gp'], 'related', 'social_care_to_health'],
  ['Query.correctionsProposed', ['gp'], 'any'],
  ['Correction.*', ['gp'], 'related', 'social_care_to_health'],
  ['SocialCareRecord.changeNotices', ['gp'], 'related', 'social_care_to_health'],
  ['Query.correctionsInbox', ['social_worker'], 'any'],
  ['Mutation.acceptCorrection', ['social_worker'], 'any'],
  ['Mutation.rejectCorrection', ['social_worker'], 'any'],
  ['Correction.*', SOCIAL_CARE, 'related'],
  ['RecordProvenance.*', SOCIAL_CARE, 'related'],
  // Financial assessment: the council's income statement reaches social care only with consent for
  // that flow; what the officer records from it is then part of the social care record.
  ['Person.incomeForFinancialAssessment', ['financial_officer'], 'related', 'council_benefit_to_social_care'],
  ['Mutation.recordFinancialAssessment', ['financial_officer'], 'related', 'council_benefit_to_social_care'],
  ['IncomeBasis.*', ['financial_officer'], 'related'],
  ['IncomeBasisSource.*', ['financial_officer'], 'related'],
  ['Person.financialAssessments', ['financial_officer'], 'related'],
  ['FinancialAssessment.*', ['financial_officer'], 'related'],
  // Discharge notices: a statutory notification (Delayed Discharges Act), so no consent cell. The
  // hospital sends for its own inpatients only (checked against the admission) and lists its own.
  ['Mutation.sendDischargeNotice', UNSCHEDULED, 'any'],
  ['Query.dischargeNoticesSent', UNSCHEDULED, 'any'],
  ['DischargeNotice.*', UNSCHEDULED, 'any'],
  ['Person.dischargeNotices', [...CLINICIANS, ...SOCIAL_CARE], 'related'],
  ['DischargeNotice.*', ['gp', ...SOCIAL_CARE], 'related'],
  ['Query.dischargeNoticesInbox', SOCIAL_CARE, 'any'],
  ['Mutation.acknowledgeDischargeNotice', ['social_worker'], 'any'],
  // Record transfer (ELSID): the holding borough exports; the receiving borough imports a file it
  // was sent, so it has no relationship yet. The receipt carries counts and ids, no record content.
  ['Mutation.exportRecordForTransfer', ['social_worker'], 'related'],
  ['TransferFile.*', ['social_worker'], 'related'],
  ['Mutation.importTransferredRecord', ['social_worker'], 'any'],
  ['TransferReceipt.*', ['social_worker', 'ig_admin'], 'any'],
  ['TransferCounts.*', ['social_worker', 'ig_admin'], 'any'],
  // A file from a borough outside the service has no export here to check it by: it waits for an
  // IG admin to confirm it with the sender. The list is scoped by its resolver (an IG admin sees
  // every borough's, a social worker their own borough's submissions); reading it is audited per person.
  ['Query.externalTransfers', ['social_worker', 'ig_admin'], 'any'],
  ['ExternalTransfer.*', ['social_worker', 'ig_admin'], 'any'],
  ['Mutation.approveExternalTransfer', ['ig_admin'], 'any'],
  ['Mutation.refuseExternalTransfer', ['ig_admin'], 'any'],
  // What waits, as counts beside the navigation's pages: counts name nobody, and each is granted to
  // the roles that may open the list it counts.
  ['Query.workWaiting', ['ig_admin', ...SOCIAL_CARE], 'any'],
  ['WorkWaiting.user', ['ig_admin', ...SOCIAL_CARE], 'any'],
  ['WorkWaiting.openMatches', ['ig_admin'], 'any'],
  ['WorkWaiting.openBreakGlassAlerts', ['ig_admin'], 'any'],
  ['WorkWaiting.externalTransfersAwaiting', ['ig_admin'], 'any'],
  ['WorkWaiting.referralsReceived', SOCIAL_CARE, 'any'],
  ['WorkWaiting.correctionsProposed', ['social_worker'], 'any'],
  ['WorkWaiting.dischargeNoticesUnacknowledged', SOCIAL_CARE, 'any'],
  // Reports: aggregates with small numbers suppressed, for managers; no personal data.
  ['Query.organisationReport', ['manager'], 'any'],
  ['OrganisationReport.*', ['manager'], 'any'],
  ['ReportCount.*', ['manager'], 'any'],
  ['ReportMedian.*', ['manager'], 'any'],
  ['StatusCount.*', ['manager'], 'any'],

  // Formats (issue 9): IG admins import FHIR into health (the import is audited as a write). The
  // FHIR export is the health record on the same terms as its fields: its resolver decides every
  // section and field with this policy and leaves out what the caller may not see. Client Level
  // Data files are loaded by IG admins, and by social workers for their own local authority only
  // (the resolver refuses other authorities' rows).
  ['Mutation.importFhir', ['ig_admin'], 'any'],
  ['FhirImportResult.*', ['ig_admin'], 'any'],
  ['FhirResourceCount.*', ['ig_admin'], 'any'],
  ['FhirSkippedResources.*', ['ig_admin'], 'any'],
  ['FhirExtensionCount.*', ['ig_admin'], 'any'],
  ['FhirHeldPatient.*', ['ig_admin'], 'any'],
  ['FhirImportProblem.*', ['ig_admin'], 'any'],
  ['Person.fhirBundle', CLINICIANS, 'related'],
  ['Person.fhirBundle', SOCIAL_CARE, 'related', 'health_to_social_care'],
  ['Mutation.importClientLevelData', ['ig_admin', 'social_worker'], 'any'],
  ['CldImportResult.*', ['ig_admin', 'social_worker'], 'any'],
  ['CldRowProblem.*', ['ig_admin', 'social_worker'], 'any'],
];

/** Fields whose view by unscheduled care notifies the child's social worker (CP-IS). */
const NOTIFY = ['SocialCareRecord.childProtection', 'ChildProtection.onPlan', 'ChildProtection.lookedAfter'];

/** The policy API itself: a change that leaves no ig_admin access to these is refused. */
export const ADMIN_LIFELINE = [
  'Query.policyMatrix',
  'Query.policyVersions',
  'Mutation.publishPolicy',
  'Mutation.rollbackPolicy',
];

export function defaultPolicy(schema: GraphQLSchema): PolicyDocument {
  const fields: PolicyDocument['fields'] = {};
  const types = new Map(governedTypes(schema).map((t) => [t.name, Object.keys(t.getFields())]));
  for (const [pattern, roles, access, consent] of GRANTS) {
    const [typeName, field] = pattern.split('.');
    const names = field === '*' ? (types.get(typeName) ?? []) : [field];
    for (const name of names) {
      const coordinate = `${typeName}.${name}`;
      if (!types.get(typeName)?.includes(name)) continue;
      const entry = (fields[coordinate] ??= { cells: {} });
      for (const role of roles) entry.cells[role] = consent ? { access, consent } : { access };
    }
  }
  for (const c of NOTIFY) if (fields[c]) fields[c].notifyOnUnscheduledView = true;
  return { fields };
}
