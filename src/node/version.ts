import pkg from '../../package.json' with { type: 'json' };

/** The version a person sees (`scilit --version`, the About box): package.json's, the one released. */
export const APP_VERSION: string = pkg.version;
