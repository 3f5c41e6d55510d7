import type { ProfileField, RequirementProfile } from '../../../domain/requirements/requirement-profile.js';
import { SENIORITY_LEVELS, type Seniority } from '../../../domain/requirements/requirement-values.js';
import { placeNamed } from '../extract/places.js';
import { skillVocabulary } from '../vocabulary/skill-vocabulary.js';
import type { ConflictFinding, ConflictRule } from './conflict-rule.js';
import { describeValue, FIELD_LABELS } from '../session-brief.js';

const seqOf = (...values: ({ provenance: { seq?: number } } | undefined)[]): number[] =>
  [...new Set(values.flatMap((v) => (v?.provenance.seq === undefined ? [] : [v.provenance.seq])))].sort(
    (a, b) => a - b,
  );
const rank = (level: Seniority) => SENIORITY_LEVELS.indexOf(level);

/** The most years the profile asks for anywhere: total experience or one must-have skill. */
function yearsAskedFor(
  profile: RequirementProfile,
): { years: number; from: { provenance: { seq?: number } } } | undefined {
  const candidates = [
    ...(profile.experience?.value.min !== undefined
      ? [{ years: profile.experience.value.min, from: profile.experience }]
      : []),
    ...profile.mustHaveSkills.flatMap((s) =>
      s.value.minYears === undefined ? [] : [{ years: s.value.minYears, from: s }],
    ),
  ];
  return candidates.sort((a, b) => b.years - a.years)[0];
}

/** Junior with 8+ years, principal with 1 year: the level and the years asked for do not fit. */
export const seniorityVsYears: ConflictRule = ({ state: { profile } }) => {
  const level = profile.seniority?.value;
  if (!level) return [];
  const most = yearsAskedFor(profile);
  const experience = profile.experience?.value;
  const ceiling = experience?.max ?? experience?.min;
  if (rank(level) <= rank('junior') && most && most.years >= (level === 'intern' ? 2 : 5))
    return [
      finding(
        'seniority-vs-years',
        ['seniority', 'experience'],
        `A ${level} role asks for ${most.years}+ years.`,
        seqOf(profile.seniority, most.from),
      ),
    ];
  const floor = { mid: 0, senior: 2, lead: 3, staff: 4, principal: 4, director: 4 }[
    level as Exclude<Seniority, 'intern' | 'junior'>
  ];
  if (rank(level) >= rank('senior') && ceiling !== undefined && ceiling < floor)
    return [
      finding(
        'seniority-vs-years',
        ['seniority', 'experience'],
        `A ${level} role with at most ${ceiling} year(s) of experience.`,
        seqOf(profile.seniority, profile.experience),
      ),
    ];
  return [];
};

/** The salary's minimum is above its maximum. */
export const salaryMinAboveMax: ConflictRule = ({ state: { profile } }) => {
  const s = profile.salary?.value;
  return s?.min !== undefined && s.max !== undefined && s.min > s.max
    ? [
        finding(
          'salary-min-above-max',
          ['salary'],
          `Salary minimum ${s.min} is above its maximum ${s.max}.`,
          seqOf(profile.salary),
        ),
      ]
    : [];
};

/** Years: the minimum is above the maximum. */
export const yearsMinAboveMax: ConflictRule = ({ state: { profile } }) => {
  const e = profile.experience?.value;
  return e?.min !== undefined && e.max !== undefined && e.min > e.max
    ? [
        finding(
          'years-min-above-max',
          ['experience'],
          `Experience minimum ${e.min} is above its maximum ${e.max}.`,
          seqOf(profile.experience),
        ),
      ]
    : [];
};

/** A yearly salary far (25 % or more) outside the configured band for the stated seniority. */
export const salaryOutsideBand: ConflictRule = ({ state: { profile }, salaryBands }) => {
  const s = profile.salary?.value;
  const level = profile.seniority?.value;
  const band = salaryBands.find((b) => b.seniority === level && b.currency === s?.currency);
  if (!s || !band || s.period !== 'year') return [];
  const low = s.max ?? s.min;
  const high = s.min ?? s.max;
  if ((low !== undefined && low < band.min * 0.75) || (high !== undefined && high > band.max * 1.25))
    return [
      finding(
        'salary-outside-band',
        ['salary', 'seniority'],
        `The salary is far outside the usual ${level} band (${band.min}–${band.max} ${band.currency}).`,
        seqOf(profile.salary, profile.seniority),
      ),
    ];
  return [];
};

/** Remote-only, yet office days or an office city are required. */
export const remoteVsOffice: ConflictRule = ({ state: { profile } }) => {
  const remote = profile.remote?.value;
  if (remote?.policy !== 'remote') return [];
  if (remote.officeDaysPerWeek)
    return [
      finding(
        'remote-vs-office',
        ['remote'],
        `Remote-only, yet ${remote.officeDaysPerWeek} office day(s) a week.`,
        seqOf(profile.remote),
      ),
    ];
  const city = profile.locations.find((l) => placeNamed(l.value)?.kind === 'city');
  return city
    ? [
        finding(
          'remote-vs-office',
          ['remote', 'locations'],
          `Remote-only, yet the role is tied to ${city.value}.`,
          seqOf(profile.remote, city),
        ),
      ]
    : [];
};

/** A skill both required (or wanted) and excluded. */
export const skillRequiredAndExcluded: ConflictRule = ({ state: { profile } }) =>
  profile.excludedSkills.flatMap((excluded) => {
    const wanted = [...profile.mustHaveSkills, ...profile.niceToHaveSkills].find(
      (s) => s.value.name.toLowerCase() === excluded.value.name.toLowerCase(),
    );
    return wanted
      ? [
          finding(
            'skill-required-and-excluded',
            ['mustHaveSkills', 'excludedSkills'],
            `${excluded.value.name} is both wanted and excluded.`,
            seqOf(wanted, excluded),
            excluded.value.name,
          ),
        ]
      : [];
  });

/** More years of a technology than it has existed (15 years of Kubernetes, released 2014). */
export const yearsAboveTechnologyAge: ConflictRule = ({ state: { profile }, now }) =>
  [...profile.mustHaveSkills, ...profile.niceToHaveSkills].flatMap((skill) => {
    const released = skillVocabulary().byName(skill.value.name)?.firstReleaseYear;
    const age = released === undefined ? undefined : now.getUTCFullYear() - released;
    return age !== undefined && skill.value.minYears !== undefined && skill.value.minYears > age
      ? [
          finding(
            'years-above-technology-age',
            ['mustHaveSkills'],
            `${skill.value.minYears} years of ${skill.value.name}, which is only ${age} years old (first released ${released}).`,
            seqOf(skill),
            skill.value.name,
          ),
        ]
      : [];
  });

const EXCLUSIVE_TYPES: readonly [string, string][] = [
  ['full_time', 'part_time'],
  ['permanent', 'contract'],
  ['permanent', 'freelance'],
  ['permanent', 'temporary'],
  ['internship', 'permanent'],
];

/** Employment types that exclude each other (full-time and part-time, permanent and freelance). */
export const contradictoryEmploymentTypes: ConflictRule = ({ state: { profile } }) => {
  const types = profile.employmentType?.value ?? [];
  const pair = EXCLUSIVE_TYPES.find(([a, b]) => types.includes(a as never) && types.includes(b as never));
  return pair
    ? [
        finding(
          'contradictory-employment-types',
          ['employmentType'],
          `Both ${pair[0].replace('_', '-')} and ${pair[1].replace('_', '-')}.`,
          seqOf(profile.employmentType),
        ),
      ]
    : [];
};

const SENIOR_ONLY_SKILLS = new Set([
  'people management',
  'engineering management',
  'technical leadership',
  'software architecture',
  'program management',
]);

/** An intern or junior role with a requirement only seniors meet (people management, architecture). */
export const entryLevelSeniorRequirement: ConflictRule = ({ state: { profile } }) => {
  const level = profile.seniority?.value;
  if (!level || rank(level) > rank('junior')) return [];
  const skill = profile.mustHaveSkills.find((s) => SENIOR_ONLY_SKILLS.has(s.value.name.toLowerCase()));
  return skill
    ? [
        finding(
          'entry-level-senior-requirement',
          ['seniority', 'mustHaveSkills'],
          `A ${level} role requires ${skill.value.name}.`,
          seqOf(profile.seniority, skill),
          skill.value.name,
        ),
      ]
    : [];
};

/** So many must-haves that hardly anyone matches (`REQUIREMENTS_MAX_MUST_HAVES`). */
export const tooManyMustHaves: ConflictRule = ({ state: { profile }, maxMustHaves }) =>
  profile.mustHaveSkills.length > maxMustHaves
    ? [
        finding(
          'too-many-must-haves',
          ['mustHaveSkills'],
          `${profile.mustHaveSkills.length} must-have skills (more than ${maxMustHaves}); few candidates will match all.`,
          seqOf(...profile.mustHaveSkills),
        ),
      ]
    : [];

const STRONG_LEVELS = new Set(['professional', 'fluent', 'native', 'C1', 'C2']);

/** A language required at a working level that is not spoken where an on-site or hybrid role is. */
export const languageVsLocation: ConflictRule = ({ state: { profile } }) => {
  if (profile.remote?.value.policy === 'remote' || profile.locations.length === 0) return [];
  const spoken = new Set(profile.locations.flatMap((l) => placeNamed(l.value)?.languages ?? []));
  if (spoken.size === 0) return [];
  return profile.languages.flatMap((l) =>
    l.value.language !== 'English' && STRONG_LEVELS.has(l.value.level ?? '') && !spoken.has(l.value.language)
      ? [
          finding(
            'language-vs-location',
            ['languages', 'locations'],
            `${l.value.language} (${l.value.level}) is required, but the role is in ${profile.locations.map((x) => x.value).join(', ')}.`,
            seqOf(l, ...profile.locations),
            l.value.language,
          ),
        ]
      : [],
  );
};

/** A start date that has already passed. */
export const startDateInPast: ConflictRule = ({ state: { profile }, now }) => {
  const start = profile.startDate?.value;
  return start !== undefined && start < now.toISOString().slice(0, 10)
    ? [
        finding(
          'start-date-in-past',
          ['startDate'],
          `The start date ${start} is in the past.`,
          seqOf(profile.startDate),
        ),
      ]
    : [];
};

/** A later message changed a value stated earlier, without saying it corrects it: which one holds? */
export const restatedValue: ConflictRule = ({ state: { profile, restated } }) =>
  restated.map((r) => {
    const current = profile[r.field];
    const message = `${FIELD_LABELS[r.field] ?? r.field} was ${describeValue(r.previous)}, then ${describeValue(current?.value)}.`;
    return finding(
      'restated-value',
      [r.field],
      message,
      seqOf({ provenance: r.previousProvenance }, current),
      r.field,
    );
  });

/** Every rule, in the order their questions are asked. */
export const CONFLICT_RULES: readonly ConflictRule[] = [
  skillRequiredAndExcluded,
  salaryMinAboveMax,
  yearsMinAboveMax,
  seniorityVsYears,
  remoteVsOffice,
  contradictoryEmploymentTypes,
  restatedValue,
  yearsAboveTechnologyAge,
  entryLevelSeniorRequirement,
  startDateInPast,
  languageVsLocation,
  salaryOutsideBand,
  tooManyMustHaves,
];

function finding(
  rule: string,
  fields: ProfileField[],
  message: string,
  seqs: number[],
  key?: string,
): ConflictFinding {
  return key === undefined ? { rule, fields, message, seqs } : { rule, key, fields, message, seqs };
}
