import { unzipSync } from 'fflate';
import { SaxesParser } from 'saxes';

/** An XML element as the tests look at it. */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/** Parses XML strictly (saxes throws on anything not well-formed) into a tree. */
export function parseXml(text: string): XmlElement {
  const parser = new SaxesParser({ xmlns: false });
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  parser.on('opentag', (tag) => {
    const element: XmlElement = {
      name: tag.name,
      attributes: tag.attributes as Record<string, string>,
      children: [],
      text: '',
    };
    stack.at(-1)?.children.push(element);
    stack.push(element);
    root ??= element;
  });
  parser.on('text', (t) => {
    const top = stack.at(-1);
    if (top) top.text += t;
  });
  parser.on('closetag', () => void stack.pop());
  parser.write(text).close();
  if (!root) throw new Error('no root element');
  return root;
}

export const find = (e: XmlElement, name: string): XmlElement[] => [
  ...(e.name === name ? [e] : []),
  ...e.children.flatMap((c) => find(c, name)),
];

export interface ReadSheet {
  name: string;
  /** Cells by row, as a spreadsheet program shows them (OOXML `_xHHHH_` escapes undone). */
  rows: (string | number | null)[][];
  boldRows: number[];
  pane: Record<string, string> | null;
  xml: string;
}

/**
 * Reads a workbook the way a spreadsheet program would, for tests: the package's parts, the sheet
 * names in order, and each worksheet's cells. Every part must be well-formed XML.
 */
export function readXlsx(bytes: Uint8Array): { parts: Record<string, string>; sheets: ReadSheet[] } {
  const files = unzipSync(bytes);
  const parts = Object.fromEntries(
    Object.entries(files).map(([name, data]) => [name, Buffer.from(data).toString('utf8')]),
  );
  for (const [name, text] of Object.entries(parts)) {
    try {
      parseXml(text);
    } catch (error) {
      throw new Error(`${name} is not well-formed XML: ${(error as Error).message}`);
    }
  }
  const workbook = parseXml(parts['xl/workbook.xml']!);
  const rels = parseXml(parts['xl/_rels/workbook.xml.rels']!);
  const targets = new Map(find(rels, 'Relationship').map((r) => [r.attributes.Id!, r.attributes.Target!]));
  const sheets = find(workbook, 'sheet').map((s) => {
    const xml = parts[`xl/${targets.get(s.attributes['r:id']!)}`]!;
    const tree = parseXml(xml);
    const rows: (string | number | null)[][] = [];
    const boldRows = new Set<number>();
    for (const row of find(tree, 'row')) {
      const r = Number(row.attributes.r) - 1;
      const cells: (string | number | null)[] = (rows[r] = []);
      for (const c of row.children) {
        const column = columnIndex(/^[A-Z]+/.exec(c.attributes.r!)![0]);
        while (cells.length < column) cells.push(null);
        if (c.attributes.s === '1') boldRows.add(r);
        cells[column] =
          c.attributes.t === 'inlineStr'
            ? unescapeOoxml(find(c, 't')[0]!.text)
            : Number(find(c, 'v')[0]!.text);
      }
    }
    for (let i = 0; i < rows.length; i++) rows[i] ??= [];
    const pane = find(tree, 'pane')[0]?.attributes ?? null;
    return { name: s.attributes.name!, rows, boldRows: [...boldRows].sort(), pane, xml };
  });
  return { parts, sheets };
}

function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

function unescapeOoxml(text: string): string {
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
