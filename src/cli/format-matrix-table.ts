import type { Matrix } from '../domain/compute-matrix.ts';
import type { AddresseeStatus, Position } from '../shared/vocabulary.ts';

/** Short cell text for each position, so fifty addressees still fit a wide terminal. */
const CELL: Record<Position, string> = {
  accept: 'accept',
  accept_with_changes: 'accept+chg',
  reject: 'reject',
  counter_proposal: 'counter',
  clarification_requested: 'clarify?',
  deferred: 'deferred',
  no_position: 'no pos.',
};

const POSITION_COLOUR: Record<Position, string> = {
  accept: '32',
  accept_with_changes: '33',
  reject: '31',
  counter_proposal: '35',
  clarification_requested: '36',
  deferred: '2',
  no_position: '2',
};

const STATUS_COLOUR: Record<AddresseeStatus, string> = {
  pending: '2',
  partial: '33',
  answered: '32',
  answered_late: '33',
  overdue: '1;31',
};

export interface TableOptions {
  colour: boolean;
  timeZone: string;
  /** Point key → label, per delivery. */
  labels?: Map<string, Record<string, string>>;
}

/** The matrix as terminal tables: one per delivery, points down, addressees across, a status row. */
export function formatMatrixTable(matrix: Matrix, options: TableOptions): string {
  const paint = (code: string, text: string) => (options.colour ? `\x1b[${code}m${text}\x1b[0m` : text);
  const out: string[] = [];
  out.push(`${matrix.dossier} as of ${formatInstant(matrix.at, options.timeZone)}`);
  if (matrix.deliveries.length === 0) {
    out.push('', 'No deliveries on record at that moment.');
    return `${out.join('\n')}\n`;
  }
  for (const d of matrix.deliveries) {
    const labels = options.labels?.get(d.delivery) ?? {};
    out.push('');
    const due = d.dueAt ? `, answers due ${formatInstant(d.dueAt, options.timeZone)}` : ', no deadline';
    out.push(
      paint(
        '1',
        `${d.delivery}: ${d.document} v${d.version} from ${d.from}, delivered ${formatInstant(d.deliveredAt, options.timeZone)}${due}`,
      ),
    );
    const header = ['point', ...d.addressees.map((a) => a.party)];
    const rows: { text: string; colour?: string }[][] = d.points.map((key) => [
      { text: labels[key] && labels[key] !== key ? `${labels[key]} (${key})` : key },
      ...d.addressees.map((a) => {
        const position = a.answers[key] ?? null;
        return position === null
          ? { text: '—', colour: '2' }
          : { text: CELL[position], colour: POSITION_COLOUR[position] };
      }),
    ]);
    const status = [
      { text: 'status' },
      ...d.addressees.map((a) => ({
        text: `${a.status.replace('_', ' ')} ${a.answered}/${a.total}`,
        colour: STATUS_COLOUR[a.status],
      })),
    ];
    // When each response became provable: the first signed ledger checkpoint that includes it.
    const proven = d.addressees.some((a) => a.response !== null)
      ? [
          { text: 'on record' },
          ...d.addressees.map((a) => ({
            text: a.provenAt
              ? formatInstant(a.provenAt, options.timeZone)
              : a.response
                ? 'not yet signed'
                : '',
            colour: '2',
          })),
        ]
      : null;
    const widths = header.map((h, i) =>
      Math.max(
        h.length,
        status[i]!.text.length,
        proven?.[i]!.text.length ?? 0,
        ...rows.map((r) => r[i]!.text.length),
      ),
    );
    const line = (cells: { text: string; colour?: string }[]) =>
      cells
        .map((c, i) => {
          const padded = i === 0 ? c.text.padEnd(widths[i]!) : c.text.padEnd(widths[i]!);
          return c.colour ? paint(c.colour, padded) : padded;
        })
        .join('  ')
        .trimEnd();
    out.push(line(header.map((text) => ({ text }))));
    out.push(widths.map((w) => '─'.repeat(w)).join('  '));
    for (const r of rows) out.push(line(r));
    if (d.points.length === 0) out.push('(no point of this version demands an answer)');
    out.push(widths.map((w) => '─'.repeat(w)).join('  '));
    out.push(line(status));
    if (proven) out.push(line(proven));
  }
  out.push(
    '',
    `— no answer   ${Object.entries(CELL)
      .map(([p, c]) => (c === p ? c : `${c} = ${p}`))
      .join(', ')}`,
  );
  return `${out.join('\n')}\n`;
}

/** An instant in the dossier's time zone, for people: `2022-01-28 21:00 UTC` or `2022-01-29 00:00 GMT+3`. */
export function formatInstant(instant: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).formatToParts(new Date(instant));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')} ${get('timeZoneName')}`;
}
