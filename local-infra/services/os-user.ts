import { readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/** uid/gid of a local OS user, from /etc/passwd (undefined when absent). */
export function lookupUser(name: string): { uid: number; gid: number; home: string } | undefined {
  try {
    for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
      const [user, , uid, gid, , home] = line.split(':');
      if (user === name) return { uid: Number(uid), gid: Number(gid), home: home ?? '/' };
    }
  } catch {
    // No /etc/passwd: treat as absent.
  }
  return undefined;
}

/**
 * True when `uid` can walk down to `path`: every existing ancestor is world-searchable or
 * owned by that user. Decides whether postgres (run as its own user) can use a dir under the
 * checkout, which fails for checkouts below a 0700 home or a mkdtemp folder.
 */
export function isTraversableBy(path: string, uid: number): boolean {
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    try {
      const stat = statSync(dir);
      if (stat.uid !== uid && (stat.mode & 0o001) === 0) return false;
    } catch {
      // Not created yet: we will create it world-searchable.
    }
    if (dir === dirname(dir)) return true;
  }
}
