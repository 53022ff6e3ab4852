import type { Message } from './en.ts';

// The ledger page's words (kept apart so the page and its translation travel together).
export const ledgerEn = {
  'ledger.title': 'Ledger',
} satisfies Record<string, Message>;
