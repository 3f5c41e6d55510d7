import { describe, expect, it } from 'vitest';
import { sameValue } from '../../src/services/requirements/merge/same-value.js';

const profile = () => ({
  title: 'Backend Engineer',
  salary: { min: 80_000, max: 95_000, currency: 'EUR', period: 'year' },
  mustHaveSkills: [{ name: 'Go', minYears: 3 }, { name: 'PostgreSQL' }, { name: 'Kubernetes' }],
  locations: ['Berlin', 'Remote'],
  remote: { policy: 'hybrid', officeDaysPerWeek: 2 },
});

describe('sameValue', () => {
  it('finds copies equal, whatever the order of keys and of array items', () => {
    const copy = structuredClone(profile());
    expect(sameValue(profile(), copy)).toBe(true);
    const reordered = {
      remote: { officeDaysPerWeek: 2, policy: 'hybrid' },
      locations: ['Remote', 'Berlin'],
      mustHaveSkills: [{ name: 'Kubernetes' }, { minYears: 3, name: 'Go' }, { name: 'PostgreSQL' }],
      salary: { period: 'year', currency: 'EUR', max: 95_000, min: 80_000 },
      title: 'Backend Engineer',
    };
    expect(sameValue(profile(), reordered)).toBe(true);
  });

  it('leaves members holding undefined out on both sides', () => {
    expect(sameValue({ min: 1, max: undefined }, { min: 1 })).toBe(true);
    expect(sameValue({ min: 1 }, { min: 1, max: undefined })).toBe(true);
    expect(sameValue({ min: 1, max: undefined }, { min: 1, max: 2 })).toBe(false);
    expect(sameValue({ min: 1, max: 2 }, { min: 1 })).toBe(false);
  });

  it('finds the first difference however deep it is', () => {
    const changed = profile();
    changed.mustHaveSkills[0]!.minYears = 4;
    expect(sameValue(profile(), changed)).toBe(false);
    const moreDays = profile();
    moreDays.remote.officeDaysPerWeek = 3;
    expect(sameValue(profile(), moreDays)).toBe(false);
    expect(sameValue(profile(), { ...profile(), team: 'Platform' })).toBe(false);
  });

  it('counts repeated array items: the same items in another number are different', () => {
    expect(sameValue(['Go', 'Go', 'Rust'], ['Go', 'Rust', 'Rust'])).toBe(false);
    expect(sameValue(['Go', 'Rust', 'Go'], ['Go', 'Go', 'Rust'])).toBe(true);
    expect(sameValue(['Go'], ['Go', 'Go'])).toBe(false);
    expect(sameValue([{ name: 'Go' }, { name: 'Go' }], [{ name: 'Go' }, { name: 'Rust' }])).toBe(false);
  });

  it('compares long arrays as multisets too, in any order', () => {
    const skills = Array.from({ length: 40 }, (_, index) => ({
      name: `Skill ${index % 30}`,
      minYears: index % 3,
    }));
    const shuffled = [...skills].reverse();
    expect(sameValue(skills, shuffled)).toBe(true);
    const oneChanged = shuffled.map((skill, index) => (index === 7 ? { ...skill, minYears: 9 } : skill));
    expect(sameValue(skills, oneChanged)).toBe(false);
    const nested = (years: number) =>
      Array.from({ length: 20 }, (_, index) => ({ name: 'Go', detail: { years: index === 0 ? years : 1 } }));
    expect(sameValue(nested(1), nested(1).reverse())).toBe(true);
    expect(sameValue(nested(1), nested(2).reverse())).toBe(false);
  });

  it('tells values of different kinds apart', () => {
    expect(sameValue(1, '1')).toBe(false);
    expect(sameValue([], {})).toBe(false);
    expect(sameValue(null, undefined)).toBe(false);
    expect(sameValue(null, {})).toBe(false);
    expect(sameValue(undefined, {})).toBe(false);
    expect(sameValue(['a'], 'a')).toBe(false);
    expect(sameValue(true, 'true')).toBe(false);
    expect(sameValue(undefined, undefined)).toBe(true);
    expect(sameValue(0, -0)).toBe(true);
  });
});
