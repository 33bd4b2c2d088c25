import type { Field, Form, Group, SurveyNode } from '../../../../src/form/model.ts';

/** Types the surveyor never sees: computed, or filled from the device and clock. */
const HIDDEN_TYPES = new Set(['calculate', 'start', 'end', 'today', 'deviceid', 'username']);

/** One screen of the interview: a single question, or a `field-list` group shown together. */
export interface Page {
  /** The first field's name; the page a draft resumes on when current_field names any field of it. */
  key: string;
  fields: Field[];
  /** Enclosing groups, outermost first: their relevance applies to every field of the page. */
  groups: Group[];
  /** The field-list group, when the page is one. */
  group?: Group;
}

function isFieldList(g: Group): boolean {
  return (g.appearance ?? '').split(/\s+/).includes('field-list');
}

/** Splits the survey into screens: one visible question each, field-list groups together. */
export function buildPages(form: Pick<Form, 'survey'>): Page[] {
  const pages: Page[] = [];
  const walk = (nodes: readonly SurveyNode[], groups: Group[]) => {
    for (const node of nodes) {
      if (node.kind === 'field') {
        if (!HIDDEN_TYPES.has(node.type)) pages.push({ key: node.name, fields: [node], groups });
      } else if (isFieldList(node)) {
        const fields: Field[] = [];
        const collect = (children: readonly SurveyNode[]) => {
          for (const c of children) {
            if (c.kind === 'field') {
              if (!HIDDEN_TYPES.has(c.type)) fields.push(c);
            } else collect(c.children);
          }
        };
        collect(node.children);
        if (fields.length && fields[0])
          pages.push({ key: fields[0].name, fields, groups: [...groups, node], group: node });
      } else {
        walk(node.children, [...groups, node]);
      }
    }
  };
  walk(form.survey, []);
  return pages;
}

/** The page that holds a field (where a draft stopped), or -1. */
export function pageOfField(pages: readonly Page[], field: string | null | undefined): number {
  if (!field) return -1;
  return pages.findIndex((p) => p.fields.some((f) => f.name === field));
}
