import { useI18n } from '../i18n/i18n.tsx';

/**
 * A deadline in the dossier's time zone and the reader's, with the time left or how late it is
 * (relative to `now`, which is the "as of" moment when looking back).
 */
export function Deadline({ dueAt, timeZone, now }: { dueAt: string; timeZone: string; now: number }) {
  const { t, dateTime, duration } = useI18n();
  const left = new Date(dueAt).getTime() - now;
  const readerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (
    <span className="deadline">
      <time dateTime={dueAt}>{dateTime(dueAt, timeZone)}</time>
      {readerZone !== timeZone && (
        <span className="muted"> ({t('deadline.yourTime', { time: dateTime(dueAt, readerZone) })})</span>
      )}{' '}
      <strong className={left < 0 ? 'late' : left < 86_400_000 ? 'soon' : 'left'}>
        {left < 0
          ? t('deadline.passed', { time: duration(-left) })
          : t('deadline.left', { time: duration(left) })}
      </strong>
    </span>
  );
}
