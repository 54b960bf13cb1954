import { careError, conflict, ErrorCode } from '@care/common';
import type { WorkflowStore } from '../store';
import type { CorrectionDoc, CorrectionProvenance } from '../types';
import { CORRECTABLE } from './rules';

const changedMeanwhile = (id: string) =>
  conflict(
    'The value on the record changed since this correction was proposed; reject it, and propose again if still wrong',
    { correctionId: id },
  );

/**
 * Writes an accepted correction to the record, with its provenance, in one conditional write: it
 * applies only if the record still holds the value the proposer saw. Throws (changing nothing)
 * otherwise.
 */
export async function applyCorrection(
  store: WorkflowStore,
  c: CorrectionDoc,
  provenance: CorrectionProvenance,
  deciderOrg: string,
): Promise<void> {
  const client = await store.clientByNhs(c.nhsNumber);
  // A record transferred to another borough since the proposal is no longer this borough's to change.
  if (!client || client.clientId !== c.clientId || client.borough !== deciderOrg) {
    throw careError(ErrorCode.FORBIDDEN, 'The record is no longer held by this borough', {
      reason: 'relationship',
      field: 'Mutation.acceptCorrection',
    });
  }
  if (CORRECTABLE[c.field].target === 'contact') {
    const contact = client.contacts.find((k) => k.id === c.targetId);
    const current = contact ? (c.field === 'CONTACT_PHONE' ? contact.phone : contact.name) : undefined;
    if (!contact || current !== c.oldValue) throw changedMeanwhile(c.id);
    const key = c.field === 'CONTACT_PHONE' ? 'phone' : 'name';
    const contacts = client.contacts.map((k) => (k.id === c.targetId ? { ...k, [key]: c.proposedValue } : k));
    if (!(await store.applyToClient(client._id, client.updatedAt, contacts, provenance))) {
      throw changedMeanwhile(c.id);
    }
    return;
  }
  const service = await store.serviceById(c.targetId);
  const current = service?.hoursPerWeek ?? null;
  if (!service || (current === null ? null : String(current)) !== c.oldValue) throw changedMeanwhile(c.id);
  if (!(await store.applyToService(service._id, current, Number(c.proposedValue), provenance))) {
    throw changedMeanwhile(c.id);
  }
  await store.touchClient(client._id, provenance.acceptedAt);
}
