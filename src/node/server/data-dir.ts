import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The per-user data folder, the same one Electron's app.getPath('userData') gives for the app name "scilit",
 * so the browser UI and the desktop app open the same database by default.
 */
export function userDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'scilit');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'scilit');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'scilit');
}

export const DEFAULT_DB_NAME = 'scilit.sqlite';
