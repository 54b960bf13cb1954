import type { DocStore } from '@care/common';
import type { CouncilStore, ResidentDoc } from './port';

const KEYS = ['nhsNumber', 'councilId'];

/** The council store over either document store adapter (MongoDB or the embedded one). */
export class CouncilDocStore implements CouncilStore {
  private readonly residents;

  constructor(store: DocStore) {
    this.residents = store.collection<ResidentDoc>('residents');
  }

  residentsByNhs(nhsNumbers: readonly string[], fields: readonly string[]): Promise<ResidentDoc[]> {
    return this.residents.find({ nhsNumber: { $in: [...nhsNumbers] } }, { projection: [...KEYS, ...fields] });
  }

  residentsByCouncilId(councilCode: string, councilIds: readonly string[]): Promise<ResidentDoc[]> {
    return this.residents.find(
      { councilCode, councilId: { $in: [...councilIds] } },
      { projection: [...KEYS, 'councilCode'] },
    );
  }

  async putResidents(docs: ResidentDoc[]): Promise<void> {
    const ids = docs.map((d) => d._id);
    await this.residents.deleteMany({ _id: { $in: ids } });
    await this.residents.insertMany(docs);
  }

  async linkResident(councilId: string, nhsNumber: string): Promise<boolean> {
    const matched = await this.residents.updateOne(
      { councilId, $or: [{ nhsNumber: null }, { nhsNumber }] },
      { $set: { nhsNumber } },
    );
    return matched === 1;
  }

  countResidents(): Promise<number> {
    return this.residents.count({});
  }

  async ensureIndexes(): Promise<void> {
    await this.residents.ensureIndex(['nhsNumber'], { sparse: true });
    await this.residents.ensureIndex(['councilCode', 'councilId']);
  }
}
