/**
 * Names and addresses for the synthetic borough. Names are grouped by heritage so a person's
 * given and family names plausibly go together, in roughly West London's mix; streets are real
 * West London streets, while house numbers and postcode inward codes are made up.
 */
import type { Rng } from './random';

/** Comma-separated lists keep hundreds of names readable (Prettier would put each on its own line). */
const list = (s: string): readonly string[] =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x.length > 0);

export interface NameGroup {
  id: string;
  /** Relative share of the population. */
  weight: number;
  family: readonly string[];
  female: readonly string[];
  male: readonly string[];
  /** For people born before OLDER_NAMES_BEFORE, where names differ noticeably by generation. */
  femaleOlder?: readonly string[];
  maleOlder?: readonly string[];
}

export const NAME_GROUPS: readonly NameGroup[] = [
  {
    id: 'british',
    weight: 48,
    family: list(`Smith, Jones, Williams, Brown, Taylor, Davies, Evans, Wilson, Thomas, Johnson, Roberts,
      Robinson, Thompson, Wright, Walker, White, Edwards, Hughes, Green, Hall, Lewis, Harris, Clarke, Jackson,
      Wood, Turner, Martin, Cooper, Hill, Ward, Morris, Moore, King, Baker, Harrison, Morgan, Allen, James,
      Scott, Phillips, Watson, Parker, Price, Bennett, Young, Griffiths, Mitchell, Cook, Carter, Bailey,
      Collins, Bell, Shaw, Fletcher, Palmer, Marsh, Lawrence, Fisher, Dixon, Chapman`),
    femaleOlder:
      list(`Margaret, Patricia, Susan, Jean, Barbara, Joan, Doris, Dorothy, Brenda, Sheila, Pauline,
      Maureen, Christine, Valerie, Janet, Irene, Elizabeth, Mary, Linda, Carol, Ann, Sandra, Gillian, Eileen,
      Joyce, Sylvia, Hilda, Marjorie`),
    female: list(`Olivia, Amelia, Isla, Ava, Emily, Sophie, Grace, Lily, Freya, Charlotte, Chloe, Jessica,
      Hannah, Ella, Poppy, Sarah, Emma, Laura, Rebecca, Lucy, Katie, Rachel, Claire, Gemma, Hayley, Nicola,
      Victoria, Alice, Florence, Rosie`),
    maleOlder:
      list(`John, David, Michael, Peter, Robert, Brian, Anthony, Kenneth, Raymond, Alan, Keith, Colin,
      Terence, Derek, Geoffrey, Roy, Stanley, Dennis, Ronald, Leslie, Graham, Roger, Barry, Malcolm, Frank,
      Harold`),
    male: list(`Oliver, George, Harry, Jack, Noah, Leo, Arthur, Oscar, Charlie, Freddie, Alfie, Thomas, James,
      William, Daniel, Joshua, Samuel, Benjamin, Luke, Ryan, Adam, Matthew, Christopher, Andrew, Mark, Paul,
      Stephen, Richard, Jamie, Tom`),
  },
  {
    id: 'irish',
    weight: 4,
    family:
      list(`Murphy, Kelly, O'Brien, Byrne, Ryan, O'Connor, Walsh, McCarthy, Doyle, O'Sullivan, Gallagher,
      Brennan, Quinn, Kavanagh`),
    female: list('Siobhan, Niamh, Aoife, Bridget, Mary, Kathleen, Ciara, Sinead, Orla, Roisin'),
    male: list('Sean, Patrick, Declan, Liam, Cian, Eoin, Niall, Conor, Brendan, Michael'),
  },
  {
    id: 'caribbean',
    weight: 7,
    family: list(`Campbell, Grant, Francis, Henry, Reid, Forbes, Gordon, Samuels, Morrison, Blake, Lindo,
      McKenzie, Stewart, Richards, Williams, Brown, Clarke, Thomas`),
    female: list(`Marcia, Beverley, Claudette, Hyacinth, Jasmine, Shanice, Aaliyah, Tanisha, Simone, Natalie,
      Paulette, Janelle, Maya`),
    male: list(
      'Delroy, Winston, Clive, Errol, Leroy, Marcus, Tyrone, Jermaine, Andre, Kai, Reuben, Devon, Nathan',
    ),
  },
  {
    id: 'west-african',
    weight: 6,
    family: list(`Okoro, Adeyemi, Okafor, Mensah, Boateng, Owusu, Adebayo, Nwosu, Eze, Asante, Oladipo,
      Balogun, Osei, Danso, Ogunleye, Agyeman, Obi`),
    female: list(`Adaeze, Chiamaka, Folake, Ngozi, Abena, Ama, Esi, Yewande, Funmilayo, Blessing, Precious,
      Temitope, Chioma`),
    male: list(
      'Chidi, Emeka, Kwame, Kofi, Tunde, Olumide, Segun, Yaw, Ifeanyi, Kwesi, Babajide, Samuel, David',
    ),
  },
  {
    id: 'south-asian',
    weight: 9,
    family: list(`Patel, Shah, Singh, Khan, Ahmed, Hussain, Sharma, Gupta, Chowdhury, Iqbal, Mistry, Desai,
      Rahman, Malik, Akhtar, Kumar, Chauhan, Joshi, Begum, Sandhu`),
    female:
      list(`Priya, Anjali, Asha, Sunita, Nisha, Fatima, Ayesha, Zara, Aisha, Meera, Kavita, Simran, Nadia,
      Rukhsana, Parveen`),
    male: list(`Raj, Sanjay, Arjun, Rohan, Vikram, Imran, Mohammed, Omar, Hamza, Amir, Kiran, Harpreet, Rahul,
      Zain, Bilal, Tariq`),
  },
  {
    id: 'eastern-european',
    weight: 6,
    // Surnames that do not change with sex, so no Kowalski/Kowalska agreement is needed.
    family: list(`Nowak, Mazur, Krawczyk, Wojcik, Kaczmarek, Popescu, Ionescu, Dumitru, Stan, Horvath, Novak,
      Kovac, Jovanovic, Pavlovic, Sikora`),
    female: list(
      'Agnieszka, Katarzyna, Magdalena, Anna, Joanna, Ioana, Elena, Andreea, Maria, Ewa, Zofia, Natalia',
    ),
    male: list(
      'Piotr, Tomasz, Krzysztof, Marek, Andrei, Mihai, Bogdan, Jakub, Pavel, Lukasz, Adrian, Stefan',
    ),
  },
  {
    id: 'somali-arab',
    weight: 6,
    family: list(`Mohamed, Abdi, Hassan, Ali, Warsame, Farah, Osman, Yusuf, Ibrahim, Nur, Haddad, Mansour,
      Saleh, Said, Elmi`),
    female: list('Amina, Hodan, Fadumo, Sahra, Hibo, Layla, Mariam, Nasra, Ikram, Yasmin, Huda, Salma'),
    male: list(`Abdirahman, Ahmed, Mustafa, Khalid, Ibrahim, Karim, Idris, Abdullahi, Faisal, Omar, Yusuf,
      Hassan`),
  },
  {
    id: 'southern-european',
    weight: 6,
    family: list(`Silva, Santos, Ferreira, Pereira, Costa, Rodrigues, Garcia, Martinez, Lopez, Rossi, Russo,
      Romano, Fernandes, Gomes, Moreno, Alves, Sanchez, Ferrari`),
    female: list('Ana, Sofia, Lucia, Beatriz, Carla, Giulia, Francesca, Ines, Marta, Isabel, Chiara, Rosa'),
    male: list('Joao, Pedro, Carlos, Miguel, Luis, Marco, Luca, Javier, Antonio, Diego, Tiago, Alessandro'),
  },
  {
    id: 'east-asian',
    weight: 4,
    family: list(
      'Chen, Wang, Li, Zhang, Liu, Wong, Chan, Lam, Nguyen, Tran, Kim, Park, Tanaka, Lin, Yang, Huang',
    ),
    female: list('Mei, Xin, Lily, Jia, Hui, Linh, Yuna, Min, Ying, Emily, Grace, Hana'),
    male: list('Wei, Jun, Ming, Hao, Minh, Kevin, Daniel, Joon, Kenji, Lei, Jason, Tao'),
  },
  {
    id: 'middle-eastern',
    weight: 4,
    family: list(
      'Yilmaz, Kaya, Demir, Hosseini, Ahmadi, Karimi, Rezaei, Aziz, Nasser, Khalil, Toprak, Sadeghi',
    ),
    female: list('Leila, Shirin, Elif, Zeynep, Maryam, Nour, Sara, Parisa, Ayse, Dilara'),
    male: list('Reza, Mehmet, Emre, Dariush, Kamran, Arash, Murat, Yousef, Sami, Ali'),
  },
];

/** People born before this year draw mostly from a group's *Older* given-name lists. */
export const OLDER_NAMES_BEFORE = 1965;

const GROUP_WEIGHTS = NAME_GROUPS.map((g) => [g, g.weight] as const);

export function pickName(
  rng: Rng,
  sex: 'female' | 'male',
  birthYear: number,
): { givenName: string; familyName: string } {
  const group = rng.weighted(GROUP_WEIGHTS);
  const older = sex === 'female' ? group.femaleOlder : group.maleOlder;
  const current = sex === 'female' ? group.female : group.male;
  // Names cross generations a little, so the older list is preferred rather than required.
  const given = older && birthYear < OLDER_NAMES_BEFORE && rng.chance(0.8) ? older : current;
  return { givenName: rng.pick(given), familyName: rng.pick(group.family) };
}

export interface StreetArea {
  /** Postcode district (outward code). */
  district: string;
  streets: readonly string[];
}

/** Real streets by postcode district, for each borough in reference.BOROUGHS (keyed by ONS code). */
export const STREETS: Readonly<Record<string, readonly StreetArea[]>> = {
  // Hammersmith & Fulham
  E09000013: [
    {
      district: 'W6',
      streets: list(`King Street, Fulham Palace Road, Shepherds Bush Road, Richford Street, Hammersmith Grove,
        Brook Green, Blythe Road, Glenthorne Road, Dalling Road, Great Church Lane, Margravine Road,
        Rannoch Road, Crabtree Lane, Queen Caroline Street, Bridge Avenue, Black Lion Lane, Paddenswick Road,
        Wolverton Gardens, Iffley Road, Galena Road`),
    },
    {
      district: 'W12',
      streets: list(`Uxbridge Road, Goldhawk Road, Askew Road, Becklow Road, Cathnor Road, Findon Road,
        Loftus Road, Adelaide Grove, Coningham Road, Wood Lane, Du Cane Road, Old Oak Road, Bloemfontein Road,
        Australia Road, India Way, Westville Road, Cobbold Road, Ellerslie Road, Stanlake Road,
        Frithville Gardens`),
    },
    {
      district: 'W14',
      streets: list(`North End Road, Avonmore Road, Edith Road, Gliddon Road, Sulgrave Road, Masbro Road,
        Bolingbroke Road, Hazlitt Road, Fitzgeorge Avenue, Gwendwr Road, Beaumont Crescent, Comeragh Road,
        Charleville Road, Barons Court Road, Perham Road`),
    },
    {
      district: 'SW6',
      streets:
        list(`Lillie Road, Munster Road, Dawes Road, New King's Road, Wandsworth Bridge Road, Fulham Road,
        Greyhound Road, Star Road, Harbord Street, Ellerby Street, Parsons Green Lane, Peterborough Road,
        Hurlingham Road, Broomhouse Lane, Stephendale Road, Townmead Road, Bagley's Lane, Rylston Road,
        Vanston Place, Filmer Road, Bishop's Road, Kilmaine Road, Epple Road, Quarrendon Street`),
    },
  ],
  // Kensington & Chelsea
  E09000020: [
    {
      district: 'W10',
      streets: list('Ladbroke Grove, Oxford Gardens, St Quintin Avenue, Cambridge Gardens'),
    },
    {
      district: 'W11',
      streets: list('Portobello Road, Westbourne Park Road, Lancaster Road, Elgin Crescent'),
    },
    { district: 'SW10', streets: list('Fulham Road, Edith Grove, Cheyne Walk, Gunter Grove') },
    { district: 'W8', streets: list('Earls Court Road, Abingdon Road, Holland Street, Pembroke Road') },
  ],
  // Ealing
  E09000009: [
    { district: 'W3', streets: list('Churchfield Road, Horn Lane, Bollo Lane, Acton Lane, Avenue Road') },
    { district: 'W5', streets: list('Northfield Avenue, South Ealing Road, Pitshanger Lane, Mattock Lane') },
    { district: 'W13', streets: list('The Broadway, Drayton Green Road, Argyle Road, Uxbridge Road') },
  ],
  // Hounslow
  E09000018: [
    {
      district: 'W4',
      streets: list('Chiswick High Road, Turnham Green Terrace, Devonshire Road, Fishers Lane'),
    },
    {
      district: 'TW8',
      streets: list('Brentford High Street, Boston Manor Road, Ealing Road, Windmill Road'),
    },
    { district: 'TW3', streets: list('Lampton Road, Bath Road, Staines Road, Whitton Road') },
  ],
  // Brent
  E09000005: [
    { district: 'NW10', streets: list('Harlesden Road, Craven Park Road, Church Road, Chamberlayne Road') },
    { district: 'NW6', streets: list('Kilburn High Road, Willesden Lane, Salusbury Road, Brondesbury Road') },
    { district: 'HA0', streets: list('Ealing Road, Harrow Road, Park Lane, Wembley Hill Road') },
  ],
  // Westminster
  E09000033: [
    { district: 'W2', streets: list('Westbourne Grove, Porchester Road, Praed Street, Queensway') },
    { district: 'W9', streets: list('Elgin Avenue, Warwick Avenue, Shirland Road, Lauderdale Road') },
    { district: 'NW8', streets: list('Church Street, Lisson Grove, Abbey Road, Boundary Road') },
  ],
};

// Royal Mail never uses C, I, K, M, O or V in the last two places of the inward code.
const INWARD_LETTERS = [...'ABDEFGHJLNPQRSTUWXYZ'];
const BUILDINGS = list('House, Court, Mansions, Lodge, Point');

export function postcodeIn(rng: Rng, district: string): string {
  return `${district} ${rng.int(0, 9)}${rng.pick(INWARD_LETTERS)}${rng.pick(INWARD_LETTERS)}`;
}

/** A street address in the given borough, with its postcode; about a third are flats, as in inner London. */
export function pickAddress(rng: Rng, borough: string): { addressLine: string; postcode: string } {
  const areas = STREETS[borough] ?? STREETS.E09000013;
  const area = rng.pick(areas);
  const street = rng.pick(area.streets);
  const roll = rng.next();
  let addressLine = `${rng.int(1, 240)} ${street}`;
  if (roll < 0.2) addressLine = `Flat ${rng.int(1, 12)}, ${addressLine}`;
  else if (roll < 0.33)
    addressLine = `Flat ${rng.int(1, 60)}, ${street.split(' ')[0]} ${rng.pick(BUILDINGS)}, ${street}`;
  return { addressLine, postcode: postcodeIn(rng, area.district) };
}
