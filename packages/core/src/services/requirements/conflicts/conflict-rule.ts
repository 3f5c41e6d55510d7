import type { ProfileField } from '../../../domain/requirements/requirement-profile.js';
import type { SalaryBand } from '../../../domain/requirements/requirement-values.js';
import type { RequirementsState } from '../../../domain/requirements/requirements-state.js';

/** What the conflict rules may read besides the state. */
export interface ConflictRuleContext {
  state: RequirementsState;
  /** Today, for "start date in the past" and technology ages. */
  now: Date;
  maxMustHaves: number;
  salaryBands: readonly SalaryBand[];
}

/** One contradiction a rule found; `key` tells apart several findings of one rule. */
export interface ConflictFinding {
  rule: string;
  key?: string;
  fields: ProfileField[];
  message: string;
  seqs: number[];
}

/** A named, deterministic conflict rule (R7.2): pure, small and table-tested. */
export type ConflictRule = (context: ConflictRuleContext) => ConflictFinding[];
