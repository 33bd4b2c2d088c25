// The renderer's only door to the main process: window.scilit.invoke(name, args) over one IPC channel.
// Nothing of ipcRenderer itself is exposed (contextIsolation keeps the page away from this script's scope).
import { contextBridge, ipcRenderer } from 'electron';

const CHANNEL = 'scilit:invoke'; // = IPC_CHANNEL in security.ts; a sandboxed preload is one self-contained file

contextBridge.exposeInMainWorld('scilit', {
  invoke: (name: string, args?: unknown): Promise<unknown> => ipcRenderer.invoke(CHANNEL, String(name), args ?? {}),
});
