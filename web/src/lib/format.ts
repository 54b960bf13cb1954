/** Display helpers: dates in UK style, money in pounds, enum values in words. */

const dateFmt = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
const dateTimeFmt = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const money = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00` : iso);
  return Number.isNaN(d.getTime()) ? iso : dateFmt.format(d);
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTimeFmt.format(d);
}

export const formatMoney = (n: number | null | undefined): string => (n == null ? '' : money.format(n));

export function ageOn(dateOfBirth: string | null | undefined, today = new Date()): number | null {
  if (!dateOfBirth) return null;
  const dob = new Date(`${dateOfBirth}T00:00:00`);
  if (Number.isNaN(dob.getTime())) return null;
  let age = today.getFullYear() - dob.getFullYear();
  const m = today.getMonth() - dob.getMonth();
  if (m < 0 || (m === 0 && today.getDate() < dob.getDate())) age--;
  return age;
}

const ACRONYMS = new Set(['ae', 'gp', 'ig', 'cp', 'nhs']);

/** `ASSESSMENT_BOOKED` → "Assessment booked"; `social_care_to_health` → "Social care to health". */
export function humanise(value: string | null | undefined): string {
  if (!value) return '';
  const words = value.toLowerCase().split('_');
  return words
    .map((w, i) =>
      ACRONYMS.has(w)
        ? w === 'ae'
          ? 'A&E'
          : w.toUpperCase()
        : i === 0
          ? w[0].toUpperCase() + w.slice(1)
          : w,
    )
    .join(' ');
}

export const ROLE_NAMES: Record<string, string> = {
  gp: 'GP',
  ae_clinician: 'A&E clinician',
  cp_nurse: 'Child protection nurse',
  social_worker: 'Social worker',
  financial_officer: 'Financial assessment officer',
  housing_officer: 'Housing officer',
  ig_admin: 'IG administrator',
  manager: 'Manager',
  anonymous: 'Not signed in',
};

export const FLOW_NAMES: Record<string, string> = {
  social_care_to_health: 'Social care record shared with health',
  council_benefit_to_social_care: 'Council benefit data shared with social care',
  health_to_social_care: 'Health information shared with social care',
};

export const SOURCE_LABELS: Record<string, string> = {
  SOCIAL_CARE: 'Social care',
  HEALTH: 'Health',
  COUNCIL: 'Council',
};

/** NHS number check: 10 digits, modulus 11 check digit (spaces and hyphens allowed). */
export function normaliseNhsNumber(input: string): string | null {
  const digits = input.replace(/[\s-]/g, '');
  if (!/^\d{10}$/.test(digits)) return null;
  const sum = [...digits.slice(0, 9)].reduce((acc, d, i) => acc + Number(d) * (10 - i), 0);
  let check = 11 - (sum % 11);
  if (check === 11) check = 0;
  if (check === 10 || check !== Number(digits[9])) return null;
  return digits;
}

/** 9991234567 → "999 123 4567", the way NHS numbers are read out. */
export const formatNhsNumber = (n: string | null | undefined): string =>
  n && /^\d{10}$/.test(n) ? `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}` : (n ?? '');

/** A transfer's section counts as words: "2 assessments, 1 case notes, …". */
export const formatSectionCounts = (counts: Record<string, unknown> | null | undefined): string =>
  Object.entries(counts ?? {})
    .filter(([k]) => k !== '__typename')
    .map(([k, v]) => `${String(v)} ${k.replace(/([A-Z])/g, ' $1').toLowerCase()}`)
    .join(', ');
