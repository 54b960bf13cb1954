import { GP_PRACTICES } from '@care/common';
import type { GpPractice } from '../generated/resolvers-types';

/** A practice as reference data names it; a code it does not know is shown as itself. */
export function gpPractice(odsCode: string): GpPractice {
  const ref = GP_PRACTICES.find((p) => p.code === odsCode);
  return { odsCode, name: ref?.name ?? odsCode, phone: ref?.phone ?? null };
}
