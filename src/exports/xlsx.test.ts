import { crc32 } from 'node:zlib';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readXlsx } from './test-read-xlsx.ts';
import { columnName, sheetNames, writeXlsx } from './xlsx.ts';
import { writeZip } from './zip.ts';

describe('the XLSX writer', () => {
  it('writes a package whose every part is well-formed XML, with the parts a workbook needs', () => {
    const { parts, sheets } = readXlsx(
      writeXlsx([
        { name: 'one', rows: [['a', 1]] },
        { name: 'two', rows: [] },
      ]),
    );
    expect(Object.keys(parts).sort()).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/_rels/workbook.xml.rels',
      'xl/styles.xml',
      'xl/workbook.xml',
      'xl/worksheets/sheet1.xml',
      'xl/worksheets/sheet2.xml',
    ]);
    expect(parts['[Content_Types].xml']).toContain('PartName="/xl/worksheets/sheet2.xml"');
    expect(sheets.map((s) => s.name)).toEqual(['one', 'two']);
    expect(sheets[0]!.rows).toEqual([['a', 1]]);
    expect(sheets[1]!.rows).toEqual([]);
  });

  it('writes text as inline strings and numbers as numbers, in the right cells, with bold rows and a frozen pane', () => {
    const rows = [
      ['point', 'label', 'b'],
      [null, 'answered', 3],
      ...Array.from({ length: 30 }, (_, i) => [`p${i}`, null, i]),
    ];
    rows[5]![27] = 'far right';
    const [sheet] = readXlsx(
      writeXlsx([{ name: 's', rows, boldRows: [0], frozen: { rows: 1, columns: 2 } }]),
    ).sheets;
    expect(sheet!.rows[0]).toEqual(['point', 'label', 'b']);
    expect(sheet!.rows[1]).toEqual([null, 'answered', 3]);
    expect(sheet!.rows[5]![27]).toBe('far right');
    expect(sheet!.xml).toContain('<c r="AB6" t="inlineStr">');
    expect(sheet!.xml).toContain('<c r="C2"><v>3</v></c>');
    expect(sheet!.boldRows).toEqual([0]);
    expect(sheet!.pane).toMatchObject({ xSplit: '2', ySplit: '1', topLeftCell: 'C2', state: 'frozen' });
  });

  it('keeps XML special characters, and control characters as a spreadsheet reads them back', () => {
    const texts = [
      '<b>&amp; "quoted" \'single\'</b>',
      'bell\u0007 nul\u0000 vertical tab\u000B escape\u001B',
      'tab\tline\nreturn\r',
      'looks like an escape: _x0041_',
      'lone surrogate: \uD800 and a pair: \u{1F600}',
      ']]> in CDATA terms',
    ];
    const [sheet] = readXlsx(writeXlsx([{ name: 's', rows: texts.map((t) => [t]) }])).sheets;
    expect(sheet!.rows.map((r) => r[0])).toEqual([
      texts[0],
      texts[1],
      texts[2],
      texts[3],
      'lone surrogate: \uFFFD and a pair: \u{1F600}',
      texts[5],
    ]);
    // eslint-disable-next-line no-control-regex
    expect(sheet!.xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
  });

  it('escapes sheet names in the workbook and makes them valid and unique', () => {
    const names = sheetNames([
      'a & b <c> "d"',
      'what? [draft] a/b\\c*:d',
      "'quoted'",
      'History',
      '',
      'x'.repeat(40),
      'X'.repeat(40),
      'd1',
      'D1',
    ]);
    expect(names).toEqual([
      'a & b <c> "d"',
      'what_ _draft_ a_b_c__d',
      'quoted',
      'History_',
      'Sheet_',
      'x'.repeat(31),
      `${'X'.repeat(27)} (2)`,
      'd1',
      'D1 (2)',
    ]);
    for (const name of names) expect(name.length).toBeLessThanOrEqual(31);
    const { parts, sheets } = readXlsx(writeXlsx([{ name: 'a & b <c> "d"', rows: [] }]));
    expect(parts['xl/workbook.xml']).toContain('name="a &amp; b &lt;c&gt; &quot;d&quot;"');
    expect(sheets[0]!.name).toBe('a & b <c> "d"');
  });

  it('names columns as spreadsheets do', () => {
    expect([0, 1, 25, 26, 27, 51, 52, 701, 702, 16383].map(columnName)).toEqual([
      'A',
      'B',
      'Z',
      'AA',
      'AB',
      'AZ',
      'BA',
      'ZZ',
      'AAA',
      'XFD',
    ]);
  });
});

describe('the ZIP writer', () => {
  it('writes deflated entries with the CRC-32 and sizes of their content, in local and central headers', () => {
    const files = [
      { name: 'a.txt', data: Buffer.from('hello, '.repeat(100)) },
      { name: 'dir/ü.xml', data: Buffer.from('<x/>') },
      { name: 'empty', data: new Uint8Array(0) },
    ];
    const zip = writeZip(files);
    const read = unzipSync(zip);
    expect(Object.keys(read)).toEqual(files.map((f) => f.name));
    for (const f of files) expect(Buffer.from(read[f.name]!).equals(Buffer.from(f.data))).toBe(true);
    // Walk the local headers: signature, method (deflate), CRC-32, sizes.
    let offset = 0;
    for (const f of files) {
      expect(zip.readUInt32LE(offset)).toBe(0x04034b50);
      expect(zip.readUInt16LE(offset + 8)).toBe(8);
      expect(zip.readUInt32LE(offset + 14)).toBe(crc32(f.data));
      expect(zip.readUInt32LE(offset + 22)).toBe(f.data.length);
      offset += 30 + zip.readUInt16LE(offset + 26) + zip.readUInt32LE(offset + 18);
    }
    // Then the central directory and its end record, which counts the entries and points back.
    const end = zip.length - 22;
    expect(zip.readUInt32LE(end)).toBe(0x06054b50);
    expect(zip.readUInt16LE(end + 10)).toBe(files.length);
    expect(zip.readUInt32LE(end + 16)).toBe(offset);
    expect(zip.readUInt32LE(offset)).toBe(0x02014b50);
  });

  it('writes the same bytes for the same content', () => {
    expect(writeXlsx([{ name: 's', rows: [['a']] }]).equals(writeXlsx([{ name: 's', rows: [['a']] }]))).toBe(
      true,
    );
  });
});
