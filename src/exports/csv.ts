/** A cell of a table written out for people: text, a number, or nothing. */
export type Cell = string | number | null;

// A spreadsheet opening the file would run a cell starting with one of these as a formula
// (OWASP "CSV injection"); a leading apostrophe makes it text and is not shown.
const FORMULA_START = /^[=+\-@\t\r]/;

/** One field of RFC 4180 CSV: quoted when it holds a comma, quote or line break; never a formula. */
export function csvField(value: Cell): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows as RFC 4180 CSV: fields joined by commas, every record ended by CRLF. */
export function csvText(rows: readonly (readonly Cell[])[]): string {
  return rows.map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}
