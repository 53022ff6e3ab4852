import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useResponse } from '../api/queries.ts';
import type { MatrixAddressee, MatrixDelivery, Position } from '../api/types.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { PositionBadge, StatusBadge } from './badges.tsx';

// The matrix of one delivery: points down, addressees across. Only the rows in view are in the
// page (2,000 points × 50 parties would be 100,000 cells), the header row and the point column
// stay in place while scrolling, and it is one ARIA grid with a single tab stop: arrow keys move
// between cells, and the cell in focus (or under the pointer) shows its answer in the panel.

const ROW_HEIGHT = 34;

interface Cell {
  row: number;
  col: number;
}

interface RowProps {
  index: number;
  point: string;
  label: string;
  addressees: MatrixAddressee[];
  /** The column of this row that holds the grid's tab stop, or -1. */
  activeCol: number;
  start: number;
  t: (key: `positionShort.${Position}`) => string;
  unanswered: string;
}

const Row = memo(function Row({
  index,
  point,
  label,
  addressees,
  activeCol,
  start,
  t,
  unanswered,
}: RowProps) {
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      className="matrix-row"
      style={{ transform: `translateY(${start}px)` }}
    >
      <div role="rowheader" className="matrix-point" title={point}>
        <span className="point-label">{label}</span>
      </div>
      {addressees.map((a, col) => {
        const position = a.answers[point] ?? null;
        const late = position === null && a.status === 'overdue';
        return (
          <div
            key={a.party}
            role="gridcell"
            aria-colindex={col + 2}
            tabIndex={activeCol === col ? 0 : -1}
            data-row={index}
            data-col={col}
            className={`matrix-cell ${position ? `pos-${position}` : late ? 'cell-overdue' : 'cell-empty'}`}
          >
            {position ? (
              t(`positionShort.${position}`)
            ) : (
              <span className="visually-hidden">{unanswered}</span>
            )}
          </div>
        );
      })}
    </div>
  );
});

/** The header row: one column per addressee with its status. The same on every scroll, so memoised. */
const Header = memo(function Header({
  addressees,
  partyName,
  label,
}: {
  addressees: MatrixAddressee[];
  partyName: (key: string) => string;
  label: string;
}) {
  return (
    <div role="rowgroup" className="matrix-head">
      <div role="row" aria-rowindex={1} className="matrix-row">
        <div role="columnheader" className="matrix-point">
          {label}
        </div>
        {addressees.map((a, col) => (
          <div role="columnheader" key={a.party} aria-colindex={col + 2} className="matrix-party">
            <span className="party-name" title={partyName(a.party)}>
              {partyName(a.party)}
            </span>
            <StatusBadge status={a.status} answered={a.answered} total={a.total} />
          </div>
        ))}
      </div>
    </div>
  );
});

/** The answer behind one cell, fetched when the cell is hovered or focused. */
function CellDetail({
  dossier,
  delivery,
  cell,
  partyName,
}: {
  dossier: string;
  delivery: MatrixDelivery;
  cell: Cell | null;
  partyName: (key: string) => string;
}) {
  const { t } = useI18n();
  const addressee = cell ? delivery.addressees[cell.col] : undefined;
  const point = cell ? delivery.points[cell.row] : undefined;
  const response = useResponse(dossier, addressee?.response ?? null);
  if (!cell || !addressee || point === undefined) {
    return <p className="muted">{t('matrix.hint')}</p>;
  }
  const label = delivery.labels?.[point] ?? point;
  const position = addressee.answers[point] ?? null;
  const answer = response.data?.answers.find((a) => a.point === point);
  return (
    <div>
      <p>
        <strong>{partyName(addressee.party)}</strong> — {label}{' '}
        {position ? (
          <PositionBadge position={position} />
        ) : (
          <span className="muted">{t('matrix.noAnswer')}</span>
        )}
      </p>
      {position &&
        (response.isPending ? (
          <p className="muted">{t('state.loading')}</p>
        ) : answer ? (
          <>
            {answer.text && <p className="answer-text">{answer.text}</p>}
            {answer.proposedText && (
              <p className="proposed">
                <span className="muted">{t('answer.proposedText')}: </span>
                {answer.proposedText}
              </p>
            )}
          </>
        ) : null)}
    </div>
  );
}

/** One delivery's matrix with its sticky headers, virtual rows, keyboard grid and answer panel. */
export function MatrixGrid({
  dossier,
  delivery,
  partyName,
}: {
  dossier: string;
  delivery: MatrixDelivery;
  partyName: (key: string) => string;
}) {
  const { t } = useI18n();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState<Cell>({ row: 0, col: 0 });
  const [shown, setShown] = useState<Cell | null>(null);
  const focusWanted = useRef(false);
  const rows = delivery.points.length;
  const cols = delivery.addressees.length;

  const virtualizer = useVirtualizer({
    count: rows,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    // Let React batch the rows a scroll brings in rather than render them inside the scroll event.
    useFlushSync: false,
  });

  // A new delivery or a smaller matrix must not leave the tab stop outside the grid.
  useEffect(() => {
    setActive((a) => ({
      row: Math.min(a.row, Math.max(rows - 1, 0)),
      col: Math.min(a.col, Math.max(cols - 1, 0)),
    }));
  }, [rows, cols]);

  useLayoutEffect(() => {
    if (!focusWanted.current) return;
    const el = scrollRef.current?.querySelector<HTMLElement>(
      `[data-row="${active.row}"][data-col="${active.col}"]`,
    );
    if (el) {
      focusWanted.current = false;
      el.focus({ preventScroll: true });
      // Keep the focused cell clear of the sticky header and point column.
      el.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    }
  });

  const move = useCallback(
    (row: number, col: number) => {
      const next = { row: Math.max(0, Math.min(rows - 1, row)), col: Math.max(0, Math.min(cols - 1, col)) };
      focusWanted.current = true;
      setActive(next);
      setShown(next);
      virtualizer.scrollToIndex(next.row, { align: 'auto' });
    },
    [rows, cols, virtualizer],
  );

  const onKeyDown = (e: KeyboardEvent) => {
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / ROW_HEIGHT) - 2);
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(active.row + 1, active.col),
      ArrowUp: () => move(active.row - 1, active.col),
      ArrowRight: () => move(active.row, active.col + 1),
      ArrowLeft: () => move(active.row, active.col - 1),
      PageDown: () => move(active.row + page, active.col),
      PageUp: () => move(active.row - page, active.col),
      Home: () => move(e.ctrlKey ? 0 : active.row, 0),
      End: () => move(e.ctrlKey ? rows - 1 : active.row, cols - 1),
    };
    const action = keys[e.key];
    if (action) {
      e.preventDefault();
      action();
    }
  };

  const cellOf = (target: EventTarget): Cell | null => {
    const el = (target as HTMLElement).closest<HTMLElement>('[data-row]');
    if (!el) return null;
    return { row: Number(el.dataset.row), col: Number(el.dataset.col) };
  };

  const translate = useCallback((key: `positionShort.${Position}`) => t(key), [t]);

  if (rows === 0 || cols === 0) return <p className="muted">{t('matrix.empty')}</p>;

  return (
    <div className="matrix">
      <div
        ref={scrollRef}
        className="matrix-scroll"
        role="grid"
        aria-label={t('matrix.label', { title: delivery.document, version: delivery.version })}
        aria-rowcount={rows + 1}
        aria-colcount={cols + 1}
        aria-describedby="matrix-help"
        style={{
          // An explicit width: asking the browser for the rows' max-content width re-lays out every row.
          ['--grid-width' as string]: `calc(var(--point-col) + ${cols} * var(--cell-col))`,
        }}
        onKeyDown={onKeyDown}
        onMouseOver={(e) => {
          const c = cellOf(e.target);
          if (c) setShown(c);
        }}
        onFocus={(e) => {
          const c = cellOf(e.target);
          if (c) {
            setActive(c);
            setShown(c);
          }
        }}
      >
        <Header addressees={delivery.addressees} partyName={partyName} label={t('matrix.point')} />
        <div role="rowgroup" className="matrix-body" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((v) => {
            const point = delivery.points[v.index]!;
            return (
              <Row
                key={point}
                index={v.index}
                point={point}
                label={delivery.labels?.[point] ?? point}
                addressees={delivery.addressees}
                activeCol={active.row === v.index ? active.col : -1}
                start={v.start}
                t={translate}
                unanswered={t('matrix.noAnswer')}
              />
            );
          })}
        </div>
      </div>
      <p id="matrix-help" className="muted small">
        {t('matrix.keys')}
      </p>
      <aside className="matrix-detail" aria-live="polite" aria-label={t('matrix.detail')}>
        <CellDetail dossier={dossier} delivery={delivery} cell={shown} partyName={partyName} />
      </aside>
    </div>
  );
}
