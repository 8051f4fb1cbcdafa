import { expect, it } from 'vitest';
import * as scripts from '../scripts/feed-scripts.ts';
import type { FeedRedisHarness } from './feed-redis.contract.ts';

/** The Lua scripts' raw replies and effects, argument layouts as `scripts/feed-scripts.ts` documents them. */
export function defineFeedScriptCases({ redis, key, ttl, signal }: FeedRedisHarness): void {
  const run = (script: string, keys: readonly string[], args: readonly (string | number)[]) => redis().eval(script, keys, args, { signal });
  /** A feed's whole content as `ZREVRANGEBYSCORE ... WITHSCORES` prints it. */
  const content = async (k: string): Promise<string[]> =>
    (await redis().zrevrangeByScore(k, { signal })).flatMap(({ member, score }) => [member, String(score)]);
  const ready = async (k: string, pairs: readonly (string | number)[] = [], cap = 800, ttlSeconds = 600) => {
    await run(scripts.BEGIN_REBUILD_SCRIPT, [k], [ttlSeconds]);
    return run(scripts.FINISH_REBUILD_SCRIPT, [k], [cap, ttlSeconds, ...pairs]);
  };

  it('fan-out adds to existing feeds only, each its own entries, trims to the cap and is idempotent', async () => {
    const [done, building, plain, cold] = [key(), key(), key(), key()];
    await ready(done, [500, 'old']);
    await run(scripts.BEGIN_REBUILD_SCRIPT, [building], [600]);
    await redis().zadd(plain, [{ score: 100, member: 'p0' }], { signal });
    const entries = [1_000, 'e1', 2_000, 'e2', 3_000, 'e3', 4_000, 'e4'];
    const args = [3, 4, ...entries, '1,2,3,4', '2', '2,4', '1'];
    await expect(run(scripts.FAN_OUT_SCRIPT, [done, building, plain, cold], args)).resolves.toBe(7);
    // The sentinel stays below the cap's entries; a feed without one keeps its cap of entries.
    expect(await content(done)).toEqual(['e4', '4000', 'e3', '3000', 'e2', '2000', '~', '0']);
    expect(await content(building)).toEqual(['e2', '2000', '~', '-1']);
    expect(await content(plain)).toEqual(['e4', '4000', 'e2', '2000', 'p0', '100']);
    expect(await content(cold)).toEqual([]);
    await expect(run(scripts.FAN_OUT_SCRIPT, [plain], [2, 1, 50, 'e0', '1'])).resolves.toBe(1);
    expect(await content(plain)).toEqual(['e4', '4000', 'e2', '2000']);
    // Redelivery: pairs written again (ZADD of present members), nothing changes; TTLs kept.
    const before = await Promise.all([done, building, plain].map(content));
    await expect(run(scripts.FAN_OUT_SCRIPT, [done, building, plain, cold], args)).resolves.toBe(7);
    expect(await Promise.all([done, building, plain].map(content))).toEqual(before);
    expect(await ttl(done)).toBeGreaterThan(590);
    expect(await ttl(building)).toBeGreaterThan(590);
    expect(await ttl(cold)).toBe(-2);
    await expect(run(scripts.FAN_OUT_SCRIPT, [done], [3, 1, 9_000, 'e9', ''])).resolves.toBe(0);
  });

  it('rebuild: begin creates a building feed with a TTL once; finish adds, marks ready, trims and restarts the TTL', async () => {
    const [k, fresh] = [key(), key()];
    await expect(run(scripts.BEGIN_REBUILD_SCRIPT, [k], [600])).resolves.toBe(1);
    expect(await content(k)).toEqual(['~', '-1']);
    expect(await ttl(k)).toBeGreaterThan(590);
    await expect(run(scripts.BEGIN_REBUILD_SCRIPT, [k], [30])).resolves.toBe(0);
    expect(await ttl(k)).toBeGreaterThan(590);
    // A post fanned out while the rebuild reads Postgres is kept (ZADD is a union).
    await expect(run(scripts.FAN_OUT_SCRIPT, [k], [800, 1, 5_000, 'during', '1'])).resolves.toBe(1);
    await expect(run(scripts.FINISH_REBUILD_SCRIPT, [k], [2, 300, 1_000, 'a', 2_000, 'b', 3_000, 'c'])).resolves.toBe(2);
    expect(await content(k)).toEqual(['during', '5000', 'c', '3000', '~', '0']);
    expect(await ttl(k)).toBeGreaterThan(290);
    expect(await ttl(k)).toBeLessThanOrEqual(300);
    await expect(run(scripts.BEGIN_REBUILD_SCRIPT, [k], [600])).resolves.toBe(0);
    expect(await ttl(k)).toBeLessThanOrEqual(300);
    // A finish whose begin's feed vanished (expired, evicted) writes the feed anew.
    await expect(run(scripts.FINISH_REBUILD_SCRIPT, [fresh], [5, 60, 1_000, 'a'])).resolves.toBe(1);
    expect(await content(fresh)).toEqual(['a', '1000', '~', '0']);
    await expect(run(scripts.FINISH_REBUILD_SCRIPT, [fresh], [5, 60])).resolves.toBe(1);
  });

  it('set-many writes every key with one TTL and refuses a TTL that SET refuses', async () => {
    const [a, b] = [key(), key()];
    await redis().set(a, 'stale', { signal });
    await expect(run(scripts.SET_MANY_SCRIPT, [a, b], [60, '{"id":"a"}', '{"id":"b"}'])).resolves.toBe(2);
    await expect(redis().mget([a, b], { signal })).resolves.toEqual(['{"id":"a"}', '{"id":"b"}']);
    expect(await ttl(a)).toBeGreaterThan(50);
    expect(await ttl(b)).toBeGreaterThan(50);
    await expect(run(scripts.SET_MANY_SCRIPT, [], [60])).resolves.toBe(0);
    await expect(run(scripts.SET_MANY_SCRIPT, [a], [0, 'x'])).rejects.toMatchObject({ code: 'command' });
    await expect(redis().get(a, { signal })).resolves.toBe('{"id":"a"}');
  });

  it('multi-range returns each feed range from max down, sentinel included, [] for a missing feed', async () => {
    const [one, missing, building] = [key(), key(), key()];
    await ready(one, [1_000, 'a', 2_000, 'b', 3_000, 'c']);
    await run(scripts.BEGIN_REBUILD_SCRIPT, [building], [600]);
    await expect(run(scripts.MULTI_RANGE_SCRIPT, [one, missing, building], ['+inf', 3])).resolves.toEqual([
      ['c', '3000', 'b', '2000', 'a', '1000'],
      [],
      ['~', '-1'],
    ]);
    await expect(run(scripts.MULTI_RANGE_SCRIPT, [one], ['2000', 5])).resolves.toEqual([['b', '2000', 'a', '1000', '~', '0']]);
  });

  it('hybrid read bounds the celebrity ranges by the timeline and reports missing and building feeds', async () => {
    const [own, star, missing, building, plain] = [key(), key(), key(), key(), key()];
    await ready(own, Array.from({ length: 20 }, (_, i) => [100 - i, `t${100 - i}`]).flat());
    await ready(star, [95, 's95', 50, 's50']);
    await run(scripts.BEGIN_REBUILD_SCRIPT, [building], [600]);
    await redis().zadd(plain, [{ score: 99, member: 'p99' }], { signal });
    const top = (from: number, n: number) => Array.from({ length: n }, (_, i) => [`t${from - i}`, String(from - i)]).flat();
    // want 5: the 5th entry (96) bounds the others from below; 95 could not make the page.
    await expect(run(scripts.HYBRID_READ_SCRIPT, [own, star, missing, building, plain], ['+inf', 7, 5, 0])).resolves.toEqual([
      top(100, 7),
      [],
      0,
      1,
      ['p99', '99'],
    ]);
    await expect(run(scripts.HYBRID_READ_SCRIPT, [own, star], ['+inf', 12, 10, 0])).resolves.toEqual([top(100, 12), ['s95', '95']]);
    // After a cursor at 98 only entries strictly below it count towards the bound (97, 96).
    await expect(run(scripts.HYBRID_READ_SCRIPT, [own, plain], ['98', 4, 2, 1])).resolves.toEqual([top(98, 4), []]);
    await expect(run(scripts.HYBRID_READ_SCRIPT, [own, plain], ['99', 4, 2, 1])).resolves.toEqual([top(99, 4), ['p99', '99']]);
    // A timeline shorter than the page leaves the ranges unbounded (sentinel seen, not counted).
    await expect(run(scripts.HYBRID_READ_SCRIPT, [own, star], ['82', 5, 5, 1])).resolves.toEqual([
      [...top(82, 2), '~', '0'],
      ['s50', '50', '~', '0'],
    ]);
  });
}
