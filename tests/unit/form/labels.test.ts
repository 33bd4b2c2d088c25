// biome-ignore-all lint/suspicious/noTemplateCurlyInString: XLSForm writes field references as ${name} in plain strings
import { describe, expect, it } from 'vitest';
import { fillLabel, labelRefs } from '../../../src/form/labels.ts';

describe('${} in labels, hints and notes', () => {
  const answers: Record<string, string | null> = { first_name: '张三', age: '35', sex: null };
  const value = (n: string) => answers[n];
  it('shows the current answer, nothing while there is none, and leaves other text alone', () => {
    expect(fillLabel('谢谢您，${first_name}！您今年 ${ age } 岁。', value)).toBe('谢谢您，张三！您今年 35 岁。');
    expect(fillLabel('Sex: ${sex}; unknown: ${nobody}', value)).toBe('Sex: ; unknown: ');
    expect(fillLabel('Costs $5 {not a ref}', value)).toBe('Costs $5 {not a ref}');
    expect(labelRefs('${a} and ${b} and ${a}')).toEqual(['a', 'b']);
  });
});
