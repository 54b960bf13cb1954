import type { Collection, DocStore } from '@care/common';
import { createHash } from 'node:crypto';
import type { FhirDocument } from './parse';
import type { HeldPatient } from './plan';

interface HeldDocumentDoc {
  /** SHA-256 of the document's text: the same file held for several patients is kept once. */
  _id: string;
  name: string;
  text: string;
  format: FhirDocument['format'];
}

interface HeldPatientDoc {
  /** `Patient/<id>`, as the person index's match names the local record. */
  _id: string;
  documents: string[];
  heldAt: string;
}

/**
 * The documents of patients held for matching, as they were sent: nothing in them is attached to
 * anyone until an IG admin confirms who the patient is, and then they are imported again under
 * the confirmed NHS number, validated and mapped exactly as the first time.
 */
export class HeldFhirRecords {
  private readonly documents: Collection<HeldDocumentDoc>;
  private readonly patients: Collection<HeldPatientDoc>;

  constructor(store: DocStore) {
    this.documents = store.collection<HeldDocumentDoc>('fhirHeldDocuments');
    this.patients = store.collection<HeldPatientDoc>('fhirHeldPatients');
  }

  async ensureIndexes(): Promise<void> {
    await this.patients.ensureIndex(['documents']);
  }

  /** Keeps the files each held patient appears in; a patient held again points at the newer files. */
  async keep(documents: readonly FhirDocument[], held: readonly HeldPatient[], now: Date): Promise<void> {
    if (held.length === 0) return;
    const byName = new Map(documents.map((d) => [d.name, d]));
    // Only the files a held patient appears in are hashed and kept, not the whole import.
    const idOf = new Map<string, string>();
    for (const name of new Set(held.flatMap((h) => h.files))) {
      const text = (byName.get(name) as FhirDocument).text;
      idOf.set(name, createHash('sha256').update(text).digest('hex'));
    }
    const present = new Set(
      (await this.documents.find({ _id: { $in: [...idOf.values()] } }, { projection: ['_id'] })).map(
        (d) => d._id,
      ),
    );
    const fresh = new Map<string, HeldDocumentDoc>();
    for (const [name, id] of idOf) {
      if (present.has(id) || fresh.has(id)) continue;
      const d = byName.get(name) as FhirDocument;
      fresh.set(id, { _id: id, name: d.name, text: d.text, format: d.format ?? null });
    }
    if (fresh.size > 0) await this.documents.insertMany([...fresh.values()]);
    const refs = held.map((h) => `Patient/${h.patientId}`);
    const replaced = await this.patients.find({ _id: { $in: refs } });
    await this.patients.deleteMany({ _id: { $in: refs } });
    await this.patients.insertMany(
      held.map((h) => ({
        _id: `Patient/${h.patientId}`,
        documents: h.files.map((f) => idOf.get(f) as string),
        heldAt: now.toISOString(),
      })),
    );
    await this.dropUnreferenced(replaced.flatMap((p) => p.documents));
  }

  /** The documents a held patient appears in, or null when nothing is held for them. */
  async documentsOf(patientId: string): Promise<FhirDocument[] | null> {
    const held = await this.patients.findOne({ _id: `Patient/${patientId}` });
    if (!held) return null;
    const docs = await this.documents.find({ _id: { $in: held.documents } });
    const byId = new Map(docs.map((d) => [d._id, d]));
    return held.documents.flatMap((id) => {
      const d = byId.get(id);
      return d ? [{ name: d.name, text: d.text, format: d.format }] : [];
    });
  }

  /** The patient is no longer held; files no other held patient needs are dropped. */
  async release(patientId: string): Promise<void> {
    const held = await this.patients.findOne({ _id: `Patient/${patientId}` });
    if (!held) return;
    await this.patients.deleteMany({ _id: held._id });
    await this.dropUnreferenced(held.documents);
  }

  private async dropUnreferenced(documentIds: readonly string[]): Promise<void> {
    const candidates = [...new Set(documentIds)];
    if (candidates.length === 0) return;
    const still = new Set(
      (await this.patients.find({ documents: { $in: candidates } }, { projection: ['documents'] })).flatMap(
        (p) => p.documents,
      ),
    );
    const unused = candidates.filter((id) => !still.has(id));
    if (unused.length) await this.documents.deleteMany({ _id: { $in: unused } });
  }
}
