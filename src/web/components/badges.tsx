import type { AddresseeStatus, Position } from '../api/types.ts';
import { useI18n } from '../i18n/i18n.tsx';

/** An addressee's status (DESIGN.md rule 3), in words and colour. */
export function StatusBadge({
  status,
  answered,
  total,
}: {
  status: AddresseeStatus;
  answered?: number;
  total?: number;
}) {
  const { t } = useI18n();
  return (
    <span className={`badge status-${status}`}>
      {t(`status.${status}`)}
      {answered !== undefined && total !== undefined && status !== 'answered' && (
        <> · {t('status.ofTotal', { answered, total })}</>
      )}
    </span>
  );
}

/** A position in words, coloured like its matrix cell. */
export function PositionBadge({ position }: { position: Position }) {
  const { t } = useI18n();
  return <span className={`badge pos pos-${position}`}>{t(`position.${position}`)}</span>;
}
