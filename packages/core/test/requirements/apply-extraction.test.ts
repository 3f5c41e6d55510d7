import { describe, expect, it } from 'vitest';
import type { PlainProfile } from '../../src/domain/requirements/requirement-profile.js';
import type { RequirementsState } from '../../src/domain/requirements/requirements-state.js';
import {
  applyExtraction,
  type ModelProposal,
} from '../../src/services/requirements/merge/apply-extraction.js';
import { stateWith } from './requirements-fixtures.js';

const AT = new Date('2026-06-01T00:00:00Z');
const message = (seq: number, content: string, rule: PlainProfile) => ({
  message: { id: `m${seq}`, seq, content },
  rule,
});
const merge = (
  state: RequirementsState,
  seq: number,
  content: string,
  rule: PlainProfile,
  model?: ModelProposal,
) => applyExtraction(state, { messages: [message(seq, content, rule)], ...(model ? { model } : {}), at: AT });

describe('merging extractions into the profile (issue 10)', () => {
  it('lets a newer statement win and remembers the replaced value as a restatement', () => {
    const { state, changes } = merge(stateWith({ seniority: 'junior' }, { seq: 1 }), 2, 'Senior, please.', {
      seniority: 'senior',
    });
    expect(state.profile.seniority).toMatchObject({
      value: 'senior',
      provenance: { source: 'rule', seq: 2, messageId: 'm2' },
    });
    expect(state.restated).toEqual([
      { field: 'seniority', previous: 'junior', previousProvenance: expect.objectContaining({ seq: 1 }) },
    ]);
    expect(changes).toEqual([
      {
        field: 'seniority',
        before: 'junior',
        after: 'senior',
        source: 'rule',
        reason: 'replaced by a newer statement',
        seq: 2,
      },
    ]);
  });

  it('ignores an older statement arriving after a newer one', () => {
    const { state, changes } = merge(stateWith({ seniority: 'senior' }, { seq: 5 }), 3, 'junior', {
      seniority: 'junior',
    });
    expect(state.profile.seniority?.value).toBe('senior');
    expect(changes).toEqual([]);
  });

  it('treats an explicit correction as no contradiction, and a repeated value as a confirmation', () => {
    const corrected = merge(stateWith({ experience: { min: 8 } }), 2, 'Sorry, I meant 1-2 years.', {
      experience: { min: 1, max: 2 },
    });
    expect(corrected.state.restated).toEqual([]);
    const restated = merge(stateWith({ experience: { min: 8 } }), 2, 'Make it 3 years.', {
      experience: { min: 3, max: 3 },
    }).state;
    expect(merge(restated, 3, 'Yes, 3 years.', { experience: { min: 3, max: 3 } }).state.restated).toEqual(
      [],
    );
  });

  it('keeps a user-locked field through later extraction', () => {
    const state = stateWith(
      { seniority: 'mid', mustHaveSkills: [{ name: 'Python' }] },
      { locks: ['seniority', 'mustHaveSkills'] },
    );
    const { state: next, changes } = merge(state, 2, 'Senior, and Go', {
      seniority: 'senior',
      mustHaveSkills: [{ name: 'Go' }],
    });
    expect(next.profile.seniority?.value).toBe('mid');
    expect(next.profile.mustHaveSkills.map((s) => s.value.name)).toEqual(['Python']);
    expect(changes).toEqual([]);
  });

  it('moves a skill to the list a newer statement puts it in, but keeps both when one message says both', () => {
    const moved = merge(stateWith({ mustHaveSkills: [{ name: 'Java' }] }), 2, 'no Java', {
      excludedSkills: [{ name: 'Java' }],
    }).state;
    expect(moved.profile.mustHaveSkills).toEqual([]);
    expect(moved.profile.excludedSkills.map((s) => s.value.name)).toEqual(['Java']);
    const both = merge(stateWith({}), 1, 'Java, no Java', {
      mustHaveSkills: [{ name: 'Java' }],
      excludedSkills: [{ name: 'Java' }],
    }).state;
    expect([both.profile.mustHaveSkills.length, both.profile.excludedSkills.length]).toEqual([1, 1]);
  });

  it("rejects the model's reading when it is not in the text, and records the disagreement", () => {
    const { state, disagreements } = merge(
      stateWith({}),
      1,
      'Senior engineer, €80-90k',
      {
        seniority: 'senior',
        salary: { min: 80_000, max: 90_000, currency: 'EUR', period: 'year' },
      },
      {
        profile: {
          seniority: 'principal',
          salary: { min: 80_000, max: 95_000, currency: 'EUR', period: 'year' },
          locations: ['Paris'],
        },
      },
    );
    expect(state.profile.seniority).toMatchObject({ value: 'senior', provenance: { source: 'rule' } });
    expect(state.profile.salary?.value.max).toBe(90_000);
    expect(state.profile.locations).toEqual([]);
    expect(disagreements.map((d) => [d.field, d.used])).toEqual([
      ['seniority', 'rule'],
      ['salary', 'rule'],
    ]);
  });

  it("uses the model's reading where it follows from the text, citing the message it names", () => {
    const two = applyExtraction(stateWith({}), {
      messages: [
        message(1, 'Hiring for the payments team.', {}),
        message(2, 'Five years minimum.', { experience: { min: 5 } }),
      ],
      model: { profile: { team: 'payments', experience: { min: 5 } }, cites: { team: 1 } },
      at: AT,
    });
    expect(two.state.profile.team).toMatchObject({
      value: 'payments',
      provenance: { source: 'model', seq: 1 },
    });
    expect(two.state.profile.experience).toMatchObject({
      value: { min: 5 },
      provenance: { source: 'rule', seq: 2 },
    });
    expect(two.disagreements).toEqual([]);
  });
});
