/** Seeded readers whose home timeline holds 20 posts, warmed so the benchmarks read cache hits. */
import { readFile, writeFile } from 'node:fs/promises';

/**
 * Reads each seeded user's timeline twice through `baseUrl` (the first read may materialise
 * the feed from Postgres) and keeps up to `max` readers that get a full page of 20 posts.
 * Writes them to `readersFile` (the k6 USERS_FILE of load/bench/k6/read.js); returns the count.
 */
export async function warmReaders(baseUrl: string, usersFile: string, readersFile: string, max = 100): Promise<number> {
  const users = JSON.parse(await readFile(usersFile, 'utf8')) as { id: string; token: string }[];
  const readers: { id: string; token: string }[] = [];
  for (const user of users) {
    let full = false;
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const response = await fetch(`${baseUrl}/timelines/${user.id}?limit=20`, { headers: { Authorization: `Bearer ${user.token}` } });
      const body = (await response.json()) as { items?: unknown[] };
      full = response.ok && body.items?.length === 20 && !response.headers.get('x-timeline-degraded');
    }
    if (full) readers.push(user);
    if (readers.length >= max) break;
  }
  await writeFile(readersFile, JSON.stringify(readers));
  return readers.length;
}
