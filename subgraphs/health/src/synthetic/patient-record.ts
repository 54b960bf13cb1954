import {
  ageAt,
  HOSPITALS,
  rngFor,
  shiftIsoDate,
  type OrgRef,
  type Population,
  type Rng,
  type SyntheticPerson,
} from '@care/common';
import {
  ENTERED_IN_ERROR,
  type AllergyDoc,
  type ConditionDoc,
  type EncounterDoc,
  type FlagDoc,
  type MedicationDoc,
  type ObservationDoc,
  type PatientDoc,
} from '../store/port';
import {
  ADMISSION_REASONS,
  AE_REASONS,
  ALLERGENS,
  ANTIBIOTIC_COURSE,
  COMMON_CONDITIONS,
  DEMENTIA,
  EPILEPSY,
  FRAILTY,
  GENERAL_CLINICS,
  LEARNING_DISABILITY,
  LIFE_LIMITING,
  OBSERVATION_CODES,
  OTHER_FLAGS,
  OUTPATIENT_CLINICS,
  PENICILLIN_FREE_COURSE,
  PREGNANCY,
  REACTIONS,
  type ConditionRef,
  type MedicineRef,
} from './catalogue';

export type HealthPerson = SyntheticPerson & { nhsNumber: string };

/** Everything health holds about one person. */
export interface PatientRecord {
  patient: PatientDoc;
  conditions: ConditionDoc[];
  medications: MedicationDoc[];
  allergies: AllergyDoc[];
  encounters: EncounterDoc[];
  flags: FlagDoc[];
  observations: ObservationDoc[];
}

const MAX_CONDITIONS = 6;
const YEAR = 365;
/** Share of records with one entry recorded in error, so reads are seen to leave them out. */
const ENTERED_IN_ERROR_RATE = 0.03;

/** An instant on a date, `minutes` after midnight UTC, in the one ISO 8601 form the store compares. */
const instant = (date: string, minutes: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + minutes * 60_000).toISOString();

const later = (a: string, b: string): string => (a > b ? a : b);

interface HeldCondition {
  ref: ConditionRef;
  onset: string;
  clinicalStatus: 'active' | 'remission';
}

/**
 * One person's health record, derived only from the person and their own random stream, so the
 * same population always gives the same records and one person's record never shifts another's.
 */
export function patientRecord(person: HealthPerson, population: Population): PatientRecord {
  const rng = rngFor(population.seed, `health:${person.nhsNumber}`);
  return new RecordBuilder(rng, person, population.today).build();
}

class RecordBuilder {
  private readonly age: number;
  private readonly situations: Set<string>;
  private readonly nhs: string;
  private readonly gpSource: string;
  private readonly usualHospital: OrgRef;
  private readonly rec: Omit<PatientRecord, 'patient'> = {
    conditions: [],
    medications: [],
    allergies: [],
    encounters: [],
    flags: [],
    observations: [],
  };

  constructor(
    private readonly rng: Rng,
    private readonly person: HealthPerson,
    private readonly today: string,
  ) {
    this.age = ageAt(person.dateOfBirth, today);
    this.situations = new Set(person.situations);
    this.nhs = person.nhsNumber;
    this.usualHospital = rng.pick(HOSPITALS);
    this.gpSource = person.gpPractice ? 'GP' : this.usualHospital.code;
  }

  build(): PatientRecord {
    const held = this.chooseConditions();
    this.addConditions(held);
    const penicillinAllergic = this.addAllergies();
    this.addMedications(held, penicillinAllergic);
    this.addFlags(held);
    this.addEncounters(held);
    this.addObservations(held);
    if (this.rng.chance(ENTERED_IN_ERROR_RATE)) this.addEnteredInError();
    const p = this.person;
    const patient: PatientDoc = {
      _id: this.nhs,
      nhsNumber: this.nhs,
      registeredPractice: p.gpPractice,
      demographics: {
        givenName: p.givenName,
        familyName: p.familyName,
        dateOfBirth: p.dateOfBirth,
        sex: p.sex,
        postcode: p.postcode,
      },
      noKnownAllergies: this.rec.allergies.length === 0 && this.rng.chance(0.5),
      source: p.gpPractice ? 'GP' : 'hospital',
    };
    return { patient, ...this.rec };
  }

  private has(situation: string): boolean {
    return this.situations.has(situation);
  }

  private id(prefix: string, list: unknown[]): string {
    return `${prefix}-${this.nhs}-${list.length + 1}`;
  }

  /** A date no earlier than the person's birth, between `minDays` and `maxDays` before today. */
  private pastDate(minDays: number, maxDays: number): string {
    return later(this.rng.daysBefore(this.today, minDays, maxDays), this.person.dateOfBirth);
  }

  /** When a condition began: after the age it usually starts, within the last 30 years, a month ago at latest. */
  private onsetOf(ref: ConditionRef): string {
    const latest = later(shiftIsoDate(this.today, -30), this.person.dateOfBirth);
    const earliest = later(
      later(
        shiftIsoDate(this.person.dateOfBirth, ref.onsetFromAge * YEAR),
        shiftIsoDate(this.today, -30 * YEAR),
      ),
      this.person.dateOfBirth,
    );
    return earliest >= latest ? latest : this.rng.dateBetween(earliest, latest);
  }

  private chooseConditions(): HeldCondition[] {
    const held: HeldCondition[] = [];
    const add = (ref: ConditionRef, onset = this.onsetOf(ref)) => {
      if (held.length < MAX_CONDITIONS && !held.some((h) => h.ref.key === ref.key)) {
        const mayRemit = ref.key === 'depression' || ref.key === 'anxiety';
        held.push({ ref, onset, clinicalStatus: mayRemit && this.rng.chance(0.3) ? 'remission' : 'active' });
      }
    };
    const { rng } = this;
    if (this.has('dementia')) add(DEMENTIA, this.pastDate(180, 6 * YEAR));
    if (this.has('learning_disability')) {
      add(LEARNING_DISABILITY, shiftIsoDate(this.person.dateOfBirth, rng.int(2, 8) * YEAR));
      if (rng.chance(0.25)) add(EPILEPSY);
    }
    if (this.has('end_of_life')) {
      const fits = LIFE_LIMITING.filter((c) => c.onsetFromAge <= this.age);
      add(rng.pick(fits.length > 0 ? fits : LIFE_LIMITING), this.pastDate(60, 3 * YEAR));
    }
    if (this.has('frail_elderly')) add(FRAILTY, this.pastDate(90, 4 * YEAR));
    if (this.has('unborn_plan')) add(PREGNANCY, this.pastDate(70, 200));
    for (const ref of COMMON_CONDITIONS) if (rng.chance(ref.prevalence(this.age))) add(ref);
    return held;
  }

  private addConditions(held: HeldCondition[]): void {
    for (const h of held) {
      this.rec.conditions.push({
        _id: this.id('cond', this.rec.conditions),
        id: this.id('cond', this.rec.conditions),
        nhsNumber: this.nhs,
        code: h.ref.code,
        display: h.ref.display,
        clinicalStatus: h.clinicalStatus,
        verificationStatus: 'confirmed',
        onset: h.onset,
        source: this.gpSource,
      });
    }
  }

  /** Returns whether the person is allergic to penicillins (which rules out amoxicillin). */
  private addAllergies(): boolean {
    const { rng } = this;
    if (!rng.chance(0.15)) return false;
    const substances = rng.shuffle(ALLERGENS).slice(0, rng.chance(0.8) ? 1 : 2);
    for (const s of substances) {
      const r = rng.pick(REACTIONS);
      this.rec.allergies.push({
        _id: this.id('alg', this.rec.allergies),
        id: this.id('alg', this.rec.allergies),
        nhsNumber: this.nhs,
        code: s.code,
        substance: s.substance,
        reaction: r.reaction,
        criticality: r.criticality,
        clinicalStatus: 'active',
        verificationStatus: 'confirmed',
        recordedDate: this.pastDate(30, 20 * YEAR),
        source: this.gpSource,
      });
    }
    return substances.some((s) => s.penicillin);
  }

  private addMedication(med: MedicineRef, start: string, status: MedicationDoc['status']): void {
    if (this.rec.medications.some((m) => m.code === med.code)) return;
    this.rec.medications.push({
      _id: this.id('med', this.rec.medications),
      id: this.id('med', this.rec.medications),
      nhsNumber: this.nhs,
      code: med.code,
      display: med.display,
      dosage: med.dosage,
      status,
      start,
      source: this.gpSource,
    });
  }

  private addMedications(held: HeldCondition[], penicillinAllergic: boolean): void {
    const { rng } = this;
    for (const h of held) {
      const [first, ...others] = h.ref.medicines;
      if (!first) continue;
      const start = this.rng.dateBetween(h.onset, later(h.onset, shiftIsoDate(this.today, -7)));
      // Treatment for a condition in remission has been stopped; the prescription stays on the record.
      this.addMedication(first, start, h.clinicalStatus === 'active' ? 'active' : 'completed');
      if (others.length > 0 && h.clinicalStatus === 'active' && rng.chance(0.4)) {
        this.addMedication(rng.pick(others), start, 'active');
      }
    }
    if (rng.chance(0.25)) {
      this.addMedication(
        penicillinAllergic ? PENICILLIN_FREE_COURSE : ANTIBIOTIC_COURSE,
        this.pastDate(30, 3 * YEAR),
        'completed',
      );
    }
  }

  private addFlag(
    kind: FlagDoc['kind'],
    display: string,
    since: string,
    status: FlagDoc['status'] = 'active',
  ) {
    this.rec.flags.push({
      _id: this.id('flag', this.rec.flags),
      id: this.id('flag', this.rec.flags),
      nhsNumber: this.nhs,
      kind,
      display,
      since,
      status,
      source: this.gpSource,
    });
  }

  private addFlags(held: HeldCondition[]): void {
    const onset = (key: string) => held.find((h) => h.ref.key === key)?.onset ?? this.pastDate(30, YEAR);
    if (this.has('frail_elderly'))
      this.addFlag('FALLS_RISK', 'At risk of falls', this.pastDate(30, 3 * YEAR));
    else if (this.age >= 65 && this.rng.chance(0.06)) {
      // A falls risk lifted after recovery: on the record, no longer a flag.
      this.addFlag('FALLS_RISK', 'At risk of falls', this.pastDate(400, 5 * YEAR), 'inactive');
    }
    if (this.has('dementia')) {
      this.addFlag('DEMENTIA', 'Dementia: consider capacity and communication needs', onset('dementia'));
    }
    if (this.has('learning_disability')) {
      this.addFlag(
        'LEARNING_DISABILITY',
        'Learning disability: reasonable adjustments needed',
        later(onset('learning_disability'), shiftIsoDate(this.today, -15 * YEAR)),
      );
    }
    if (this.has('end_of_life')) {
      this.addFlag('END_OF_LIFE', 'On the end of life care register', this.pastDate(14, 300));
    }
    if (this.age >= 16 && this.rng.chance(0.05)) {
      this.addFlag('OTHER', this.rng.pick(OTHER_FLAGS), this.pastDate(30, 5 * YEAR));
    }
  }

  private hospital(): OrgRef {
    return this.rng.chance(0.8) ? this.usualHospital : this.rng.pick(HOSPITALS);
  }

  private addEncounter(
    e: Omit<EncounterDoc, '_id' | 'id' | 'nhsNumber' | 'hospital' | 'hospitalCode' | 'source'>,
  ) {
    const h = this.hospital();
    const id = this.id('enc', this.rec.encounters);
    this.rec.encounters.push({
      _id: id,
      id,
      nhsNumber: this.nhs,
      hospital: h.name,
      hospitalCode: h.code,
      source: h.code,
      ...e,
    });
  }

  private aeAttendance(date: string, status: EncounterDoc['status'] = 'finished') {
    const { rng } = this;
    const start = instant(date, rng.int(0, 24 * 60 - 1));
    const reason = this.has('frail_elderly') && rng.chance(0.5) ? 'Fall at home' : rng.pick(AE_REASONS);
    this.addEncounter({
      kind: 'AE_ATTENDANCE',
      reason,
      start,
      end: new Date(Date.parse(start) + rng.int(90, 420) * 60_000).toISOString(),
      expectedDischargeDate: null,
      status,
    });
  }

  private addEncounters(held: HeldCondition[]): void {
    const { rng, today } = this;
    // Only recent_ae has an attendance in the last 30 days: older ones start 45 days back or more.
    if (this.has('recent_ae')) this.aeAttendance(rng.daysBefore(today, 1, 20));
    if (rng.chance(0.15)) this.aeAttendance(this.pastDate(45, 900));

    if (this.has('current_admission') || this.has('delayed_discharge')) {
      let admitted: string;
      let expected: string;
      if (this.has('delayed_discharge')) {
        expected = rng.daysBefore(today, 3, 25);
        admitted = shiftIsoDate(expected, -rng.int(3, 21));
      } else {
        admitted = rng.daysBefore(today, 1, 14);
        expected = later(shiftIsoDate(today, rng.int(-2, 10)), shiftIsoDate(admitted, 1));
      }
      this.addEncounter({
        kind: 'ADMISSION',
        reason: rng.pick(ADMISSION_REASONS),
        start: instant(later(admitted, this.person.dateOfBirth), rng.int(0, 24 * 60 - 1)),
        end: null,
        expectedDischargeDate: expected,
        status: 'in-progress',
      });
    }

    const pastAdmissionChance = this.age >= 85 ? 0.35 : this.age >= 65 ? 0.2 : 0.05;
    if (rng.chance(pastAdmissionChance)) {
      for (let i = rng.int(1, 2); i > 0; i--) {
        const date = this.pastDate(45, 3 * YEAR);
        const stay = rng.int(1, 14);
        this.addEncounter({
          kind: 'ADMISSION',
          reason: rng.pick(ADMISSION_REASONS),
          start: instant(date, rng.int(0, 24 * 60 - 1)),
          end: instant(shiftIsoDate(date, stay), rng.int(10 * 60, 18 * 60)),
          expectedDischargeDate: shiftIsoDate(date, Math.max(1, stay - rng.int(0, 3))),
          status: 'finished',
        });
      }
    }

    const clinics = held.flatMap((h) => OUTPATIENT_CLINICS[h.ref.key] ?? []).filter(() => rng.chance(0.5));
    if (rng.chance(0.1)) clinics.push(rng.pick(GENERAL_CLINICS));
    for (const clinic of [...new Set(clinics)].slice(0, 3)) {
      const start = instant(this.pastDate(7, 700), rng.int(9 * 60, 16 * 60 + 30));
      this.addEncounter({
        kind: 'OUTPATIENT',
        reason: clinic,
        start,
        end: new Date(Date.parse(start) + 30 * 60_000).toISOString(),
        expectedDischargeDate: null,
        status: rng.chance(0.1) ? 'cancelled' : 'finished',
      });
    }
  }

  private addObservation(
    ref: { code: string; display: string },
    value: string,
    status: ObservationDoc['status'] = 'final',
  ): void {
    const id = this.id('obs', this.rec.observations);
    this.rec.observations.push({
      _id: id,
      id,
      nhsNumber: this.nhs,
      code: ref.code,
      display: ref.display,
      value,
      effective: instant(this.pastDate(14, 700), this.rng.int(9 * 60, 17 * 60)),
      status,
      source: this.gpSource,
    });
  }

  private addObservations(held: HeldCondition[]): void {
    const { rng } = this;
    const heldKey = (key: string) => held.some((h) => h.ref.key === key);
    if (this.age >= 18) {
      const hypertensive = heldKey('hypertension');
      if (rng.chance(0.8)) {
        for (let i = rng.int(1, 2); i > 0; i--) {
          const systolic = hypertensive ? rng.int(132, 165) : rng.int(105, 139);
          this.addObservation(OBSERVATION_CODES.bloodPressure, `${systolic}/${rng.int(65, 95)} mmHg`);
        }
      }
      if (rng.chance(0.6)) {
        const kg = this.person.sex === 'female' ? rng.int(48, 95) : rng.int(58, 115);
        this.addObservation(OBSERVATION_CODES.weight, `${kg}.${rng.int(0, 9)} kg`);
      }
      if (heldKey('diabetes')) this.addObservation(OBSERVATION_CODES.hba1c, `${rng.int(45, 78)} mmol/mol`);
    } else if (rng.chance(0.5)) {
      const kg = 3.4 + this.age * 3 + rng.int(-15, 15) / 10;
      this.addObservation(OBSERVATION_CODES.weight, `${kg.toFixed(1)} kg`);
      const cm = this.age === 0 ? rng.int(50, 75) : 75 + this.age * 6 + rng.int(-6, 6);
      this.addObservation(OBSERVATION_CODES.height, `${cm} cm`);
    }
  }

  /** One entry recorded by mistake: the store keeps it, no read may return it. */
  private addEnteredInError(): void {
    const { rng } = this;
    switch (rng.pick(['condition', 'medication', 'allergy', 'flag', 'encounter', 'observation'] as const)) {
      case 'condition':
        this.rec.conditions.push({
          _id: this.id('cond', this.rec.conditions),
          id: this.id('cond', this.rec.conditions),
          nhsNumber: this.nhs,
          code: '46635009',
          display: 'Type 1 diabetes mellitus',
          clinicalStatus: 'active',
          verificationStatus: ENTERED_IN_ERROR,
          onset: this.pastDate(30, YEAR),
          source: this.gpSource,
        });
        return;
      case 'medication':
        this.rec.medications.push({
          _id: this.id('med', this.rec.medications),
          id: this.id('med', this.rec.medications),
          nhsNumber: this.nhs,
          code: '319733000',
          display: 'Warfarin 1mg tablets',
          dosage: 'As directed by the anticoagulation clinic',
          status: ENTERED_IN_ERROR,
          start: this.pastDate(7, 200),
          source: this.gpSource,
        });
        return;
      case 'allergy':
        this.rec.allergies.push({
          _id: this.id('alg', this.rec.allergies),
          id: this.id('alg', this.rec.allergies),
          nhsNumber: this.nhs,
          code: '764146007',
          substance: 'Penicillin',
          reaction: 'Rash',
          criticality: 'low',
          clinicalStatus: 'active',
          verificationStatus: ENTERED_IN_ERROR,
          recordedDate: this.pastDate(7, 200),
          source: this.gpSource,
        });
        return;
      case 'flag':
        // Put on the wrong patient: it must not make them look as if they had dementia.
        this.addFlag(
          this.has('dementia') ? 'OTHER' : 'DEMENTIA',
          this.has('dementia') ? 'Lives alone' : 'Dementia: consider capacity and communication needs',
          this.pastDate(7, 200),
          ENTERED_IN_ERROR,
        );
        return;
      case 'encounter':
        // A duplicate A&E registration within the last fortnight: it must not count as a recent attendance.
        this.aeAttendance(rng.daysBefore(this.today, 1, 14), ENTERED_IN_ERROR);
        return;
      case 'observation':
        this.addObservation(OBSERVATION_CODES.bloodPressure, '310/190 mmHg', ENTERED_IN_ERROR);
        return;
    }
  }
}
