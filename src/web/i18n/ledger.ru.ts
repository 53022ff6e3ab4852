import type { Message } from './en.ts';
import type { ledgerEn } from './ledger.en.ts';

export const ledgerRu: Record<keyof typeof ledgerEn, Message> = {
  'ledger.title': 'Журнал',
};
