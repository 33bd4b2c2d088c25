export { beforePack as default } from './pack-hooks.mjs';
