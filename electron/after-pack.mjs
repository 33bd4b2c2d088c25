export { afterPack as default } from './pack-hooks.mjs';
