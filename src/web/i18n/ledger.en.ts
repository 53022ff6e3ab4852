import type { Message } from './en.ts';

// The ledger page's words (kept apart so the page and its translation travel together).
export const ledgerEn = {
  'ledger.title': 'Ledger',
  'ledger.intro':
    'Every change to this dossier is an entry in an append-only log. The server signs checkpoints of the log, so anyone can check that no entry was altered, removed or reordered afterwards.',

  'ledger.key.title': 'Verifier key',
  'ledger.key.name': 'Name',
  'ledger.key.key': 'Key',
  'ledger.key.help':
    'The public key that checks the server’s signatures. Compare it with a copy published elsewhere to be sure it is the server’s own.',
  'ledger.key.none': 'This server does not sign checkpoints.',

  'ledger.checkpoint.title': 'Latest checkpoint',
  'ledger.checkpoint.size': 'Entries covered',
  'ledger.checkpoint.root': 'Root hash',
  'ledger.checkpoint.signedAt': 'Signed at',
  'ledger.checkpoint.note': 'The signed note',
  'ledger.checkpoint.none': 'No checkpoint has been signed for this dossier yet.',

  'ledger.verify.title': 'Verify',
  'ledger.verify.explain':
    'Verification downloads the whole log, recomputes the hash of every entry and the root of the tree over them, and checks the result against the checkpoint signed with the key above. If it passes, the log you were given is exactly the one the server signed: no entry in it was altered, removed or reordered.',
  'ledger.verify.button': 'Verify the whole ledger in this browser',
  'ledger.verify.downloading': 'Downloading the ledger…',
  'ledger.verify.entries': 'Checking entries: {done} of {total}',
  'ledger.verify.tree': 'Recomputing the tree: {done} of {total} hashes',
  'ledger.verify.progress': 'Verification progress',
  'ledger.verify.ok': {
    one: 'Verified: {count} entry checked against the checkpoint of size {size} signed at {at}.',
    other: 'Verified: {count} entries checked against the checkpoint of size {size} signed at {at}.',
  },
  'ledger.verify.okUndated': {
    one: 'Verified: {count} entry checked against the checkpoint of size {size}.',
    other: 'Verified: {count} entries checked against the checkpoint of size {size}.',
  },
  'ledger.verify.withheld': {
    one: '{count} of them is hidden from you: it was checked by its hash alone.',
    other: '{count} of them are hidden from you: they were checked by their hashes alone.',
  },
  'ledger.verify.failedAt': 'Not verified: the first entry that does not fit is entry {index}.',
  'ledger.verify.failed': 'Not verified.',
  'ledger.verify.findings':
    'What the verifier found, in the words of the offline verifier (pointwise ledger verify):',
  'ledger.verify.unavailable':
    'This browser cannot verify here: it needs WebCrypto with Ed25519, which takes a recent browser and a secure (HTTPS) connection. Download the bundle and verify it offline instead.',

  'ledger.download.link': 'Download the ledger bundle',
  'ledger.download.help':
    'To verify it on another machine, with neither server nor database, run this where the file was saved:',

  'ledger.entries.title': 'Entries',
  'ledger.entries.caption': 'Ledger entries, newest first',
  'ledger.entries.index': 'Index',
  'ledger.entries.type': 'Change',
  'ledger.entries.subject': 'Subject',
  'ledger.entries.actor': 'Actor',
  'ledger.entries.recordedAt': 'Recorded at',
  'ledger.entries.system': 'System ({label})',
  'ledger.entries.hiddenNote':
    'Only the entries you may read are listed. The others are still in the log, and verification checks them too.',
  'ledger.entries.none': 'There are no entries here that you may read.',
  'ledger.entries.range': 'Entries {newest} to {oldest}',
  'ledger.entries.pages': 'Pages of entries',
  'ledger.entries.newer': 'Newer entries',
  'ledger.entries.older': 'Older entries',
} satisfies Record<string, Message>;
