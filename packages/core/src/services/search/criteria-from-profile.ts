import type { RequirementProfile } from '../../domain/requirements/requirement-profile.js';
import type { SearchCriteria } from '../../domain/search-criteria.js';

/** What search needs of a requirement profile (R8.2): the role, its skills, places and policy. */
export function criteriaFromProfile(profile: RequirementProfile): SearchCriteria {
  const names = (skills: Array<{ value: { name: string } }>) => skills.map((skill) => skill.value.name);
  return {
    ...(profile.title ? { roleTitle: profile.title.value } : {}),
    ...(profile.seniority ? { seniority: profile.seniority.value } : {}),
    mustHave: names(profile.mustHaveSkills),
    niceToHave: names(profile.niceToHaveSkills),
    excluded: names(profile.excludedSkills),
    locations: profile.locations.map((location) => location.value),
    ...(profile.remote ? { remote: profile.remote.value.policy } : {}),
  };
}
