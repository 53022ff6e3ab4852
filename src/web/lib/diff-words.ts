// Word-level differences between two texts (Myers' O(ND) algorithm over words and the spaces
// between them), for the redline between two versions of a document.

export type DiffOp = { kind: 'equal' | 'insert' | 'delete'; text: string };

/** Splits text into words, runs of spaces and single punctuation marks, so a change marks what changed. */
export function tokenize(text: string): string[] {
  return text.match(/\s+|[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu) ?? [];
}

/** The edit from `a` to `b` as runs of equal, deleted and inserted text, changes joined for reading. */
export function diffWords(a: string, b: string): DiffOp[] {
  return joinChanges(shortestEdit(a, b));
}

/** A shortest edit from `a` to `b`, token by token (before joining changes for reading). */
export function shortestEdit(a: string, b: string): DiffOp[] {
  const x = tokenize(a);
  const y = tokenize(b);
  // Common prefix and suffix first: most revisions change a little in the middle.
  let start = 0;
  while (start < x.length && start < y.length && x[start] === y[start]) start++;
  let endX = x.length;
  let endY = y.length;
  while (endX > start && endY > start && x[endX - 1] === y[endY - 1]) {
    endX--;
    endY--;
  }
  const ops: DiffOp[] = [];
  const push = (kind: DiffOp['kind'], text: string) => {
    if (!text) return;
    const last = ops[ops.length - 1];
    if (last && last.kind === kind) last.text += text;
    else ops.push({ kind, text });
  };
  push('equal', x.slice(0, start).join(''));
  for (const [kind, token] of middle(x.slice(start, endX), y.slice(start, endY))) push(kind, token);
  push('equal', x.slice(endX).join(''));
  return ops;
}

/**
 * Reads like an editor's redline: changes separated only by spaces become one deletion followed by
 * one insertion ("not deploy" → "refrain from deploying"), not a word-by-word zigzag.
 */
function joinChanges(ops: DiffOp[]): DiffOp[] {
  const out: DiffOp[] = [];
  let del = '';
  let ins = '';
  const flush = () => {
    if (del) out.push({ kind: 'delete', text: del });
    if (ins) out.push({ kind: 'insert', text: ins });
    del = ins = '';
  };
  ops.forEach((op, i) => {
    if (op.kind === 'delete') del += op.text;
    else if (op.kind === 'insert') ins += op.text;
    else if ((del || ins) && /^\s+$/.test(op.text) && i + 1 < ops.length) {
      del += op.text;
      ins += op.text;
    } else {
      flush();
      out.push(op);
    }
  });
  flush();
  return out;
}

/** Myers' greedy algorithm with the trace kept, walked back into an edit script. */
function middle(x: string[], y: string[]): [DiffOp['kind'], string][] {
  const n = x.length;
  const m = y.length;
  if (n === 0) return y.map((t) => ['insert', t]);
  if (m === 0) return x.map((t) => ['delete', t]);
  const max = n + m;
  const offset = max;
  let v = new Int32Array(2 * max + 2);
  const trace: Int32Array[] = [];
  outer: for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    const next = v.slice();
    for (let k = -d; k <= d; k += 2) {
      let i: number;
      if (k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!)) i = v[offset + k + 1]!;
      else i = v[offset + k - 1]! + 1;
      let j = i - k;
      while (i < n && j < m && x[i] === y[j]) {
        i++;
        j++;
      }
      next[offset + k] = i;
      if (i >= n && j >= m) {
        trace.push(next);
        break outer;
      }
    }
    v = next;
  }
  // Walk back from (n, m) through the saved frontiers.
  const script: [DiffOp['kind'], string][] = [];
  let i = n;
  let j = m;
  for (let d = trace.length - 2; d >= 0; d--) {
    const frontier = trace[d]!;
    const k = i - j;
    const down = k === -d || (k !== d && frontier[offset + k - 1]! < frontier[offset + k + 1]!);
    const prevK = down ? k + 1 : k - 1;
    const prevI = frontier[offset + prevK]!;
    const prevJ = prevI - prevK;
    while (i > prevI && j > prevJ) {
      script.push(['equal', x[--i]!]);
      j--;
    }
    if (d > 0) {
      if (down) script.push(['insert', y[--j]!]);
      else script.push(['delete', x[--i]!]);
    }
  }
  return script.reverse();
}
