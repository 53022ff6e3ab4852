import { diffWords, type DiffOp } from './diff-words.ts';

// The redline between two versions of a document, point by point: points are matched by their
// stable key, so a renumbered or moved point is still the same point.

export interface RedlinePoint {
  key: string;
  label: string;
  heading: string | null;
  text: string | null;
  depth: number;
}

export type RedlineEntry =
  | { kind: 'unchanged'; point: RedlinePoint }
  | {
      kind: 'changed';
      point: RedlinePoint;
      before: RedlinePoint;
      label: DiffOp[];
      heading: DiffOp[];
      text: DiffOp[];
    }
  | { kind: 'added'; point: RedlinePoint }
  | { kind: 'removed'; point: RedlinePoint };

const same = (a: RedlinePoint, b: RedlinePoint) =>
  a.label === b.label && (a.heading ?? '') === (b.heading ?? '') && (a.text ?? '') === (b.text ?? '');

/**
 * Every point of `after` in its order, each unchanged, changed (with word differences) or added;
 * points only in `before` appear as removed where they stood, after the point that preceded them.
 */
export function redline(before: RedlinePoint[], after: RedlinePoint[]): RedlineEntry[] {
  const old = new Map(before.map((p) => [p.key, p]));
  const kept = new Set(after.map((p) => p.key));
  // Removed points, grouped under the nearest earlier point that survives (or the start).
  const removedAfter = new Map<string | null, RedlinePoint[]>();
  let anchor: string | null = null;
  for (const p of before) {
    if (kept.has(p.key)) anchor = p.key;
    else removedAfter.set(anchor, [...(removedAfter.get(anchor) ?? []), p]);
  }
  const out: RedlineEntry[] = [];
  const removed = (key: string | null) => {
    for (const p of removedAfter.get(key) ?? []) out.push({ kind: 'removed', point: p });
  };
  removed(null);
  for (const p of after) {
    const was = old.get(p.key);
    if (!was) out.push({ kind: 'added', point: p });
    else if (same(was, p)) out.push({ kind: 'unchanged', point: p });
    else
      out.push({
        kind: 'changed',
        point: p,
        before: was,
        label: diffWords(was.label, p.label),
        heading: diffWords(was.heading ?? '', p.heading ?? ''),
        text: diffWords(was.text ?? '', p.text ?? ''),
      });
    removed(p.key);
  }
  return out;
}

/** Runs of unchanged entries folded into one, so the eye goes to what changed. */
export type Folded =
  { kind: 'folded'; points: RedlinePoint[] } | Exclude<RedlineEntry, { kind: 'unchanged' }>;

export function foldUnchanged(entries: RedlineEntry[]): Folded[] {
  const out: Folded[] = [];
  for (const e of entries) {
    if (e.kind !== 'unchanged') out.push(e);
    else {
      const last = out[out.length - 1];
      if (last?.kind === 'folded') last.points.push(e.point);
      else out.push({ kind: 'folded', points: [e.point] });
    }
  }
  return out;
}
