/**
 * Clinical reference data for the synthetic health records: SNOMED CT concepts for problems and
 * substances, dm+d-shaped medicine codes, LOINC observation codes. Realistic enough for demos
 * and tests; synthetic data, never a basis for prescribing.
 */

export interface MedicineRef {
  code: string;
  display: string;
  dosage: string;
}

export interface ConditionRef {
  key: string;
  code: string;
  display: string;
  /** Chance of having it at a given age (0 when it does not occur at that age). */
  prevalence: (age: number) => number;
  /** Earliest age it usually begins. */
  onsetFromAge: number;
  /** Medicines a GP would usually have prescribed for it (one is chosen, sometimes two). */
  medicines: MedicineRef[];
}

const MED = {
  amlodipine: { code: '319283006', display: 'Amlodipine 5mg tablets', dosage: 'One tablet once daily' },
  ramipril: { code: '318885001', display: 'Ramipril 5mg capsules', dosage: 'One capsule once daily' },
  metformin: {
    code: '325278007',
    display: 'Metformin 500mg tablets',
    dosage: 'One tablet twice daily with meals',
  },
  salbutamol: {
    code: '320176004',
    display: 'Salbutamol 100micrograms/dose inhaler CFC free',
    dosage: 'Two puffs when required for breathlessness',
  },
  beclometasone: {
    code: '320119004',
    display: 'Beclometasone 100micrograms/dose inhaler CFC free',
    dosage: 'Two puffs twice daily',
  },
  tiotropium: {
    code: '407882007',
    display: 'Tiotropium 2.5micrograms/dose solution for inhalation cartridge',
    dosage: 'Two puffs once daily',
  },
  apixaban: { code: '703907002', display: 'Apixaban 5mg tablets', dosage: 'One tablet twice daily' },
  bisoprolol: { code: '318590006', display: 'Bisoprolol 2.5mg tablets', dosage: 'One tablet once daily' },
  paracetamol: {
    code: '322236009',
    display: 'Paracetamol 500mg tablets',
    dosage: 'Two tablets up to four times daily when required',
  },
  sertraline: { code: '321949006', display: 'Sertraline 50mg tablets', dosage: 'One tablet once daily' },
  furosemide: { code: '317972000', display: 'Furosemide 40mg tablets', dosage: 'One tablet each morning' },
  levothyroxine: {
    code: '315276002',
    display: 'Levothyroxine sodium 100microgram tablets',
    dosage: 'One tablet once daily before breakfast',
  },
  emollient: {
    code: '331646005',
    display: 'Liquid paraffin 50% / White soft paraffin 50% ointment',
    dosage: 'Apply liberally twice daily',
  },
  alendronic: {
    code: '324350002',
    display: 'Alendronic acid 70mg tablets',
    dosage: 'One tablet once weekly, before breakfast, standing or sitting upright',
  },
  donepezil: { code: '408182000', display: 'Donepezil 5mg tablets', dosage: 'One tablet at night' },
  levetiracetam: {
    code: '407838007',
    display: 'Levetiracetam 500mg tablets',
    dosage: 'One tablet twice daily',
  },
  morphine: {
    code: '322696008',
    display: 'Morphine sulfate 10mg/5ml oral solution',
    dosage: '2.5ml to 5ml every four hours when required for pain',
  },
  folicAcid: {
    code: '330165009',
    display: 'Folic acid 400microgram tablets',
    dosage: 'One tablet once daily',
  },
} satisfies Record<string, MedicineRef>;

const band = (age: number, bands: [number, number][]): number => {
  let p = 0;
  for (const [from, chance] of bands) if (age >= from) p = chance;
  return p;
};

/** Long-term conditions drawn by age; situations add the ones below. */
export const COMMON_CONDITIONS: ConditionRef[] = [
  {
    key: 'hypertension',
    code: '38341003',
    display: 'Hypertension',
    prevalence: (a) =>
      band(a, [
        [30, 0.06],
        [45, 0.22],
        [65, 0.5],
      ]),
    onsetFromAge: 30,
    medicines: [MED.amlodipine, MED.ramipril],
  },
  {
    key: 'diabetes',
    code: '44054006',
    display: 'Type 2 diabetes mellitus',
    prevalence: (a) =>
      band(a, [
        [25, 0.03],
        [45, 0.1],
        [65, 0.18],
      ]),
    onsetFromAge: 25,
    medicines: [MED.metformin],
  },
  {
    key: 'asthma',
    code: '195967001',
    display: 'Asthma',
    prevalence: (a) => band(a, [[3, 0.09]]),
    onsetFromAge: 3,
    medicines: [MED.salbutamol, MED.beclometasone],
  },
  {
    key: 'copd',
    code: '13645005',
    display: 'Chronic obstructive pulmonary disease',
    prevalence: (a) =>
      band(a, [
        [45, 0.03],
        [65, 0.08],
      ]),
    onsetFromAge: 45,
    medicines: [MED.tiotropium, MED.salbutamol],
  },
  {
    key: 'af',
    code: '49436004',
    display: 'Atrial fibrillation',
    prevalence: (a) =>
      band(a, [
        [55, 0.04],
        [75, 0.12],
      ]),
    onsetFromAge: 55,
    medicines: [MED.apixaban, MED.bisoprolol],
  },
  {
    key: 'osteoarthritis',
    code: '396275006',
    display: 'Osteoarthritis',
    prevalence: (a) =>
      band(a, [
        [45, 0.1],
        [65, 0.3],
      ]),
    onsetFromAge: 45,
    medicines: [MED.paracetamol],
  },
  {
    key: 'depression',
    code: '35489007',
    display: 'Depressive disorder',
    prevalence: (a) => band(a, [[14, 0.09]]),
    onsetFromAge: 14,
    medicines: [MED.sertraline],
  },
  {
    key: 'anxiety',
    code: '21897009',
    display: 'Generalised anxiety disorder',
    prevalence: (a) => band(a, [[14, 0.05]]),
    onsetFromAge: 14,
    medicines: [MED.sertraline],
  },
  {
    key: 'ckd',
    code: '433144002',
    display: 'Chronic kidney disease stage 3',
    prevalence: (a) =>
      band(a, [
        [60, 0.05],
        [75, 0.15],
      ]),
    onsetFromAge: 60,
    medicines: [],
  },
  {
    key: 'heart_failure',
    code: '84114007',
    display: 'Heart failure',
    prevalence: (a) => band(a, [[65, 0.06]]),
    onsetFromAge: 65,
    medicines: [MED.furosemide, MED.bisoprolol],
  },
  {
    key: 'hypothyroidism',
    code: '40930008',
    display: 'Hypothyroidism',
    prevalence: (a) => band(a, [[25, 0.03]]),
    onsetFromAge: 25,
    medicines: [MED.levothyroxine],
  },
  {
    key: 'eczema',
    code: '24079001',
    display: 'Atopic dermatitis',
    prevalence: (a) => (a < 18 ? 0.1 : 0),
    onsetFromAge: 0,
    medicines: [MED.emollient],
  },
  {
    key: 'osteoporosis',
    code: '64859006',
    display: 'Osteoporosis',
    prevalence: (a) => band(a, [[65, 0.08]]),
    onsetFromAge: 60,
    medicines: [MED.alendronic],
  },
];

const never = () => 0;

export const DEMENTIA: ConditionRef = {
  key: 'dementia',
  code: '52448006',
  display: 'Dementia',
  prevalence: never,
  onsetFromAge: 60,
  medicines: [MED.donepezil],
};

export const LEARNING_DISABILITY: ConditionRef = {
  key: 'learning_disability',
  code: '110359009',
  display: 'Learning disability',
  prevalence: never,
  onsetFromAge: 2,
  medicines: [],
};

export const EPILEPSY: ConditionRef = {
  key: 'epilepsy',
  code: '84757009',
  display: 'Epilepsy',
  prevalence: never,
  onsetFromAge: 5,
  medicines: [MED.levetiracetam],
};

export const FRAILTY: ConditionRef = {
  key: 'frailty',
  code: '248279007',
  display: 'Frailty',
  prevalence: never,
  onsetFromAge: 65,
  medicines: [],
};

export const PREGNANCY: ConditionRef = {
  key: 'pregnancy',
  code: '77386006',
  display: 'Pregnancy',
  prevalence: never,
  onsetFromAge: 16,
  medicines: [MED.folicAcid],
};

/** Life-limiting conditions behind an end of life care register entry. */
export const LIFE_LIMITING: ConditionRef[] = [
  {
    key: 'lung_cancer',
    code: '363358000',
    display: 'Malignant tumour of lung',
    prevalence: never,
    onsetFromAge: 40,
    medicines: [MED.morphine],
  },
  {
    key: 'pancreatic_cancer',
    code: '363418001',
    display: 'Malignant tumour of pancreas',
    prevalence: never,
    onsetFromAge: 40,
    medicines: [MED.morphine],
  },
  {
    key: 'mnd',
    code: '37340000',
    display: 'Motor neurone disease',
    prevalence: never,
    onsetFromAge: 30,
    medicines: [MED.morphine],
  },
];

/** A past course that is no longer taken; the penicillin-allergic get a macrolide instead. */
export const ANTIBIOTIC_COURSE: MedicineRef = {
  code: '323509004',
  display: 'Amoxicillin 500mg capsules',
  dosage: 'One capsule three times daily for 5 days',
};
export const PENICILLIN_FREE_COURSE: MedicineRef = {
  code: '324095003',
  display: 'Clarithromycin 500mg tablets',
  dosage: 'One tablet twice daily for 5 days',
};

export interface SubstanceRef {
  code: string;
  substance: string;
  /** A penicillin: rules out amoxicillin. */
  penicillin: boolean;
}

export const ALLERGENS: SubstanceRef[] = [
  { code: '764146007', substance: 'Penicillin', penicillin: true },
  { code: '372687004', substance: 'Amoxicillin', penicillin: true },
  { code: '762952008', substance: 'Peanut', penicillin: false },
  { code: '111088007', substance: 'Latex', penicillin: false },
  { code: '387458008', substance: 'Aspirin', penicillin: false },
  { code: '387207008', substance: 'Ibuprofen', penicillin: false },
  { code: '387494007', substance: 'Codeine', penicillin: false },
  { code: '387170002', substance: 'Trimethoprim', penicillin: false },
];

export const REACTIONS: { reaction: string; criticality: 'low' | 'high' }[] = [
  { reaction: 'Rash', criticality: 'low' },
  { reaction: 'Urticaria', criticality: 'low' },
  { reaction: 'Nausea and vomiting', criticality: 'low' },
  { reaction: 'Angioedema', criticality: 'high' },
  { reaction: 'Anaphylaxis', criticality: 'high' },
];

export const AE_REASONS = [
  'Fall at home',
  'Chest pain',
  'Shortness of breath',
  'Head injury',
  'Abdominal pain',
  'Laceration to hand',
  'Urinary tract infection',
  'Sprained ankle',
  'Fever',
];

export const ADMISSION_REASONS = [
  'Community-acquired pneumonia',
  'Fractured neck of femur',
  'Urinary tract infection with delirium',
  'Exacerbation of heart failure',
  'Cellulitis of lower leg',
  'Fall with reduced mobility',
  'Acute kidney injury',
];

/** Clinics by the condition that sends people to them; anyone may see the general ones. */
export const OUTPATIENT_CLINICS: Record<string, string> = {
  hypertension: 'Cardiology follow-up',
  af: 'Cardiology follow-up',
  heart_failure: 'Heart failure clinic',
  diabetes: 'Diabetes clinic',
  copd: 'Respiratory clinic',
  asthma: 'Respiratory clinic',
  osteoarthritis: 'Orthopaedic review',
  ckd: 'Renal clinic',
  dementia: 'Memory clinic',
  pregnancy: 'Antenatal clinic',
  lung_cancer: 'Oncology review',
  pancreatic_cancer: 'Oncology review',
  mnd: 'Neurology clinic',
};
export const GENERAL_CLINICS = ['Ophthalmology', 'Dermatology', 'Audiology', 'General surgery review'];

export const OTHER_FLAGS = ['Lives alone', 'Is a carer', 'Hearing impaired', 'Interpreter required'];

export const OBSERVATION_CODES = {
  bloodPressure: { code: '85354-9', display: 'Blood pressure' },
  weight: { code: '29463-7', display: 'Body weight' },
  height: { code: '8302-2', display: 'Body height' },
  hba1c: { code: '4548-4', display: 'Haemoglobin A1c' },
} as const;
