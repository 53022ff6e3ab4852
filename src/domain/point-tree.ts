import type { Problem } from '../shared/app-error.ts';
import type { PointFile } from '../shared/dossier-file.ts';
import { jsonPath } from '../shared/json-path.ts';

/** One point of a version, flattened in document order. */
export interface FlatPoint {
  key: string;
  parentKey: string | null;
  ordinal: number;
  depth: number;
  label: string;
  heading: string | null;
  text: string | null;
  /** A point with text of its own demands an answer; a pure container does not. */
  demandsAnswer: boolean;
}

/** The deepest tree Pointwise accepts; deeper is surely a mistake, and recursion must stay bounded. */
export const MAX_DEPTH = 32;

/**
 * Flattens a point tree into document order (pre-order), with every problem found: duplicate keys
 * and trees deeper than MAX_DEPTH, each with its path under `prefix`.
 */
export function flattenPoints(
  tree: readonly PointFile[],
  prefix: readonly PropertyKey[] = ['points'],
): { points: FlatPoint[]; problems: Problem[] } {
  const points: FlatPoint[] = [];
  const problems: Problem[] = [];
  const seen = new Map<string, string>();
  const walk = (
    nodes: readonly PointFile[],
    parentKey: string | null,
    depth: number,
    path: PropertyKey[],
  ) => {
    nodes.forEach((node, i) => {
      const here = [...path, i];
      const first = seen.get(node.key);
      if (first !== undefined) {
        problems.push({
          path: jsonPath([...here, 'key']),
          message: `duplicate point key "${node.key}" (first at ${first})`,
        });
      } else {
        seen.set(node.key, jsonPath(here));
      }
      const text = node.text ?? null;
      points.push({
        key: node.key,
        parentKey,
        ordinal: points.length,
        depth,
        label: node.label,
        heading: node.heading ?? null,
        text,
        demandsAnswer: text !== null && text.trim().length > 0,
      });
      if (node.points && node.points.length > 0) {
        if (depth + 1 >= MAX_DEPTH) {
          problems.push({
            path: jsonPath([...here, 'points']),
            message: `points nest deeper than ${MAX_DEPTH} levels`,
          });
          return;
        }
        walk(node.points, node.key, depth + 1, [...here, 'points']);
      }
    });
  };
  walk(tree, null, 0, [...prefix]);
  return { points, problems };
}

/** Rebuilds the tree from flat points in document order (for export). */
export function buildTree(points: readonly Omit<FlatPoint, 'demandsAnswer'>[]): PointFile[] {
  const roots: PointFile[] = [];
  const byKey = new Map<string, PointFile>();
  for (const p of points) {
    const node: PointFile = { key: p.key, label: p.label };
    if (p.heading !== null) node.heading = p.heading;
    if (p.text !== null) node.text = p.text;
    byKey.set(p.key, node);
    const parent = p.parentKey === null ? undefined : byKey.get(p.parentKey);
    if (parent) (parent.points ??= []).push(node);
    else roots.push(node);
  }
  return roots;
}
