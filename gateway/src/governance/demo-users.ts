import { HOME_BOROUGH, HOME_HOSPITAL, HOME_PRACTICE, type Role } from '@care/common';

export interface DemoUser {
  username: string;
  name: string;
  role: Role;
  org: string;
  orgName: string;
  team: string | null;
  phone: string | null;
  /** Demo only: published in the README so anyone can try each role. */
  password: string;
  totpSecret: string;
}

/** One named demo account per role. Secrets are fixed so the README can list them; demo only. */
export const DEMO_USERS: DemoUser[] = [
  {
    username: 'dr.okafor',
    name: 'Dr Chidi Okafor',
    role: 'gp',
    org: HOME_PRACTICE.code,
    orgName: HOME_PRACTICE.name,
    team: 'GP partners',
    phone: HOME_PRACTICE.phone,
    password: 'dr.okafor-demo',
    totpSecret: 'ROVKJZG4FG3HIBF5DH3HUQCMBFJ63U7P',
  },
  {
    username: 'ae.lewis',
    name: 'Dr Megan Lewis',
    role: 'ae_clinician',
    org: HOME_HOSPITAL.code,
    orgName: HOME_HOSPITAL.name,
    team: 'Emergency Department',
    phone: HOME_HOSPITAL.phone,
    password: 'ae.lewis-demo',
    totpSecret: '5T3UWC574X5JO3MELQJM6N73EGJCRA4I',
  },
  {
    username: 'cpn.harris',
    name: 'Joanne Harris',
    role: 'cp_nurse',
    org: HOME_HOSPITAL.code,
    orgName: HOME_HOSPITAL.name,
    team: 'Safeguarding Children',
    phone: HOME_HOSPITAL.phone,
    password: 'cpn.harris-demo',
    totpSecret: '3QW5LYL6FCNHSSIJ7RKY34OVY7G7DYSP',
  },
  {
    username: 'sw.patel',
    name: 'Asha Patel',
    role: 'social_worker',
    org: HOME_BOROUGH.code,
    orgName: HOME_BOROUGH.name,
    team: 'Adults West',
    phone: '020 8753 6601',
    password: 'sw.patel-demo',
    totpSecret: 'GDGOQ65SWTU7YG2SPZ3EE7EQIE5XIQWT',
  },
  {
    username: 'fao.nguyen',
    name: 'Linh Nguyen',
    role: 'financial_officer',
    org: HOME_BOROUGH.code,
    orgName: HOME_BOROUGH.name,
    team: 'Financial Assessment',
    phone: '020 8753 6602',
    password: 'fao.nguyen-demo',
    totpSecret: 'PYJLEPBGMMKMQXF32TMCU3SD2BYQBRCE',
  },
  {
    username: 'ho.brennan',
    name: 'Sean Brennan',
    role: 'housing_officer',
    org: HOME_BOROUGH.code,
    orgName: HOME_BOROUGH.name,
    team: 'Housing Needs',
    phone: '020 8753 6603',
    password: 'ho.brennan-demo',
    totpSecret: 'AWA5D6Z7XS5PBP5GAFSWVO76B3HH63IQ',
  },
  {
    username: 'ig.admin',
    name: 'Priya Shah',
    role: 'ig_admin',
    org: 'NWL-ICS',
    orgName: 'North West London ICS',
    team: 'Information Governance',
    phone: null,
    password: 'ig.admin-demo',
    totpSecret: 'JLYCX3QFSTEX4J2JKJB5HKH232AEZ4GS',
  },
  {
    username: 'mgr.clarke',
    name: 'Tom Clarke',
    role: 'manager',
    org: HOME_BOROUGH.code,
    orgName: HOME_BOROUGH.name,
    team: 'Performance',
    phone: null,
    password: 'mgr.clarke-demo',
    totpSecret: 'PI2DNDAXT34L7ZPRXF3CFU54LC76NPIE',
  },
];
