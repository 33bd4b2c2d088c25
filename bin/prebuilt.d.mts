export function prebuiltEntry(root: URL, env?: Record<string, string | undefined>): URL | undefined;
