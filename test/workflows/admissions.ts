/** Test fixture: admissions written straight into health's store, as a hospital's PAS feed would. */
import { HealthDocStore, type EncounterDoc } from '@care/health';
import type { Stack } from '../support/stack';

const DAY_MS = 86_400_000;
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** An admission in progress at `hospitalCode`, admitted `admittedDaysAgo` and due out `dueDaysAgo` days ago. */
export async function admit(
  stack: Stack,
  nhsNumber: string,
  opts: { hospitalCode?: string; admittedDaysAgo?: number; dueDaysAgo?: number } = {},
): Promise<EncounterDoc> {
  const now = Date.now();
  const id = `test-adm-${nhsNumber}-${opts.hospitalCode ?? 'RYJ'}`;
  const doc: EncounterDoc = {
    _id: id,
    id,
    nhsNumber,
    source: opts.hospitalCode ?? 'RYJ',
    kind: 'ADMISSION',
    hospital: opts.hospitalCode === 'RQM' ? 'Chelsea and Westminster Hospital' : 'Charing Cross Hospital',
    hospitalCode: opts.hospitalCode ?? 'RYJ',
    reason: 'Fall with hip fracture',
    start: new Date(now - (opts.admittedDaysAgo ?? 12) * DAY_MS).toISOString(),
    end: null,
    expectedDischargeDate: isoDate(now - (opts.dueDaysAgo ?? 3) * DAY_MS),
    status: 'in-progress',
  };
  await new HealthDocStore(stack.subgraphs.health.store).putEncounters([doc]);
  return doc;
}

/** Ends every in-progress test admission of a person (the patient went home). */
export async function discharge(stack: Stack, nhsNumber: string, daysAgo = 0): Promise<void> {
  await stack.subgraphs.health.store
    .collection<EncounterDoc>('encounters')
    .updateOne(
      { nhsNumber, status: 'in-progress', kind: 'ADMISSION' },
      { $set: { status: 'finished', end: new Date(Date.now() - daysAgo * DAY_MS).toISOString() } },
    );
}
