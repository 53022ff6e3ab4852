import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en, type Message, type MessageKey } from './en.ts';
import { ru } from './ru.ts';

// One translation layer for every word the interface shows: `t(key, vars)`, plus dates, numbers
// and durations formatted per locale by Intl. A missing Russian message fails the build (ru.ts is
// typed by en.ts).

export const LOCALES = { en, ru } as const;
export type Locale = keyof typeof LOCALES;

export type Vars = Record<string, string | number>;

function initialLocale(): Locale {
  const saved = localStorage.getItem('pointwise.locale');
  if (saved === 'en' || saved === 'ru') return saved;
  return navigator.language.toLowerCase().startsWith('ru') ? 'ru' : 'en';
}

function fill(text: string, vars: Vars | undefined, locale: Locale): string {
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = vars[name];
    if (v === undefined) return whole;
    return typeof v === 'number' ? new Intl.NumberFormat(locale).format(v) : v;
  });
}

export interface I18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  t(key: MessageKey, vars?: Vars): string;
  number(n: number): string;
  /** An instant in the given time zone (default: the reader's), e.g. "28 Jan 2022, 21:00 GMT+3". */
  dateTime(iso: string, timeZone?: string): string;
  date(iso: string, timeZone?: string): string;
  /** "in 3 days" / "2 hours ago", from a signed number of milliseconds. */
  relative(ms: number): string;
  /** A length of time: "3 days 4 hours". */
  duration(ms: number): string;
}

const Context = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const setLocale = useCallback((l: Locale) => {
    localStorage.setItem('pointwise.locale', l);
    setLocaleState(l);
  }, []);
  const value = useMemo<I18n>(() => {
    const messages: Record<MessageKey, Message> = LOCALES[locale];
    const plural = new Intl.PluralRules(locale);
    const numbers = new Intl.NumberFormat(locale);
    const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
    const dtf = new Map<string, Intl.DateTimeFormat>();
    const formatter = (timeZone: string | undefined, dateOnly: boolean) => {
      const id = `${timeZone ?? ''}|${dateOnly}`;
      let f = dtf.get(id);
      if (!f) {
        f = new Intl.DateTimeFormat(locale, {
          dateStyle: 'medium',
          ...(dateOnly ? {} : { timeStyle: 'short' }),
          ...(timeZone ? { timeZone } : {}),
        });
        dtf.set(id, f);
      }
      return f;
    };
    const t = (key: MessageKey, vars?: Vars) => {
      const m = messages[key];
      if (typeof m === 'string') return fill(m, vars, locale);
      const count = Number(vars?.count ?? 0);
      const form = plural.select(count) as keyof typeof m;
      return fill(m[form] ?? m.other, vars, locale);
    };
    return {
      locale,
      setLocale,
      t,
      number: (n) => numbers.format(n),
      dateTime: (iso, timeZone) => {
        const d = new Date(iso);
        const text = formatter(timeZone, false).format(d);
        if (!timeZone) return text;
        const zone = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' })
          .formatToParts(d)
          .find((p) => p.type === 'timeZoneName')?.value;
        return zone ? `${text} ${zone}` : text;
      },
      date: (iso, timeZone) => formatter(timeZone, true).format(new Date(iso)),
      relative: (ms) => {
        const abs = Math.abs(ms);
        const units: [Intl.RelativeTimeFormatUnit, number][] = [
          ['day', 86_400_000],
          ['hour', 3_600_000],
          ['minute', 60_000],
        ];
        for (const [unit, size] of units) {
          if (abs >= size) return rtf.format(Math.trunc(ms / size), unit);
        }
        return rtf.format(Math.trunc(ms / 1000), 'second');
      },
      duration: (ms) => {
        const days = Math.floor(ms / 86_400_000);
        const hours = Math.floor((ms % 86_400_000) / 3_600_000);
        const minutes = Math.floor((ms % 3_600_000) / 60_000);
        const parts: string[] = [];
        if (days) parts.push(t('duration.days', { count: days }));
        // A week or more away, hours no longer matter.
        if (hours && days < 7) parts.push(t('duration.hours', { count: hours }));
        if (!days && minutes) parts.push(t('duration.minutes', { count: minutes }));
        return parts.length ? parts.join(' ') : t('duration.underMinute');
      },
    };
  }, [locale, setLocale]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

/** The translation layer of the page. */
export function useI18n(): I18n {
  const value = useContext(Context);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
