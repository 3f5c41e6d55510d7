import {
  emptyProfile,
  LIST_FIELDS,
  type PlainProfile,
  type ProfileField,
} from '../../src/domain/requirements/requirement-profile.js';
import {
  emptyRequirementsState,
  type Restatement,
  type RequirementsState,
} from '../../src/domain/requirements/requirements-state.js';

/** A state whose profile holds `plain`, every value as if the rules read it in message `seq`. */
export function stateWith(
  plain: PlainProfile,
  options: { seq?: number; restated?: Restatement[]; locks?: ProfileField[] } = {},
): RequirementsState {
  const provenance = {
    source: 'rule' as const,
    messageId: `m${options.seq ?? 1}`,
    seq: options.seq ?? 1,
    at: '2026-06-01T00:00:00.000Z',
  };
  const profile: Record<string, unknown> = emptyProfile();
  for (const [field, value] of Object.entries(plain)) {
    profile[field] = (LIST_FIELDS as readonly string[]).includes(field)
      ? (value as unknown[]).map((item) => ({ value: item, provenance }))
      : { value, provenance };
  }
  return {
    ...emptyRequirementsState(),
    profile: profile as RequirementsState['profile'],
    restated: options.restated ?? [],
    locks: options.locks ?? [],
  };
}
