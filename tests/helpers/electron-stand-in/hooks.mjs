// Module hooks for the stand-in start: `import … from 'electron'` gets the recording stand-in (electron.mjs).
let standIn;

export function initialize(data) {
  standIn = data.standIn;
}

export async function resolve(specifier, context, next) {
  if (specifier === 'electron') return { url: standIn, shortCircuit: true };
  return next(specifier, context);
}
