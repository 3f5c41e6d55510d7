import type { Essential } from '../../../domain/requirements/clarifying-question.js';
import type { RequirementProfile } from '../../../domain/requirements/requirement-profile.js';

/** Whether each essential is present in a profile. */
const PRESENT: Record<Essential, (p: RequirementProfile) => boolean> = {
  title: (p) => p.title !== undefined,
  seniority_or_years: (p) => p.seniority !== undefined || p.experience !== undefined,
  must_have_skills: (p) => p.mustHaveSkills.length > 0,
  location_or_remote: (p) => p.remote !== undefined || p.locations.length > 0,
  employment_type: (p) => p.employmentType !== undefined,
  salary: (p) => p.salary !== undefined,
  languages: (p) => p.languages.length > 0,
  start_date: (p) => p.startDate !== undefined,
};

/** What the assistant should find out about each essential, for the model to ask in its own words. */
export const ESSENTIAL_QUESTIONS: Record<Essential, string> = {
  title: 'What is the role called (the job title)?',
  seniority_or_years: 'How senior is the role, or how many years of experience should candidates have?',
  must_have_skills: 'Which skills are must-haves?',
  location_or_remote: 'Where is the role based: remote, hybrid (how many office days) or on-site, and where?',
  employment_type: 'Is it full-time or part-time, permanent, contract or freelance?',
  salary: 'What is the salary range (currency and period)?',
  languages: 'Which languages must candidates speak, and at what level?',
  start_date: 'When should the new hire start?',
};

/** The configured essentials the profile still lacks, in configured order. */
export function missingEssentials(
  profile: RequirementProfile,
  essentials: readonly Essential[],
): Essential[] {
  return essentials.filter((essential) => !PRESENT[essential](profile));
}
