import type { EncounterKind, FlagKind } from '../store/port';

/** Identifier and code systems of NHS England and HL7, as UK Core uses them. */
export const SYSTEM = {
  nhsNumber: 'https://fhir.nhs.uk/Id/nhs-number',
  ods: 'https://fhir.nhs.uk/Id/ods-organization-code',
  snomed: 'http://snomed.info/sct',
  dmd: 'https://dmd.nhs.uk',
  loinc: 'http://loinc.org',
  ucum: 'http://unitsofmeasure.org',
  actCode: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  conditionClinical: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
  conditionVerification: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
  allergyClinical: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical',
  allergyVerification: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification',
  listEmptyReason: 'http://terminology.hl7.org/CodeSystem/list-empty-reason',
  nhsVerification: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland',
} as const;

/** This gateway's own identifiers and extensions, so its exports import back unchanged. */
const OWN = 'https://care-gateway.example.org/fhir';
export const OWN_SYSTEM = {
  /** The health store's id of an entry: an export carries it so a re-import updates the same entry. */
  entryId: `${OWN}/Id/health-entry`,
  /** Which clinical flag social care is told about (FALLS_RISK, DEMENTIA…). */
  flagKind: `${OWN}/CodeSystem/clinical-flag-kind`,
} as const;

export const EXTENSION = {
  nhsNumberVerification:
    'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus',
  expectedDischargeDate: `${OWN}/StructureDefinition/expected-discharge-date`,
} as const;

/** Extensions this system reads; any other is ignored and counted. */
export const UNDERSTOOD_EXTENSIONS: ReadonlySet<string> = new Set(Object.values(EXTENSION));

/** "Number present and verified": any other verification status means the number is not to be relied on. */
export const NHS_NUMBER_VERIFIED = '01';

/** SNOMED CT 716186003 |No known allergy|: a statement on the record, never an allergy. */
export const NO_KNOWN_ALLERGY = '716186003';

/** Narrower "no known … allergy" statements: not allergies, and not the whole NKA statement either. */
export const NO_KNOWN_SPECIFIC_ALLERGY: Readonly<Record<string, string>> = {
  '409137002': 'no known drug allergy',
  '429625007': 'no known food allergy',
  '428607008': 'no known environmental allergy',
  '428197003': 'no known insect allergy',
};

/** SNOMED CT 886921000000105 |Allergies and adverse reactions|: the UK allergy list. */
export const ALLERGY_LIST = '886921000000105';

/** List.emptyReason "nilknown": the allergy list is empty because the patient has none known. */
export const NIL_KNOWN = 'nilknown';

/** Encounter.class (v3 ActCode) to the kinds the record shows. */
export const ENCOUNTER_CLASS: Readonly<Record<string, EncounterKind>> = {
  EMER: 'AE_ATTENDANCE',
  IMP: 'ADMISSION',
  ACUTE: 'ADMISSION',
  NONAC: 'ADMISSION',
  SS: 'ADMISSION',
  OBSENC: 'ADMISSION',
  PRENC: 'OUTPATIENT',
  AMB: 'OUTPATIENT',
  VR: 'OUTPATIENT',
  HH: 'OUTPATIENT',
  FLD: 'OUTPATIENT',
};

export const ENCOUNTER_CLASS_OF: Readonly<Record<EncounterKind, string>> = {
  AE_ATTENDANCE: 'EMER',
  ADMISSION: 'IMP',
  OUTPATIENT: 'AMB',
};

/** SNOMED CT codes that name a flag kind social care is told about. */
export const FLAG_SNOMED: Readonly<Record<string, FlagKind>> = {
  '129839007': 'FALLS_RISK',
  '52448006': 'DEMENTIA',
  '110359009': 'LEARNING_DISABILITY',
};

export const FLAG_KINDS: readonly FlagKind[] = [
  'FALLS_RISK',
  'DEMENTIA',
  'LEARNING_DISABILITY',
  'END_OF_LIFE',
  'OTHER',
];

/** LOINC blood pressure panel and its two parts. */
export const BLOOD_PRESSURE = { panel: '85354-9', systolic: '8480-6', diastolic: '8462-4' } as const;

/** LOINC codes look like 1234-5; SNOMED CT codes are digits only. */
export const codeSystemOf = (code: string): string => (/^\d+-\d$/.test(code) ? SYSTEM.loinc : SYSTEM.snomed);
