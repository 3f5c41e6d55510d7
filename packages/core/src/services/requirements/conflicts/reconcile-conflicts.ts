import type { Conflict } from '../../../domain/requirements/conflict.js';
import type { ConflictFinding, ConflictRuleContext } from './conflict-rule.js';
import { CONFLICT_RULES } from './conflict-rules.js';

/**
 * Runs every rule and brings the stored conflicts in line: a new finding opens a conflict, a
 * conflict whose facts no longer contradict is resolved, and one the user accepted (dismissed its
 * question) stays resolved. Model conflicts are kept as they are: the model's own extraction
 * replaces them.
 */
export function reconcileConflicts(previous: readonly Conflict[], context: ConflictRuleContext): Conflict[] {
  const at = context.now.toISOString();
  const findings = CONFLICT_RULES.flatMap((rule) => rule(context));
  const byId = new Map(findings.map((f) => [conflictId(f), f] as const));
  const out: Conflict[] = [];
  for (const conflict of previous) {
    const found = byId.get(conflict.id);
    if (conflict.source === 'model') {
      out.push(conflict);
      continue;
    }
    if (found) {
      byId.delete(conflict.id);
      out.push(
        conflict.state === 'resolved' && conflict.resolution !== 'dismissed'
          ? {
              ...withoutResolution(conflict),
              message: found.message,
              seqs: found.seqs,
              state: 'open',
              openedAt: at,
            }
          : { ...conflict, message: found.message, seqs: found.seqs },
      );
    } else if (conflict.state === 'open') {
      out.push({ ...conflict, state: 'resolved', resolution: 'facts_changed', resolvedAt: at });
    } else out.push(conflict);
  }
  for (const [id, f] of byId) {
    out.push({
      id,
      rule: f.rule,
      source: 'rule',
      fields: f.fields,
      message: f.message,
      seqs: f.seqs,
      state: 'open',
      openedAt: at,
    });
  }
  return out;
}

/** Stable id: the rule, plus what it is about when one rule can fire several times. */
export function conflictId(finding: Pick<ConflictFinding, 'rule' | 'key'>): string {
  return finding.key === undefined ? finding.rule : `${finding.rule}:${finding.key}`;
}

function withoutResolution(conflict: Conflict): Conflict {
  const { resolution: _resolution, resolvedAt: _resolvedAt, ...rest } = conflict;
  return rest;
}
