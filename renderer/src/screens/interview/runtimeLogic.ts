import type { Form } from '../../../../src/form/model.ts';
import { labelOf } from '../../../../src/form/model.ts';
import { FormRuntime } from '../../../../src/form/runtime.ts';
import type { InterviewLogic } from './logic.ts';

/** The form's skip logic, run in the browser by the same FormRuntime that validates imports. */
export function makeLogic(form: Form): InterviewLogic {
  const runtime = new FormRuntime(form, { today: new Date().toISOString().slice(0, 10) });
  return {
    isRelevant: (field, answers) => runtime.isRelevant(field.name, answers),
    problem(field, answers, lang) {
      const problem = runtime.validateAnswer(field.name, answers[field.name] ?? null, answers);
      return problem ? labelOf(problem.message, lang, problem.code) : null;
    },
    calculations: (answers) => runtime.calculate(answers),
    choices: (field, answers) => runtime.choicesFor(field.name, answers),
  };
}
