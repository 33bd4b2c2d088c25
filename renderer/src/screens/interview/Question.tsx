import { Input } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Choice, Field } from '../../../../src/form/model.ts';
import { labelOf } from '../../../../src/form/model.ts';

export interface QuestionProps {
  field: Field;
  lang: string;
  value: string | null;
  choices: readonly Choice[];
  problem: string | null;
  onChange(value: string | null, commit: boolean): void;
}

function ChoiceList({ field, lang, value, choices, onChange }: QuestionProps) {
  const multiple = field.type === 'select_multiple';
  const selected = new Set((value ?? '').split(' ').filter(Boolean));
  const toggle = (name: string) => {
    if (!multiple) return onChange(name, true);
    const next = new Set(selected);
    if (next.has(name)) next.delete(name);
    else next.add(name);
    const ordered = choices.map((c) => c.name).filter((n) => next.has(n));
    onChange(ordered.length ? ordered.join(' ') : null, true);
  };
  // Roving focus: one tab stop for the list, arrows move between choices.
  const focusIndex = Math.max(
    0,
    choices.findIndex((c) => selected.has(c.name)),
  );
  const onKeyDown = (e: React.KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const buttons = [...e.currentTarget.querySelectorAll<HTMLButtonElement>('button.choice')];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next = buttons[(at + (e.key === 'ArrowDown' ? 1 : buttons.length - 1)) % buttons.length];
    next?.focus();
    e.preventDefault();
  };
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions lint/a11y/useAriaPropsSupportedByRole: a (radio)group whose arrow keys move focus between its choices
    <div
      className="choice-list"
      role={multiple ? 'group' : 'radiogroup'}
      aria-labelledby={`label-${field.name}`}
      data-select={field.name}
      onKeyDown={onKeyDown}
    >
      {choices.map((c, i) => (
        // biome-ignore lint/a11y/useAriaPropsSupportedByRole: role is radio or checkbox, both take aria-checked
        <button
          type="button"
          key={c.name}
          className="choice"
          role={multiple ? 'checkbox' : 'radio'}
          aria-checked={selected.has(c.name)}
          data-choice={c.name}
          tabIndex={i === focusIndex ? 0 : -1}
          onClick={() => toggle(c.name)}
        >
          <span className="choice-key">{i < 9 ? i + 1 : ''}</span>
          <span>{labelOf(c.label, lang, c.name)}</span>
        </button>
      ))}
    </div>
  );
}

export function Question(props: QuestionProps) {
  const { t } = useTranslation();
  const { field, lang, value, problem, onChange } = props;
  const label = labelOf(field.label, lang, field.name);
  const hint = labelOf(field.hint, lang);
  let input: React.ReactNode = null;
  switch (field.type) {
    case 'select_one':
    case 'select_multiple':
      input = <ChoiceList {...props} />;
      break;
    case 'note':
      break;
    case 'integer':
    case 'decimal':
      input = (
        <Input
          size="large"
          inputMode={field.type === 'integer' ? 'numeric' : 'decimal'}
          style={{ maxWidth: 240 }}
          data-input={field.name}
          aria-labelledby={`label-${field.name}`}
          status={problem ? 'error' : undefined}
          value={value ?? ''}
          onChange={(e) => onChange(e.target.value.trim() === '' ? null : e.target.value.trim(), false)}
        />
      );
      break;
    case 'date':
      input = (
        <Input
          size="large"
          type="date"
          style={{ maxWidth: 240 }}
          data-input={field.name}
          aria-labelledby={`label-${field.name}`}
          value={value ?? ''}
          onChange={(e) => onChange(e.target.value || null, false)}
        />
      );
      break;
    default:
      input = (
        <Input
          size="large"
          data-input={field.name}
          aria-labelledby={`label-${field.name}`}
          status={problem ? 'error' : undefined}
          value={value ?? ''}
          onChange={(e) => onChange(e.target.value === '' ? null : e.target.value, false)}
        />
      );
  }
  return (
    <div className="question-block" data-field={field.name}>
      <div className="question-label" id={`label-${field.name}`}>
        {label}
        {field.required && field.required !== 'false()' && <span style={{ color: '#cf1322' }}> *</span>}
      </div>
      {hint && <div className="question-hint">{hint}</div>}
      {input}
      {problem && (
        <div role="alert" className="question-problem" style={{ color: '#cf1322', marginTop: 8 }}>
          {problem}
        </div>
      )}
      {field.type === 'select_one' && (
        <div className="question-hint" style={{ marginTop: 8 }}>
          {t('interview.keysHint')}
        </div>
      )}
    </div>
  );
}
