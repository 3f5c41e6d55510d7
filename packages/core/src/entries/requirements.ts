/**
 * `@parley/core/requirements`: the requirement profile's vocabulary and schemas, and the extraction,
 * merge and evaluation steps the core runs each turn — for tools, evaluations and custom surfaces.
 */
export * from '../domain/requirements/index.js';
export { createRuleExtractor, type RuleExtractor } from '../services/requirements/rule-extractor.js';
export {
  applyExtraction,
  type Disagreement,
  type MergeResult,
  type MessageExtraction,
  type ModelProposal,
} from '../services/requirements/merge/apply-extraction.js';
export {
  evaluateRequirements,
  DEFAULT_REQUIREMENTS_POLICY,
  type RequirementsPolicy,
} from '../services/requirements/evaluate-requirements.js';
export { CONFLICT_RULES } from '../services/requirements/conflicts/conflict-rules.js';
export type {
  ConflictFinding,
  ConflictRule,
  ConflictRuleContext,
} from '../services/requirements/conflicts/conflict-rule.js';
export {
  describeProfile,
  renderSessionBrief,
  type BriefInput,
  type SessionBrief,
} from '../services/requirements/session-brief.js';
export {
  createModelExtractor,
  modelExtractionSchema,
  type ModelConflict,
  type ModelExtraction,
  type ModelExtractor,
} from '../services/requirements/model-extractor.js';
export { criteriaFromProfile } from '../services/search/criteria-from-profile.js';
