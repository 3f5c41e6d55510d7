import { describe, expect, it } from 'vitest';
import type { PlainProfile } from '../../src/domain/requirements/requirement-profile.js';
import { createRuleExtractor } from '../../src/services/requirements/rule-extractor.js';
import { skillVocabulary } from '../../src/services/requirements/vocabulary/skill-vocabulary.js';

const REFERENCE = new Date('2026-06-01T00:00:00Z');
const extractor = createRuleExtractor();
const read = (text: string): PlainProfile => extractor.extract(text, REFERENCE);
const names = (skills: { name: string }[] | undefined) => skills?.map((s) => s.name) ?? [];

describe('rule extractor (issue 10)', () => {
  it.each([
    ['€70–90k', { min: 70_000, max: 90_000, currency: 'EUR', period: 'year' }],
    ['$120,000-$150,000 a year', { min: 120_000, max: 150_000, currency: 'USD', period: 'year' }],
    ['up to £90K', { max: 90_000, currency: 'GBP', period: 'year' }],
    ['₹25 LPA', { min: 2_500_000, max: 2_500_000, currency: 'INR', period: 'year' }],
    ['70k to 90k EUR', { min: 70_000, max: 90_000, currency: 'EUR', period: 'year' }],
    ['3.200 € im Monat', { min: 3_200, max: 3_200, currency: 'EUR', period: 'month' }],
    ['60€/h', { min: 60, max: 60, currency: 'EUR', period: 'hour' }],
    ['from 60k CHF', { min: 60_000, currency: 'CHF', period: 'year' }],
    [
      '40-50k PLN per month? no — 15-20k PLN per month',
      { min: 15_000, max: 20_000, currency: 'PLN', period: 'month' },
    ],
  ])('reads the salary in %j', (text, salary) => {
    expect(read(text).salary).toEqual(salary);
  });

  it.each([
    ['5+ years', { min: 5 }],
    ['at least five years of experience', { min: 5 }],
    ['3-5 yrs', { min: 3, max: 5 }],
    ['up to 2 years', { max: 2 }],
    ['4 years', { min: 4, max: 4 }],
    ['5 ans d’expérience', { min: 5, max: 5 }],
  ])('reads years in %j', (text, experience) => {
    expect(read(text).experience).toEqual(experience);
  });

  it('ties years written right before a technology to that skill, not to total experience', () => {
    const profile = read('Platform engineer with 15 years of Kubernetes experience.');
    expect(profile.mustHaveSkills).toEqual([{ name: 'Kubernetes', minYears: 15 }]);
    expect(profile.experience).toBeUndefined();
  });

  it.each([
    ['Senior backend engineer', 'senior'],
    ['junior to mid', 'junior'],
    ['medior developer', 'mid'],
    ['Staff Software Engineer', 'staff'],
    ['Head of Engineering', 'director'],
    ['summer internship', 'intern'],
  ])('reads the seniority of %j', (text, seniority) => {
    expect(read(text).seniority).toBe(seniority);
  });

  it.each([
    ['fully remote', { policy: 'remote' }],
    ['not remote, must be in our Austin office', { policy: 'onsite' }],
    ['hybrid, 2 days a week in the Berlin office', { policy: 'hybrid', officeDaysPerWeek: 2 }],
    ['SF on-site 4 days a week', { policy: 'hybrid', officeDaysPerWeek: 4 }],
    ['in office Monday to Friday', { policy: 'onsite', officeDaysPerWeek: 5 }],
  ])('reads the remote policy of %j', (text, remote) => {
    expect(read(text).remote).toEqual(remote);
  });

  it.each([
    ['Full-time, permanent.', ['full_time', 'permanent']],
    ['contract role, 6 months', ['contract']],
    ['Permanent, full-time contract', ['full_time', 'permanent']],
    ['Teilzeit', ['part_time']],
  ])('reads employment types in %j', (text, types) => {
    expect(read(text).employmentType).toEqual(types);
  });

  it('maps aliases to canonical skills and honours negations and nice-to-have markers', () => {
    const profile = read(
      'JS and k8s, Postgres; RN wanted. No Java please, Terraform is a bonus. Must: Go. Not: PHP.',
    );
    expect(names(profile.mustHaveSkills)).toEqual([
      'JavaScript',
      'Kubernetes',
      'PostgreSQL',
      'Registered Nurse',
      'Go',
    ]);
    expect(names(profile.excludedSkills)).toEqual(['Java', 'PHP']);
    expect(names(profile.niceToHaveSkills)).toEqual(['Terraform']);
  });

  it('reads a pasted job description section by section', () => {
    const profile = read(
      'Requirements\n- Docker\n- AWS\n\nNice to have\n- Go\n- Istio\n\nWhat we offer\n- Remote',
    );
    expect(names(profile.mustHaveSkills)).toEqual(['Docker', 'AWS']);
    expect(names(profile.niceToHaveSkills)).toEqual(['Go', 'Istio']);
  });

  it('reads languages only beside a level or a speaking word, so French cuisine is no language', () => {
    expect(read('Fluent French and a teaching certificate').languages).toEqual([
      { language: 'French', level: 'fluent' },
    ]);
    expect(read('Must speak German (C1)').languages).toEqual([{ language: 'German', level: 'C1' }]);
    expect(read('Chef, French cuisine').languages).toBeUndefined();
  });

  it('reads the start date with chrono-node relative to the reference day', () => {
    expect(read('Start in September.').startDate).toBe('2026-09-01');
    expect(read('Starting ASAP').startDate).toBe('2026-06-01');
    expect(read('starting at 50k').startDate).toBeUndefined();
  });

  it('reads title, places, time zones and constraints', () => {
    const profile = read(
      'We need a senior backend engineer in Berlin, CET hours, visa sponsorship available.',
    );
    expect(profile.title).toBe('Backend Engineer');
    expect(profile.locations).toEqual(['Berlin']);
    expect(profile.timeZones).toEqual(['CET']);
    expect(profile.constraints?.map((c) => c.kind)).toEqual(['visa']);
  });

  it('ships at least 800 vocabulary entries with aliases, technologies with a release year', () => {
    const { entries } = skillVocabulary();
    expect(entries.length).toBeGreaterThanOrEqual(800);
    const aliases: [string, string][] = [
      ['JavaScript', 'js'],
      ['Kubernetes', 'k8s'],
      ['PostgreSQL', 'postgres'],
      ['Registered Nurse', 'rn'],
    ];
    for (const [name, alias] of aliases) {
      expect(
        skillVocabulary()
          .byName(name)
          ?.aliases.map((a) => a.text.toLowerCase()),
      ).toContain(alias);
    }
    expect(skillVocabulary().byName('Kubernetes')?.firstReleaseYear).toBe(2014);
    const categories = new Set(entries.map((e) => e.category));
    for (const category of ['language', 'data', 'infrastructure', 'healthcare', 'trades', 'business'])
      expect(categories).toContain(category);
  });
});
