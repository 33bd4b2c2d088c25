/** Field packages: interviews carried from surveyors' laptops to the office (issue 9). */
export { generateOfficeKeys, publicKeyId } from './crypto.ts';
export { type ExportedPackage, type ExportOptions, exportPackage } from './export.ts';
export { PackageError } from './format.ts';
export {
  type ImportOptions,
  importPackage,
  importReadPackage,
  type PackageImportSummary,
  type ReadPackage,
  readPackage,
} from './import.ts';
export {
  type BatchOptions,
  importPackages,
  type PackageBatchResult,
  type PackageFile,
  type PackageReader,
} from './import-many.ts';
