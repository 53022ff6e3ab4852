import type { Cell } from './csv.ts';
import { writeZip } from './zip.ts';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface Sheet {
  name: string;
  rows: readonly (readonly Cell[])[];
  /** Rows (0-based) shown in bold: headers. */
  boldRows?: readonly number[];
  /** Rows and columns kept in view while scrolling (a frozen pane). */
  frozen?: { rows: number; columns: number };
  /** Column widths in characters, from the first column; absent ones keep the default. */
  widths?: readonly (number | undefined)[];
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
/** Excel's limit on the text of one cell. */
const MAX_CELL_CHARS = 32_767;

/**
 * A minimal Office Open XML workbook (ECMA-376 SpreadsheetML): one worksheet per sheet, text as
 * inline strings (no shared-string table to build), numbers as numbers, bold rows through one
 * cell style, and frozen panes. Sheet names are made valid and unique (see `sheetNames`).
 */
export function writeXlsx(sheets: readonly Sheet[]): Buffer {
  if (sheets.length === 0) throw new RangeError('a workbook needs at least one sheet');
  const names = sheetNames(sheets.map((s) => s.name));
  const files: { name: string; text: string }[] = [
    { name: '[Content_Types].xml', text: contentTypes(sheets.length) },
    {
      name: '_rels/.rels',
      text: `${XML_HEAD}<Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: 'xl/workbook.xml',
      text: `${XML_HEAD}<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets>${names
        .map((name, i) => `<sheet name="${escapeXml(name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
        .join('')}</sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      text: `${XML_HEAD}<Relationships xmlns="${PKG_REL}">${sheets
        .map(
          (_, i) =>
            `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
        )
        .join(
          '',
        )}<Relationship Id="rId${sheets.length + 1}" Type="${REL}/styles" Target="styles.xml"/></Relationships>`,
    },
    { name: 'xl/styles.xml', text: STYLES },
    ...sheets.map((sheet, i) => ({ name: `xl/worksheets/sheet${i + 1}.xml`, text: worksheet(sheet) })),
  ];
  return writeZip(files.map((f) => ({ name: f.name, data: Buffer.from(f.text, 'utf8') })));
}

function contentTypes(sheetCount: number): string {
  const sheets = Array.from(
    { length: sheetCount },
    (_, i) =>
      `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
  ).join('');
  return (
    `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
    `${sheets}</Types>`
  );
}

// Style 0 is the default; style 1 differs only in its bold font.
const STYLES =
  `${XML_HEAD}<styleSheet xmlns="${MAIN}">` +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '</styleSheet>';

function worksheet(sheet: Sheet): string {
  const bold = new Set(sheet.boldRows ?? []);
  const parts = [`${XML_HEAD}<worksheet xmlns="${MAIN}">`];
  const frozen = sheet.frozen;
  if (frozen && (frozen.rows > 0 || frozen.columns > 0)) {
    const pane =
      frozen.rows > 0 && frozen.columns > 0 ? 'bottomRight' : frozen.rows > 0 ? 'bottomLeft' : 'topRight';
    const split = `${frozen.columns > 0 ? ` xSplit="${frozen.columns}"` : ''}${frozen.rows > 0 ? ` ySplit="${frozen.rows}"` : ''}`;
    parts.push(
      `<sheetViews><sheetView workbookViewId="0"><pane${split} topLeftCell="${columnName(frozen.columns)}${frozen.rows + 1}" activePane="${pane}" state="frozen"/><selection pane="${pane}"/></sheetView></sheetViews>`,
    );
  }
  const widths = (sheet.widths ?? [])
    .map((w, i) =>
      w === undefined ? '' : `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`,
    )
    .join('');
  if (widths) parts.push(`<cols>${widths}</cols>`);
  parts.push('<sheetData>');
  sheet.rows.forEach((row, r) => {
    const style = bold.has(r) ? ' s="1"' : '';
    const cells = row
      .map((value, c) => {
        if (value === null || value === '') return '';
        const ref = `${columnName(c)}${r + 1}`;
        if (typeof value === 'number') {
          if (!Number.isFinite(value)) throw new RangeError(`cell ${ref} is not a finite number`);
          return `<c r="${ref}"${style}><v>${value}</v></c>`;
        }
        return `<c r="${ref}"${style} t="inlineStr"><is><t xml:space="preserve">${escapeXml(cellText(value))}</t></is></c>`;
      })
      .join('');
    parts.push(`<row r="${r + 1}">${cells}</row>`);
  });
  parts.push('</sheetData></worksheet>');
  return parts.join('');
}

/** Column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  }
  return name;
}

// Characters XML 1.0 cannot carry (all C0 controls but tab, line feed and carriage return; U+FFFE,
// U+FFFF), and UTF-16 surrogates without their other half. Matching control characters is the point.
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// eslint-disable-next-line no-control-regex
const NOT_IN_SHEET_NAMES = /[[\]:*?/\\\u0000-\u001F]/g;

/**
 * Text as a cell holds it. XML 1.0 cannot carry most control characters, so they are written as
 * OOXML's `_xHHHH_` escapes, which spreadsheet programs turn back into the character; text that
 * already looks like such an escape has its underscore escaped, so it reads back as written. A lone
 * surrogate (not a character at all) becomes U+FFFD.
 */
function cellText(text: string): string {
  const clipped = text.length > MAX_CELL_CHARS ? text.slice(0, MAX_CELL_CHARS) : text;
  return clipped
    .replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1')
    .replace(NOT_XML, (c) => `_x${hex4(c)}_`)
    .replace(LONE_SURROGATE, '\uFFFD');
}

/** Escapes text for XML content and attribute values; drops what XML 1.0 cannot hold at all. */
export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML, '')
    .replace(LONE_SURROGATE, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;');
}

function hex4(c: string): string {
  return c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
}

/**
 * Names that spreadsheet programs accept: at most 31 characters, none of `[ ] : * ? / \`, not
 * beginning or ending with an apostrophe, not "History" (Excel keeps it for itself), and unique
 * regardless of case (a repeat gets ` (2)`, ` (3)`…).
 */
export function sheetNames(wanted: readonly string[]): string[] {
  const taken = new Set<string>();
  return wanted.map((raw) => {
    let base = raw
      .replace(NOT_IN_SHEET_NAMES, '_')
      .replace(/^'+|'+$/g, '')
      .trim();
    if (base === '' || base.toLowerCase() === 'history') base = `${base || 'Sheet'}_`;
    base = truncate(base, 31).replace(/'+$/, '');
    let name = base;
    for (let n = 2; taken.has(name.toLowerCase()); n++) {
      const suffix = ` (${n})`;
      name = `${truncate(base, 31 - suffix.length)}${suffix}`;
    }
    taken.add(name.toLowerCase());
    return name;
  });
}

/** At most `max` UTF-16 units, never splitting a surrogate pair. */
function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}
