import { describe, expect, it } from 'vitest';
import { csvField, csvText } from './csv.ts';

describe('CSV', () => {
  it('quotes only what needs it (RFC 4180), doubling quotes inside', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "no"')).toBe('"say ""no"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r')).toBe('"cr\r"');
    expect(csvField(42)).toBe('42');
    expect(csvField(null)).toBe('');
    expect(csvField('')).toBe('');
  });

  it('never lets a spreadsheet run a cell as a formula', () => {
    expect(csvField('=HYPERLINK("http://evil.example","x")')).toBe(
      '"\'=HYPERLINK(""http://evil.example"",""x"")"',
    );
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-1')).toBe("'-1");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tindented')).toBe("'\tindented");
    expect(csvField('\rreturn')).toBe('"\'\rreturn"');
    expect(csvField('a=b')).toBe('a=b');
  });

  it('ends every record with CRLF', () => {
    expect(
      csvText([
        ['a', 1],
        [null, 'b,c'],
      ]),
    ).toBe('a,1\r\n,"b,c"\r\n');
    expect(csvText([])).toBe('');
  });
});
