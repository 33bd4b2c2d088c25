// Types of pack-hooks.mjs (plain JavaScript, since electron-builder loads it without a compiler).
export interface PackContext {
  packager: { projectDir: string; config: { electronVersion?: string } };
  arch: number;
  electronPlatformName: string;
}
export interface RebuildOptions {
  buildPath: string;
  electronVersion: string;
  arch: string;
  platform: string;
  onlyModules: string[];
  force: boolean;
}
export function nativeBinary(projectDir: string): string;
export function nodeBuildBackup(projectDir: string): string;
export function loadsUnderNode(file: string): boolean;
export function keepNodeBuild(projectDir: string): void;
export function restoreNodeBuild(projectDir: string): boolean;
export function beforePack(context: PackContext, rebuild?: (options: RebuildOptions) => Promise<void>): Promise<void>;
export function afterPack(context: PackContext): Promise<void>;
