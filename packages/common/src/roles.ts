/** Staff roles. Each role's legitimate relationship with a person is fixed here; what it may see is policy. */
export const ROLES = [
  'gp',
  'ae_clinician',
  'cp_nurse',
  'social_worker',
  'financial_officer',
  'housing_officer',
  'ig_admin',
  'manager',
  'anonymous',
] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (v: unknown): v is Role =>
  typeof v === 'string' && (ROLES as readonly string[]).includes(v);

export type Sector = 'health' | 'social_care' | 'council' | 'governance';

export const ROLE_INFO: Record<Role, { label: string; sector: Sector; relationship: string }> = {
  gp: { label: 'GP', sector: 'health', relationship: 'patient registered at their practice' },
  ae_clinician: {
    label: 'A&E clinician',
    sector: 'health',
    relationship: 'person declared present in their department',
  },
  cp_nurse: {
    label: 'Child protection nurse',
    sector: 'health',
    relationship: 'person declared present in their organisation',
  },
  social_worker: { label: 'Social worker', sector: 'social_care', relationship: 'client of their borough' },
  financial_officer: {
    label: 'Financial assessment officer',
    sector: 'social_care',
    relationship: 'client of their borough',
  },
  housing_officer: {
    label: 'Council housing officer',
    sector: 'council',
    relationship: 'resident known to their council',
  },
  ig_admin: { label: 'IG admin', sector: 'governance', relationship: 'none: no personal data' },
  manager: { label: 'Manager', sector: 'governance', relationship: 'none: aggregates only' },
  anonymous: { label: 'Not signed in', sector: 'governance', relationship: 'none' },
};

/** Unscheduled care: roles whose relationship is a declared presence, and whose CP views notify social care. */
export const UNSCHEDULED_CARE_ROLES: readonly Role[] = ['ae_clinician', 'cp_nurse'];
