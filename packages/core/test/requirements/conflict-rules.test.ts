import { describe, expect, it } from 'vitest';
import type { PlainProfile } from '../../src/domain/requirements/requirement-profile.js';
import type { SalaryBand } from '../../src/domain/requirements/requirement-values.js';
import type { Restatement } from '../../src/domain/requirements/requirements-state.js';
import type { ConflictRule } from '../../src/services/requirements/conflicts/conflict-rule.js';
import * as rules from '../../src/services/requirements/conflicts/conflict-rules.js';
import { stateWith } from './requirements-fixtures.js';

const NOW = new Date('2026-06-01T12:00:00Z');
const BANDS: SalaryBand[] = [{ seniority: 'senior', min: 60_000, max: 100_000, currency: 'EUR' }];
const year = (min: number, max?: number) => ({ min, ...(max === undefined ? {} : { max }) });
const skill = (name: string, minYears?: number) => (minYears === undefined ? { name } : { name, minYears });
const restated = (field: Restatement['field'], previous: unknown): Restatement => ({
  field,
  previous,
  previousProvenance: { source: 'rule', seq: 1, at: NOW.toISOString() },
});

interface Case {
  rule: ConflictRule;
  name: string;
  profile: PlainProfile;
  restated?: Restatement[];
  fires: boolean;
}

/** Issue 10: every rule firing and not firing (R7.2). */
const CASES: Case[] = [
  {
    rule: rules.seniorityVsYears,
    name: 'junior with 8+ years',
    profile: { seniority: 'junior', experience: year(8) },
    fires: true,
  },
  {
    rule: rules.seniorityVsYears,
    name: 'junior with 8 years of SQL',
    profile: { seniority: 'junior', mustHaveSkills: [skill('SQL', 8)] },
    fires: true,
  },
  {
    rule: rules.seniorityVsYears,
    name: 'principal with 1 year',
    profile: { seniority: 'principal', experience: year(1, 1) },
    fires: true,
  },
  {
    rule: rules.seniorityVsYears,
    name: 'intern with 2+ years',
    profile: { seniority: 'intern', experience: year(2) },
    fires: true,
  },
  {
    rule: rules.seniorityVsYears,
    name: 'junior with 1-2 years',
    profile: { seniority: 'junior', experience: year(1, 2) },
    fires: false,
  },
  {
    rule: rules.seniorityVsYears,
    name: 'senior with 5+ years',
    profile: { seniority: 'senior', experience: year(5) },
    fires: false,
  },
  {
    rule: rules.salaryMinAboveMax,
    name: '40k to 35k',
    profile: { salary: { min: 40_000, max: 35_000, currency: 'GBP', period: 'year' } },
    fires: true,
  },
  {
    rule: rules.salaryMinAboveMax,
    name: '35k to 40k',
    profile: { salary: { min: 35_000, max: 40_000, currency: 'GBP', period: 'year' } },
    fires: false,
  },
  { rule: rules.yearsMinAboveMax, name: '5 to 3 years', profile: { experience: year(5, 3) }, fires: true },
  { rule: rules.yearsMinAboveMax, name: '3 to 5 years', profile: { experience: year(3, 5) }, fires: false },
  {
    rule: rules.salaryOutsideBand,
    name: 'senior at 30k EUR',
    profile: { seniority: 'senior', salary: { min: 30_000, max: 35_000, currency: 'EUR', period: 'year' } },
    fires: true,
  },
  {
    rule: rules.salaryOutsideBand,
    name: 'senior at 200k EUR',
    profile: { seniority: 'senior', salary: { min: 200_000, max: 220_000, currency: 'EUR', period: 'year' } },
    fires: true,
  },
  {
    rule: rules.salaryOutsideBand,
    name: 'senior at 70-90k EUR',
    profile: { seniority: 'senior', salary: { min: 70_000, max: 90_000, currency: 'EUR', period: 'year' } },
    fires: false,
  },
  {
    rule: rules.salaryOutsideBand,
    name: 'no band for USD',
    profile: { seniority: 'senior', salary: { min: 10_000, currency: 'USD', period: 'year' } },
    fires: false,
  },
  {
    rule: rules.remoteVsOffice,
    name: 'remote with office days',
    profile: { remote: { policy: 'remote', officeDaysPerWeek: 2 } },
    fires: true,
  },
  {
    rule: rules.remoteVsOffice,
    name: 'remote tied to Berlin',
    profile: { remote: { policy: 'remote' }, locations: ['Berlin'] },
    fires: true,
  },
  {
    rule: rules.remoteVsOffice,
    name: 'remote within Germany',
    profile: { remote: { policy: 'remote' }, locations: ['Germany'] },
    fires: false,
  },
  {
    rule: rules.remoteVsOffice,
    name: 'hybrid in Berlin',
    profile: { remote: { policy: 'hybrid', officeDaysPerWeek: 2 }, locations: ['Berlin'] },
    fires: false,
  },
  {
    rule: rules.skillRequiredAndExcluded,
    name: 'Java required and excluded',
    profile: { mustHaveSkills: [skill('Java')], excludedSkills: [skill('Java')] },
    fires: true,
  },
  {
    rule: rules.skillRequiredAndExcluded,
    name: 'Go nice and excluded',
    profile: { niceToHaveSkills: [skill('Go')], excludedSkills: [skill('go')] },
    fires: true,
  },
  {
    rule: rules.skillRequiredAndExcluded,
    name: 'Kotlin required, Java excluded',
    profile: { mustHaveSkills: [skill('Kotlin')], excludedSkills: [skill('Java')] },
    fires: false,
  },
  {
    rule: rules.yearsAboveTechnologyAge,
    name: '15 years of Kubernetes',
    profile: { mustHaveSkills: [skill('Kubernetes', 15)] },
    fires: true,
  },
  {
    rule: rules.yearsAboveTechnologyAge,
    name: '15 years of Swift',
    profile: { niceToHaveSkills: [skill('Swift', 15)] },
    fires: true,
  },
  {
    rule: rules.yearsAboveTechnologyAge,
    name: '5 years of Kubernetes',
    profile: { mustHaveSkills: [skill('Kubernetes', 5)] },
    fires: false,
  },
  {
    rule: rules.yearsAboveTechnologyAge,
    name: '20 years of an unknown skill',
    profile: { mustHaveSkills: [skill('Widgetry', 20)] },
    fires: false,
  },
  {
    rule: rules.contradictoryEmploymentTypes,
    name: 'full-time and part-time',
    profile: { employmentType: ['full_time', 'part_time'] },
    fires: true,
  },
  {
    rule: rules.contradictoryEmploymentTypes,
    name: 'permanent and freelance',
    profile: { employmentType: ['permanent', 'freelance'] },
    fires: true,
  },
  {
    rule: rules.contradictoryEmploymentTypes,
    name: 'full-time and permanent',
    profile: { employmentType: ['full_time', 'permanent'] },
    fires: false,
  },
  {
    rule: rules.contradictoryEmploymentTypes,
    name: 'full-time contract',
    profile: { employmentType: ['full_time', 'contract'] },
    fires: false,
  },
  {
    rule: rules.entryLevelSeniorRequirement,
    name: 'intern managing people',
    profile: { seniority: 'intern', mustHaveSkills: [skill('People Management')] },
    fires: true,
  },
  {
    rule: rules.entryLevelSeniorRequirement,
    name: 'junior architect',
    profile: { seniority: 'junior', mustHaveSkills: [skill('Software Architecture')] },
    fires: true,
  },
  {
    rule: rules.entryLevelSeniorRequirement,
    name: 'senior managing people',
    profile: { seniority: 'senior', mustHaveSkills: [skill('People Management')] },
    fires: false,
  },
  {
    rule: rules.entryLevelSeniorRequirement,
    name: 'junior with Python',
    profile: { seniority: 'junior', mustHaveSkills: [skill('Python')] },
    fires: false,
  },
  {
    rule: rules.tooManyMustHaves,
    name: '13 must-haves',
    profile: { mustHaveSkills: Array.from({ length: 13 }, (_, i) => skill(`S${i}`)) },
    fires: true,
  },
  {
    rule: rules.tooManyMustHaves,
    name: '12 must-haves',
    profile: { mustHaveSkills: Array.from({ length: 12 }, (_, i) => skill(`S${i}`)) },
    fires: false,
  },
  {
    rule: rules.languageVsLocation,
    name: 'fluent German on-site in Madrid',
    profile: {
      languages: [{ language: 'German', level: 'fluent' }],
      locations: ['Madrid'],
      remote: { policy: 'onsite' },
    },
    fires: true,
  },
  {
    rule: rules.languageVsLocation,
    name: 'fluent German remote from Madrid',
    profile: {
      languages: [{ language: 'German', level: 'fluent' }],
      locations: ['Madrid'],
      remote: { policy: 'remote' },
    },
    fires: false,
  },
  {
    rule: rules.languageVsLocation,
    name: 'fluent German in Munich',
    profile: { languages: [{ language: 'German', level: 'C1' }], locations: ['Munich'] },
    fires: false,
  },
  {
    rule: rules.languageVsLocation,
    name: 'English anywhere',
    profile: { languages: [{ language: 'English', level: 'native' }], locations: ['Tokyo'] },
    fires: false,
  },
  { rule: rules.startDateInPast, name: 'start last year', profile: { startDate: '2025-09-01' }, fires: true },
  {
    rule: rules.startDateInPast,
    name: 'start in September',
    profile: { startDate: '2026-09-01' },
    fires: false,
  },
  {
    rule: rules.restatedValue,
    name: 'salary restated',
    profile: { salary: { min: 75_000, max: 75_000, currency: 'USD', period: 'year' } },
    restated: [restated('salary', { min: 60_000, max: 60_000, currency: 'USD', period: 'year' })],
    fires: true,
  },
  {
    rule: rules.restatedValue,
    name: 'nothing restated',
    profile: { salary: { min: 75_000, max: 75_000, currency: 'USD', period: 'year' } },
    fires: false,
  },
];

describe('conflict rules (issue 10: each rule firing and not firing)', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const findings = c.rule({
      state: stateWith(c.profile, { restated: c.restated ?? [] }),
      now: NOW,
      maxMustHaves: 12,
      salaryBands: BANDS,
    });
    expect(findings.length > 0).toBe(c.fires);
    for (const finding of findings) {
      expect(finding.fields.length).toBeGreaterThan(0);
      expect(finding.message).not.toBe('');
      expect(finding.seqs).toEqual([1]);
    }
  });

  it('covers every rule in CONFLICT_RULES, each both firing and not firing', () => {
    for (const rule of rules.CONFLICT_RULES) {
      expect(CASES.some((c) => c.rule === rule && c.fires)).toBe(true);
      expect(CASES.some((c) => c.rule === rule && !c.fires)).toBe(true);
    }
    expect(rules.CONFLICT_RULES.length).toBeGreaterThanOrEqual(12);
  });
});
