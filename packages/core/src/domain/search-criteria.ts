/** Where the role may be done from, as search phrases it. */
export type RemotePolicy = 'remote' | 'hybrid' | 'onsite';

/**
 * What search needs to know about the role (R8.2): the integrator fills it from the requirement
 * profile, so query building and ranking do not depend on the profile's own types.
 */
export interface SearchCriteria {
  roleTitle?: string;
  /** e.g. `senior`, `junior`, `lead`. */
  seniority?: string;
  mustHave: string[];
  niceToHave: string[];
  /** Terms and skills a result must not mention. */
  excluded: string[];
  locations: string[];
  remote?: RemotePolicy;
}

/** Criteria that know nothing yet: searches then need the user's own words. */
export const EMPTY_CRITERIA: SearchCriteria = Object.freeze({
  mustHave: [],
  niceToHave: [],
  excluded: [],
  locations: [],
}) as SearchCriteria;
