export const FIELDS_PER_INTERVIEW = 12;
