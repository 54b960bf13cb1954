/** Reference data for the synthetic West London borough: real names, made-up contact details. */

export interface OrgRef {
  code: string;
  name: string;
  phone: string;
}

/** Hammersmith & Fulham and its West London neighbours (ONS codes). */
export const BOROUGHS: OrgRef[] = [
  { code: 'E09000013', name: 'Hammersmith & Fulham', phone: '020 8753 6600' },
  { code: 'E09000020', name: 'Kensington & Chelsea', phone: '020 7361 3013' },
  { code: 'E09000009', name: 'Ealing', phone: '020 8825 8000' },
  { code: 'E09000018', name: 'Hounslow', phone: '020 8583 2000' },
  { code: 'E09000005', name: 'Brent', phone: '020 8937 1234' },
  { code: 'E09000033', name: 'Westminster', phone: '020 7641 6000' },
];

/** The home borough of the synthetic population and of the demo accounts. */
export const HOME_BOROUGH = BOROUGHS[0];

export const GP_PRACTICES: OrgRef[] = [
  { code: 'E85001', name: 'Richford Gate Health Centre', phone: '020 8846 6400' },
  { code: 'E85002', name: 'Brook Green Medical Centre', phone: '020 7603 7563' },
  { code: 'E85003', name: 'Parkview Centre for Health', phone: '020 8846 7555' },
  { code: 'E85004', name: 'Canberra Old Oak Surgery', phone: '020 8743 2007' },
  { code: 'E85005', name: 'Fulham Cross Medical Centre', phone: '020 7385 1364' },
  { code: 'E85006', name: 'Shepherds Bush Medical Centre', phone: '020 8749 4511' },
];

/** The practice of the demo GP account. */
export const HOME_PRACTICE = GP_PRACTICES[0];

export const HOSPITALS: OrgRef[] = [
  { code: 'RYJ', name: 'Charing Cross Hospital', phone: '020 3311 1234' },
  { code: 'RQM', name: 'Chelsea and Westminster Hospital', phone: '020 3315 8000' },
  { code: 'RYJ02', name: 'Hammersmith Hospital', phone: '020 3313 1000' },
];

export const HOME_HOSPITAL = HOSPITALS[0];

export const orgName = (code: string): string =>
  [...BOROUGHS, ...GP_PRACTICES, ...HOSPITALS].find((o) => o.code === code)?.name ?? code;
