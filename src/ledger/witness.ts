import { verifyBundle, type VerifyReport } from './bundle.ts';
import { addSignatures, type Cosigner } from './cosignature.ts';

/** What a witness remembers: per log, the largest consistent checkpoint it has seen and whose key signs it. */
export interface WitnessState {
  format: 'pointwise-witness-state/1';
  logs: Record<
    string,
    { verifierKey: string; size: number; rootHash: string; checkpoint: string; seenAt: string }
  >;
}

export const EMPTY_WITNESS_STATE: WitnessState = { format: 'pointwise-witness-state/1', logs: {} };

export type WitnessResult =
  | { ok: true; cosigned: string; state: WitnessState; report: VerifyReport }
  | { ok: false; reason: string; report: VerifyReport | null };

/**
 * A party's witness: verifies a bundle, checks it extends the last checkpoint seen of that log,
 * and only then cosigns its checkpoint (C2SP tlog-cosignature/v1) and remembers it. A log's key is
 * trusted on first sight unless `logKey` is given, and may not change afterwards.
 */
export function witnessBundle({
  state,
  bundle,
  cosigner,
  logKey,
  now = () => new Date().toISOString(),
}: {
  state: WitnessState;
  bundle: unknown;
  cosigner: Cosigner;
  logKey?: string;
  now?: () => string;
}): WitnessResult {
  const origin = (bundle as { origin?: unknown } | null)?.origin;
  if (typeof origin !== 'string')
    return { ok: false, reason: 'the bundle names no log (origin)', report: null };
  const known = state.logs[origin];
  if (known && logKey !== undefined && logKey !== known.verifierKey) {
    return {
      ok: false,
      reason: `the log ${origin} was signed by ${known.verifierKey}, not the key given`,
      report: null,
    };
  }
  const key = logKey ?? known?.verifierKey ?? String((bundle as { verifierKey?: unknown }).verifierKey);
  const report = verifyBundle(bundle, { key, previous: known?.checkpoint });
  if (!report.ok) {
    const first = report.findings[0]?.message ?? 'it does not verify';
    return { ok: false, reason: `refused: ${first}`, report };
  }
  const checkpoint = (bundle as { checkpoint: string }).checkpoint;
  const cosigned = addSignatures(checkpoint, [cosigner]);
  return {
    ok: true,
    cosigned,
    report,
    state: {
      ...state,
      logs: {
        ...state.logs,
        [origin]: {
          verifierKey: key,
          size: report.size!,
          rootHash: report.rootHash!,
          checkpoint,
          seenAt: now(),
        },
      },
    },
  };
}
