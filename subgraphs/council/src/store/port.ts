/** The council's resident record as stored: one document per resident. */
export interface AddressDoc {
  line: string;
  postcode: string;
  uprn: string | null;
  from: string;
  to: string | null;
}

export interface IncomeStatementDoc {
  periodStart: string;
  periodEnd: string;
  sources: { kind: string; weeklyAmount: number }[];
  totalWeekly: number;
  capital: number | null;
  verifiedOn: string | null;
}

export interface HousingDoc {
  tenure: 'COUNCIL_TENANT' | 'HOUSING_ASSOCIATION' | 'PRIVATE_RENTED' | 'OWNER_OCCUPIER' | 'TEMPORARY';
  landlord: string | null;
  adaptations: { description: string; completedOn: string | null; disabledFacilitiesGrant: boolean }[];
}

export interface ResidentDoc {
  /** The council id. */
  _id: string;
  councilId: string;
  /** Null for a record whose NHS number was never captured: held for matching, never guessed. */
  nhsNumber: string | null;
  councilCode: string;
  councilName: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  addressHistory: AddressDoc[];
  housing: HousingDoc | null;
  housingBenefit: {
    claimReference: string;
    status: string;
    weeklyAward: number | null;
    awardStart: string | null;
    incomeStatement: IncomeStatementDoc | null;
  } | null;
  councilTaxSupport: { active: boolean; weeklyReduction: number | null; band: string | null } | null;
}

/** What the council subgraph needs from its store. Reads are bulk: one call for many people. */
export interface CouncilStore {
  /** Residents with these NHS numbers, projected to `fields` (plus their keys). */
  residentsByNhs(nhsNumbers: readonly string[], fields: readonly string[]): Promise<ResidentDoc[]>;
  /** Residents of one council with these council ids. */
  residentsByCouncilId(councilCode: string, councilIds: readonly string[]): Promise<ResidentDoc[]>;
  /** Writes a confirmed NHS number onto a resident held for matching; false if none is waiting. */
  linkResident(councilId: string, nhsNumber: string): Promise<boolean>;
  /** Inserts or replaces residents (seeding, imports). */
  putResidents(docs: ResidentDoc[]): Promise<void>;
  countResidents(): Promise<number>;
  ensureIndexes(): Promise<void>;
}
