import { spawn } from 'node:child_process';
import { dirname } from 'node:path';

/**
 * Shows a file in the system's file manager (the browser cannot): Explorer with the file selected on Windows,
 * Finder on macOS, the folder on Linux. Arguments go to the program as they are (no shell).
 */
export function revealInFileManager(path: string, platform: NodeJS.Platform = process.platform): void {
  const [command, args] =
    platform === 'win32'
      ? ['explorer.exe', [`/select,${path}`]]
      : platform === 'darwin'
        ? ['open', ['-R', path]]
        : ['xdg-open', [dirname(path)]];
  const child = spawn(command, args, { detached: true, stdio: 'ignore', windowsVerbatimArguments: false });
  child.on('error', () => {
    // No file manager (a server without a desktop): the page shows the path instead.
  });
  child.unref();
}
