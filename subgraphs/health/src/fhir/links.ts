import type { Collection, DocStore } from '@care/common';

interface LinkDoc {
  /** `Patient/<id>` as the sending system names the patient. */
  _id: string;
  nhsNumber: string;
}

/**
 * Which FHIR Patient ids were imported for which NHS number, so a later file (a Condition sent on
 * its own) can reference `Patient/<id>`, and an export can give the patient back their own id.
 */
export class FhirPatientLinks {
  private readonly links: Collection<LinkDoc>;

  constructor(store: DocStore) {
    this.links = store.collection<LinkDoc>('fhirPatientLinks');
  }

  async ensureIndexes(): Promise<void> {
    await this.links.ensureIndex(['nhsNumber']);
  }

  async find(refs: readonly string[]): Promise<Map<string, string>> {
    if (refs.length === 0) return new Map();
    const docs = await this.links.find({ _id: { $in: [...refs] } });
    return new Map(docs.map((d) => [d._id, d.nhsNumber]));
  }

  /** The Patient ids each person was imported under, in order. */
  async idsOf(nhsNumbers: readonly string[]): Promise<Map<string, string[]>> {
    const docs = await this.links.find({ nhsNumber: { $in: [...nhsNumbers] } }, { sort: { _id: 1 } });
    const out = new Map<string, string[]>();
    for (const d of docs)
      out.set(d.nhsNumber, [...(out.get(d.nhsNumber) ?? []), d._id.replace(/^Patient\//, '')]);
    return out;
  }

  /** Replaces by id, in chunks, like the health store's own puts. */
  async put(links: readonly { ref: string; nhsNumber: string }[]): Promise<void> {
    const docs = [...new Map(links.map((l) => [l.ref, { _id: l.ref, nhsNumber: l.nhsNumber }])).values()];
    for (let i = 0; i < docs.length; i += 1000) {
      const chunk = docs.slice(i, i + 1000);
      await this.links.deleteMany({ _id: { $in: chunk.map((d) => d._id) } });
      await this.links.insertMany(chunk);
    }
  }
}
