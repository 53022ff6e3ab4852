// A child process for ledger tests: appends parties to a dossier, one change per transaction, and
// prints `ack N` to standard output after each commit, so a parent that kills it knows exactly which
// appends were acknowledged. Usage: append-loop.ts DB DOSSIER PREFIX COUNT
import { openDatabase } from '../../db/open-database.ts';
import { SYSTEM } from '../../domain/actor.ts';
import { createParty } from '../../domain/create-party.ts';
import { inTransaction } from '../../domain/in-transaction.ts';
import { ledgerKeyPath, loadOrCreateSigner } from '../ledger-key.ts';
import { signPending } from '../sign-pending.ts';

const [target, dossier, prefix, count] = process.argv.slice(2);
if (!target || !dossier || !prefix || !count) throw new Error('usage: append-loop.ts DB DOSSIER PREFIX COUNT');
const open = openDatabase(target);
const signer = loadOrCreateSigner(ledgerKeyPath(target)).signer;
for (let i = 0; i < Number(count); i++) {
  const key = `${prefix}${i}`;
  await inTransaction(open.db, (trx) => createParty({ trx, actor: SYSTEM, input: { dossier, key, name: `Party ${key}` } }));
  process.stdout.write(`ack ${key}\n`);
  // Sign now and then, as a server does after a batch, so kills also land during signing.
  if (i % 3 === 2) await signPending(open.db, () => signer);
}
await signPending(open.db, () => signer);
await open.close();
