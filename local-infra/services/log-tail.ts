import { open, stat } from 'node:fs/promises';

/** Last `lines` lines of a log file ('' if it does not exist). Reads at most the last 64 KiB. */
export async function tailFile(path: string, lines = 20): Promise<string> {
  try {
    const size = (await stat(path)).size;
    const length = Math.min(size, 64 * 1024);
    const handle = await open(path, 'r');
    try {
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, size - length);
      return buffer
        .toString('utf8')
        .split('\n')
        .filter((line) => line.length > 0)
        .slice(-lines)
        .join('\n');
    } finally {
      await handle.close();
    }
  } catch {
    return '';
  }
}
