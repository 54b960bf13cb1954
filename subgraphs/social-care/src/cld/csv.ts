/** One record of a CSV file, with the line it starts on (a quoted field may span lines). */
export interface CsvRecord {
  line: number;
  cells: string[];
}

export type CsvResult = { ok: true; records: CsvRecord[] } | { ok: false; line: number; message: string };

/**
 * RFC 4180 CSV: comma separated, fields optionally in double quotes with "" for a quote, CRLF or
 * LF line ends, a UTF-8 byte order mark ignored. Blank lines are skipped. (No CSV library is
 * installed; this is the whole grammar.)
 */
export function parseCsv(text: string): CsvResult {
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let line = 1;
  let i = 0;
  while (i < src.length) {
    const start = line;
    const cells: string[] = [];
    let cell = '';
    let quoted = false;
    let atRecordEnd = false;
    while (i < src.length && !atRecordEnd) {
      const ch = src[i];
      if (quoted) {
        if (ch === '"' && src[i + 1] === '"') {
          cell += '"';
          i += 2;
        } else if (ch === '"') {
          quoted = false;
          i++;
          const next = src[i];
          if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
            return { ok: false, line, message: 'a closing quote must end its field' };
          }
        } else {
          if (ch === '\n') line++;
          cell += ch;
          i++;
        }
      } else if (ch === '"' && cell === '') {
        quoted = true;
        i++;
      } else if (ch === ',') {
        cells.push(cell);
        cell = '';
        i++;
      } else if (ch === '\r' || ch === '\n') {
        i += ch === '\r' && src[i + 1] === '\n' ? 2 : 1;
        line++;
        atRecordEnd = true;
      } else {
        cell += ch;
        i++;
      }
    }
    if (quoted) return { ok: false, line: start, message: 'a quoted field is never closed' };
    cells.push(cell);
    if (!(cells.length === 1 && cells[0].trim() === '')) records.push({ line: start, cells });
  }
  return { ok: true, records };
}

const needsQuotes = /[",\r\n]/;

/** One CSV line (CRLF-terminated by the caller), quoting only what needs it. */
export function csvLine(cells: readonly (string | number | null | undefined)[]): string {
  return cells
    .map((c) => {
      const s = c === null || c === undefined ? '' : String(c);
      return needsQuotes.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
    })
    .join(',');
}
