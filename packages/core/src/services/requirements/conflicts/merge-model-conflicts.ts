import type { Conflict } from '../../../domain/requirements/conflict.js';
import type { ModelConflict } from '../model-extractor.js';

/**
 * Takes the model's latest conflicts (issue 10): one citing a message the model was not shown is
 * dropped; the rest replace the previous model conflicts, so one not reported again resolves.
 */
export function mergeModelConflicts(
  conflicts: readonly Conflict[],
  reported: readonly ModelConflict[],
  shownSeqs: ReadonlySet<number>,
  now: Date,
): Conflict[] {
  const at = now.toISOString();
  const valid = reported.filter((c) => c.seqs.every((seq) => shownSeqs.has(seq)));
  const ids = new Map(
    valid.map((c) => [
      `model:${[...c.fields].sort().join('+')}:${[...c.seqs].sort((a, b) => a - b).join('+')}`,
      c,
    ]),
  );
  const out: Conflict[] = conflicts.map((conflict) => {
    if (conflict.source !== 'model') return conflict;
    const again = ids.get(conflict.id);
    ids.delete(conflict.id);
    if (again && conflict.state === 'resolved' && conflict.resolution !== 'dismissed') {
      const { resolution: _resolution, resolvedAt: _resolvedAt, ...open } = conflict;
      return { ...open, state: 'open', openedAt: at };
    }
    if (again || conflict.state === 'resolved') return conflict;
    return { ...conflict, state: 'resolved', resolution: 'facts_changed', resolvedAt: at };
  });
  for (const [id, c] of ids) {
    out.push({
      id,
      rule: 'model',
      source: 'model',
      fields: c.fields,
      message: c.description,
      seqs: c.seqs,
      state: 'open',
      openedAt: at,
    });
  }
  return out;
}
