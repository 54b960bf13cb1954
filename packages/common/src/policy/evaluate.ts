import type { DenyReason } from '../errors';
import { effectiveConsentState, isOpen, type PersonFacts } from '../facts';
import type { Role } from '../roles';
import type { Cell, PolicyDocument } from './types';

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

function consentHolds(cell: Cell, facts: PersonFacts, now: Date): boolean {
  if (!cell.consent) return true;
  return facts.consents.some((c) => c.flow === cell.consent && effectiveConsentState(c, now) === 'active');
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
  const field = policy.fields[coordinate];
  const cell = field?.cells[viewer.role];
  if (!cell || cell.access === 'deny') return { allow: false, reason: 'role' };
  const notify = field.notifyOnUnscheduledView === true;

  if (!facts) {
    // Not tied to a person (root operations, reference data): only an `any` cell opens it, so a
    // relationship can never be skipped by reaching data through an object that lost its person.
    if (cell.access === 'any') return { allow: true, breakGlass: false, notify: false };
    return { allow: false, reason: 'no_person' };
  }

  const glass = isOpen(facts.breakGlass, viewer.sub, now);
  if (cell.access === 'break_glass') {
    return glass ? { allow: true, breakGlass: true, notify } : { allow: false, reason: 'break_glass_needed' };
  }
  if (cell.access === 'related' && !hasRelationship(viewer, facts, now)) {
    return glass ? { allow: true, breakGlass: true, notify } : { allow: false, reason: 'relationship' };
  }
  if (!consentHolds(cell, facts, now)) {
    return glass ? { allow: true, breakGlass: true, notify } : { allow: false, reason: 'consent' };
  }
  return { allow: true, breakGlass: false, notify };
}
