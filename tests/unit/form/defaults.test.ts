// biome-ignore-all lint/suspicious/noTemplateCurlyInString: XLSForm writes field references as ${name} in plain strings
import { describe, expect, it } from 'vitest';
import { endAnswers, isDynamicDefault, startingAnswers } from '../../../src/form/defaults.ts';
import type { Field, Form } from '../../../src/form/model.ts';

const field = (name: string, type: Field['type'], extra: Partial<Field> = {}): Field => ({
  kind: 'field',
  name,
  type,
  label: { '': name },
  ...extra,
});

function form(...fields: Field[]): Form {
  return {
    formId: 'f',
    version: '1',
    title: { '': 'f' },
    defaultLanguage: '',
    languages: [],
    survey: fields,
    choices: {},
    levels: [],
    groups: [],
  };
}

describe('what an interview starts with', () => {
  it("tells a dynamic default from a value as pyxform's rule does", () => {
    for (const d of ['${age} + 1', 'today()', 'random()', 'concat(${a}, "x")', '${a}', '2 * 3', '5 div 2']) {
      expect(isDynamicDefault('text', d), d).toBe(true);
    }
    for (const [type, d] of [
      ['text', 'foo'],
      ['integer', '-5'],
      ['date', '2025-06-15'],
      ['geopoint', '-31.2 -121.4 0 0'],
      ['text', 'well-known'],
    ] as const) {
      expect(isDynamicDefault(type, d), d).toBe(false);
    }
  });

  it('records start, today, device and user; plain and dynamic defaults; end at finalize', () => {
    const f = form(
      field('started', 'start'),
      field('day', 'today'),
      field('device', 'deviceid'),
      field('who', 'username'),
      field('phone', 'phonenumber'),
      field('age', 'integer', { default: '30' }),
      field('next_age', 'integer', { default: '${age} + 1' }),
      field('visit', 'date', { default: 'today()' }),
      field('note_text', 'text', { default: "concat('visit of ', ${who})" }),
      field('ended', 'end'),
    );
    const at = new Date(Date.UTC(2025, 5, 15, 2, 30, 0));
    const a = startingAnswers(f, { now: at, deviceId: 'laptop-7', username: '张三' });
    expect(a.started).toMatch(/^2025-06-15T\d{2}:30:00\.000[+-]\d{2}:\d{2}$/);
    expect(Date.parse(a.started!)).toBe(at.getTime());
    expect(a).toMatchObject({
      device: 'laptop-7',
      who: '张三',
      age: '30',
      next_age: '31',
      visit: a.day,
      note_text: 'visit of 张三',
    });
    expect(a.phone).toBeUndefined();
    expect(a.ended).toBeUndefined();
    expect(Date.parse(endAnswers(f, at).ended!)).toBe(at.getTime());
  });
});
