import type { ProvenanceSource } from './provenance.js';
import type { ProfileField } from './requirement-profile.js';
import type { RequirementsState } from './requirements-state.js';

/** One change inside a version: which field (or question/conflict), from what to what, by whom and why. */
export interface RequirementChange {
  field: ProfileField | 'questions' | 'conflicts' | 'locks';
  before: unknown;
  after: unknown;
  source: ProvenanceSource | 'system';
  reason: string;
  seq?: number;
}

/** A stored version of a session's requirements (R7.4): version 1 is the first change. */
export interface RequirementsVersion {
  sessionId: string;
  version: number;
  /** Every source among the changes (`rule`, `model`, `user`, `memory`, `system` for question states). */
  by: (ProvenanceSource | 'system')[];
  reason: string;
  changes: RequirementChange[];
  state: RequirementsState;
  createdAt: Date;
}
