import type { WaitingCount } from './lib/work-waiting';

/** What each role's navigation offers: the pages for its tasks, first the one it lands on. */
export interface NavItem {
  to: string;
  label: string;
  /** How many items wait on the page, shown beside it. */
  waiting?: WaitingCount;
}

const PEOPLE: NavItem = { to: '/people', label: 'Find a person' };

/** The API's own pages, for front-end teams: linked from the header, not each role's work. */
export const SCHEMA_NAV: NavItem[] = [
  { to: '/schema', label: 'Schema types' },
  { to: '/schema/explorer', label: 'API explorer' },
];

const BY_ROLE: Record<string, NavItem[]> = {
  gp: [
    PEOPLE,
    { to: '/referrals/sent', label: 'Referrals sent' },
    { to: '/corrections/proposed', label: 'Corrections proposed' },
  ],
  ae_clinician: [PEOPLE, { to: '/discharge-notices/sent', label: 'Notices sent' }],
  cp_nurse: [PEOPLE, { to: '/discharge-notices/sent', label: 'Notices sent' }],
  social_worker: [
    { to: '/caseload', label: 'Caseload' },
    { to: '/referrals', label: 'Referrals', waiting: 'referralsReceived' },
    { to: '/corrections', label: 'Corrections', waiting: 'correctionsProposed' },
    { to: '/discharge-notices', label: 'Discharge notices', waiting: 'dischargeNoticesUnacknowledged' },
    { to: '/cp-notifications', label: 'CP notifications' },
    { to: '/consents', label: 'Consents to confirm' },
    { to: '/transfers/import', label: 'Receive a transfer' },
    PEOPLE,
  ],
  financial_officer: [
    PEOPLE,
    { to: '/referrals', label: 'Referrals inbox', waiting: 'referralsReceived' },
    { to: '/discharge-notices', label: 'Discharge notices', waiting: 'dischargeNoticesUnacknowledged' },
  ],
  housing_officer: [{ to: '/people', label: 'Find a resident' }],
  ig_admin: [
    { to: '/admin/policy', label: 'Permissions' },
    { to: '/admin/versions', label: 'Policy versions' },
    { to: '/admin/preview', label: 'Preview as' },
    { to: '/admin/audit', label: 'Audit' },
    { to: '/admin/break-glass', label: 'Break-glass alerts', waiting: 'openBreakGlassAlerts' },
    { to: '/admin/matching', label: 'Matching queue', waiting: 'openMatches' },
    { to: '/admin/transfers', label: 'Transfers from outside', waiting: 'externalTransfersAwaiting' },
  ],
  manager: [{ to: '/reports', label: 'Reports' }],
};

export const navFor = (role: string): NavItem[] => BY_ROLE[role] ?? [];

/** Where a role lands after signing in. */
export const homeOf = (role: string): string => navFor(role)[0]?.to ?? '/schema';

export const CLINICIANS = ['gp', 'ae_clinician', 'cp_nurse'];
export const UNSCHEDULED = ['ae_clinician', 'cp_nurse'];
export const SOCIAL_CARE = ['social_worker', 'financial_officer'];
/** Roles the seeded policy lets open break-glass. */
export const CAN_BREAK_GLASS = [...CLINICIANS, ...SOCIAL_CARE];
