import { describe, expect, it } from 'vitest';
import { breakdownValue, groupMembership } from '../../../src/scoring/index.ts';
import { demographic, makeForm } from '../../fixtures/scoring/forms.ts';

const AGE_GROUP =
  "if(${age} < 20, '18-19', if(${age} < 25, '20-24', if(${age} < 60, 'other', if(${age} < 65, '60-64', '65-69'))))";
const form = makeForm([
  demographic('age', 'integer'),
  demographic('sex', 'select_one', 'sex'),
  demographic('occupation', 'select_one', 'occupation'),
  demographic('residence', 'select_one', 'residence'),
  demographic('age_group', 'calculate', undefined, AGE_GROUP),
]);

describe('key populations (methodology §1.3)', () => {
  it('the five default groups overlap and may leave a respondent in none', () => {
    expect(groupMembership(form, { age: '65', occupation: 'farmer' })).toEqual(['farmer', 'elderly']);
    expect(groupMembership(form, { age: '24', occupation: 'worker' })).toEqual(['youth', 'worker']);
    expect(groupMembership(form, { age: '45', occupation: 'student' })).toEqual(['youth']);
    expect(groupMembership(form, { age: '40', occupation: 'official' })).toEqual(['official']);
    expect(groupMembership(form, { age: '40', occupation: 'professional' })).toEqual([]);
    expect(groupMembership(form, { age: '60', occupation: null })).toEqual(['elderly']); // 60 is elderly (≥ 60)
    expect(groupMembership(form, {})).toEqual([]);
  });

  it("a form's own groups replace the defaults (Shenzhen's four populations)", () => {
    const shenzhen = {
      ...form,
      groups: [
        { name: 'employee', label: { zh: '职工' }, rule: "${occupation} = 'worker' or ${occupation} = 'service'" },
        { name: 'cadre', label: { zh: '干部' }, rule: "${occupation} = 'official'" },
        { name: 'elderly', label: { zh: '老年人' }, rule: '${age} >= 60' },
      ],
    };
    expect(groupMembership(shenzhen, { age: '62', occupation: 'service' })).toEqual(['employee', 'elderly']);
    expect(groupMembership(shenzhen, { age: '30', occupation: 'farmer' })).toEqual([]);
  });
});

describe('breakdowns', () => {
  it('any demographic field, a calculate field computed when not stored, and a cross of two', () => {
    const a = { age: '62', sex: 'female', residence: 'rural' };
    expect(breakdownValue(form, a, 'sex')).toBe('female');
    expect(breakdownValue(form, a, 'age_group')).toBe('60-64');
    expect(breakdownValue(form, { ...a, age_group: '60-64' }, 'age_group')).toBe('60-64');
    expect(breakdownValue(form, a, ['sex', 'age_group'])).toBe('female × 60-64');
    expect(breakdownValue(form, a, ['residence', 'sex'])).toBe('rural × female');
    expect(breakdownValue(form, { age: '62' }, ['sex', 'age_group'])).toBeNull(); // sex unanswered
    expect(() => breakdownValue(form, a, 'income')).toThrow(/breakdown "income" is not a field/);
  });
});
