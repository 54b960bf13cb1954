/** The West London Alliance boroughs that exchange records (ELSID), for choosing a destination. */
export const BOROUGHS: { code: string; name: string }[] = [
  { code: 'E09000013', name: 'Hammersmith & Fulham' },
  { code: 'E09000020', name: 'Kensington & Chelsea' },
  { code: 'E09000009', name: 'Ealing' },
  { code: 'E09000018', name: 'Hounslow' },
  { code: 'E09000005', name: 'Brent' },
  { code: 'E09000033', name: 'Westminster' },
];

export const boroughName = (code: string | null | undefined): string =>
  BOROUGHS.find((b) => b.code === code)?.name ?? code ?? '';
