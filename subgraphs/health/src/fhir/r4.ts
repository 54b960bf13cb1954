/**
 * The parts of FHIR R4 this system reads and writes. The installed @types/fhir (3.0.2) describes
 * STU3, whose shapes differ from R4 (clinicalStatus is a code there, a CodeableConcept here), so
 * the few elements used are typed here instead. Every resource is checked by the `fhir` library's
 * R4 validator before it is read through these types.
 */

export interface Extension {
  url: string;
  extension?: Extension[];
  valueCodeableConcept?: CodeableConcept;
  valueDate?: string;
  valueString?: string;
  [value: string]: unknown;
}

export interface Element {
  id?: string;
  extension?: Extension[];
  modifierExtension?: Extension[];
}

export interface Coding {
  system?: string;
  code?: string;
  display?: string;
}

export interface CodeableConcept {
  coding?: Coding[];
  text?: string;
}

export interface Identifier extends Element {
  system?: string;
  value?: string;
}

export interface Reference {
  reference?: string;
  identifier?: Identifier;
  display?: string;
}

export interface Period {
  start?: string;
  end?: string;
}

export interface Quantity {
  value?: number;
  unit?: string;
  system?: string;
  code?: string;
}

export interface Meta {
  source?: string;
  profile?: string[];
}

export interface Resource extends Element {
  resourceType: string;
  meta?: Meta;
  contained?: Resource[];
  identifier?: Identifier[] | Identifier;
}

export interface HumanName {
  use?: string;
  family?: string;
  given?: string[];
  text?: string;
  period?: Period;
}

export interface Address {
  use?: string;
  type?: string;
  postalCode?: string;
  period?: Period;
}

export interface Patient extends Resource {
  resourceType: 'Patient';
  identifier?: Identifier[];
  name?: HumanName[];
  gender?: 'male' | 'female' | 'other' | 'unknown';
  birthDate?: string;
  address?: Address[];
  generalPractitioner?: Reference[];
}

export interface Organization extends Resource {
  resourceType: 'Organization';
  identifier?: Identifier[];
  name?: string;
}

export interface Medication extends Resource {
  resourceType: 'Medication';
  code?: CodeableConcept;
}

export interface Condition extends Resource {
  resourceType: 'Condition';
  identifier?: Identifier[];
  clinicalStatus?: CodeableConcept;
  verificationStatus?: CodeableConcept;
  code?: CodeableConcept;
  subject: Reference;
  onsetDateTime?: string;
  onsetPeriod?: Period;
  recordedDate?: string;
}

export interface AllergyIntolerance extends Resource {
  resourceType: 'AllergyIntolerance';
  identifier?: Identifier[];
  clinicalStatus?: CodeableConcept;
  verificationStatus?: CodeableConcept;
  criticality?: 'low' | 'high' | 'unable-to-assess';
  code?: CodeableConcept;
  patient: Reference;
  recordedDate?: string;
  reaction?: { manifestation: CodeableConcept[]; description?: string }[];
}

export interface Dosage {
  text?: string;
  patientInstruction?: string;
}

export interface MedicationStatement extends Resource {
  resourceType: 'MedicationStatement';
  identifier?: Identifier[];
  status: string;
  medicationCodeableConcept?: CodeableConcept;
  medicationReference?: Reference;
  subject: Reference;
  effectiveDateTime?: string;
  effectivePeriod?: Period;
  dosage?: Dosage[];
}

export interface MedicationRequest extends Resource {
  resourceType: 'MedicationRequest';
  identifier?: Identifier[];
  status: string;
  medicationCodeableConcept?: CodeableConcept;
  medicationReference?: Reference;
  subject: Reference;
  authoredOn?: string;
  dosageInstruction?: Dosage[];
  dispenseRequest?: { validityPeriod?: Period };
}

export interface Encounter extends Resource {
  resourceType: 'Encounter';
  identifier?: Identifier[];
  status: string;
  class: Coding;
  subject?: Reference;
  period?: Period;
  reasonCode?: CodeableConcept[];
  serviceProvider?: Reference;
}

export interface Flag extends Resource {
  resourceType: 'Flag';
  identifier?: Identifier[];
  status: 'active' | 'inactive' | 'entered-in-error';
  code: CodeableConcept;
  subject: Reference;
  period?: Period;
}

export interface ObservationComponent {
  code: CodeableConcept;
  valueQuantity?: Quantity;
}

export interface Observation extends Resource {
  resourceType: 'Observation';
  identifier?: Identifier[];
  status: string;
  code: CodeableConcept;
  subject?: Reference;
  effectiveDateTime?: string;
  effectiveInstant?: string;
  effectivePeriod?: Period;
  valueQuantity?: Quantity;
  valueString?: string;
  valueCodeableConcept?: CodeableConcept;
  valueBoolean?: boolean;
  valueInteger?: number;
  component?: ObservationComponent[];
}

export interface List extends Resource {
  resourceType: 'List';
  code?: CodeableConcept;
  subject?: Reference;
  emptyReason?: CodeableConcept;
  entry?: unknown[];
}

export interface BundleEntry {
  fullUrl?: string;
  resource?: Resource;
  request?: { method?: string; url?: string };
}

export interface Bundle extends Resource {
  resourceType: 'Bundle';
  type: string;
  timestamp?: string;
  entry?: BundleEntry[];
}
