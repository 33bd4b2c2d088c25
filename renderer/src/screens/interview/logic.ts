import type { Choice, Field, Form } from '../../../../src/form/model.ts';
import type { Page } from './pages.ts';

export type Answers = Readonly<Record<string, string | null>>;

/**
 * What the interview screen needs from the form's skip logic: relevance, required and constraint checks,
 * calculations and choice filters, all evaluated in the browser so that the next screen appears at once.
 */
export interface InterviewLogic {
  /** The field and every group around it are relevant. */
  isRelevant(field: Field, answers: Answers): boolean;
  /** A message when the field's answer breaks `required` or `constraint`, else null. */
  problem(field: Field, answers: Answers, lang: string): string | null;
  /** Values of the calculate fields. */
  calculations(answers: Answers): Record<string, string | null>;
  /** The choices to show (choice_filter applied). */
  choices(field: Field, answers: Answers): readonly Choice[];
}

export function pageIsRelevant(logic: InterviewLogic, page: Page, answers: Answers): boolean {
  return page.fields.some((f) => logic.isRelevant(f, answers));
}

/** A form's choice list, unfiltered. */
export function listOf(form: Form, field: Field): readonly Choice[] {
  return field.listName ? (form.choices[field.listName] ?? []) : [];
}
