/**
 * `${name}` in a label, hint or note, as ODK Collect shows it: the current answer of that question (its stored value:
 * a choice's name, a number as typed), and nothing while it has none. Other text is kept as written. The runner
 * calls this for every text it shows, so a note like "Thank you, ${first_name}" reads as it should.
 */
const REF = /\$\{\s*([\p{L}_][\p{L}\p{N}_.-]*)\s*\}/gu;

export function fillLabel(text: string, value: (name: string) => string | null | undefined): string {
  return text.replace(REF, (_, name: string) => value(name) ?? '');
}

/** The fields a text refers to, so a screen knows what to refresh. */
export function labelRefs(text: string): string[] {
  return [...new Set(Array.from(text.matchAll(REF), (m) => m[1]!))];
}
