import type { Form } from '../../../../src/form/model.ts';
import { type InterviewLogic, listOf } from './logic.ts';

/** Skip logic for the interview screen. */
export function makeLogic(form: Form): InterviewLogic {
  return {
    isRelevant: () => true,
    problem: () => null,
    calculations: () => ({}),
    choices: (field) => listOf(form, field),
  };
}
