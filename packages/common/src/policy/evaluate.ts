import type { DenyReason } from '../errors';
import { effectiveConsentState, isOpen, type PersonFacts } from '../facts';
import type { Role } from '../roles';
import type { PolicyDocument } from './types';

export interface Viewer {
  sub: string;
  role: Role;
  org: string;
}

export type Decision =
  { allow: true; breakGlass: boolean; notify: boolean } | { allow: false; reason: DenyReason };

/** Whether the viewer's role has its legitimate relationship with the person (SPEC: IG rules). */
export function hasRelationship(viewer: Viewer, facts: PersonFacts, now: Date): boolean {
  switch (viewer.role) {
    case 'gp':
      return facts.gpPractice !== null && facts.gpPractice === viewer.org;
    case 'ae_clinician':
    case 'cp_nurse':
      return isOpen(facts.presence, viewer.org, now);
    case 'social_worker':
    case 'financial_officer':
      return facts.borough !== null && facts.borough === viewer.org;
    case 'housing_officer':
      return facts.councilArea !== null && facts.councilArea === viewer.org;
    case 'ig_admin':
    case 'manager':
    case 'anonymous':
      return false;
  }
}

/**
 * Where one viewer stands with one person at one moment: what every field decision about that
 * person needs from the facts. Derived once per person per request (a caseload decides hundreds
 * of fields for fifty people), then each field is a lookup in its policy cell.
 */
export interface Standing {
  related: boolean;
  /** Break-glass open for this viewer and person. */
  breakGlass: boolean;
  /** Consent flows active for the person now. */
  consents: ReadonlySet<string>;
}

export function standingOf(viewer: Viewer, facts: PersonFacts, now: Date): Standing {
  const consents = new Set<string>();
  for (const c of facts.consents) if (effectiveConsentState(c, now) === 'active') consents.add(c.flow);
  return {
    related: hasRelationship(viewer, facts, now),
    breakGlass: isOpen(facts.breakGlass, viewer.sub, now),
    consents,
  };
}

/**
 * Decide one field for one viewer and (when the field belongs to a person) that person's facts.
 * Default deny: no cell, or a `deny` cell, is a refusal that break-glass cannot override.
 */
export function decide(
  policy: PolicyDocument,
  coordinate: string,
  viewer: Viewer,
  facts: PersonFacts | null,
  now: Date,
): Decision {
  return decideFor(policy, coordinate, viewer.role, facts ? standingOf(viewer, facts, now) : null);
}

/** `decide`, with the person's standing already derived (null: the field is tied to no person). */
export function decideFor(
  policy: PolicyDocument,
  coordinate: string,
  role: Role,
  standing: Standing | null,
): Decision {
  const field = policy.fields[coordinate];
  const cell = field?.cells[role];
  if (!cell || cell.access === 'deny') return DENY_ROLE;

  if (!standing) {
    // Not tied to a person (root operations, reference data): only an `any` cell opens it, so a
    // relationship can never be skipped by reaching data through an object that lost its person.
    return cell.access === 'any' ? ALLOW_PLAIN : DENY_NO_PERSON;
  }

  const notify = field.notifyOnUnscheduledView === true;
  const glass = standing.breakGlass;
  if (cell.access === 'break_glass') {
    return glass ? allowed(true, notify) : DENY_BREAK_GLASS;
  }
  if (cell.access === 'related' && !standing.related) {
    return glass ? allowed(true, notify) : DENY_RELATIONSHIP;
  }
  if (cell.consent && !standing.consents.has(cell.consent)) {
    return glass ? allowed(true, notify) : DENY_CONSENT;
  }
  return allowed(false, notify);
}

// Decisions are values: the same few objects serve every field.
const deny = (reason: DenyReason): Decision => Object.freeze({ allow: false, reason });
const DENY_ROLE = deny('role');
const DENY_NO_PERSON = deny('no_person');
const DENY_BREAK_GLASS = deny('break_glass_needed');
const DENY_RELATIONSHIP = deny('relationship');
const DENY_CONSENT = deny('consent');
const ALLOW_PLAIN: Decision = Object.freeze({ allow: true, breakGlass: false, notify: false });
const ALLOWS: Decision[] = [false, true].flatMap((breakGlass) =>
  [false, true].map((notify) => Object.freeze({ allow: true as const, breakGlass, notify })),
);
const allowed = (breakGlass: boolean, notify: boolean): Decision =>
  ALLOWS[(breakGlass ? 2 : 0) + (notify ? 1 : 0)];
