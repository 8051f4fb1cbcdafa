import { expect, it } from 'vitest';
import type { FeedRedisHarness } from './feed-redis.contract.ts';

/** The plain commands the timeline calls (post cache, celebrity lists, feed reads). */
export function defineFeedCommandCases({ redis, key, ttl, elapse, signal }: FeedRedisHarness): void {
  it('strings: set with a TTL or only if absent, get, mget in key order with nulls, del counts', async () => {
    const [a, b, missing] = [key(), key(), key()];
    await expect(redis().set(a, '["u1","u2"]', { ttlSeconds: 60, signal })).resolves.toBe(true);
    await expect(redis().get(a, { signal })).resolves.toBe('["u1","u2"]');
    expect(await ttl(a)).toBeGreaterThanOrEqual(59);
    expect(await ttl(a)).toBeLessThanOrEqual(60);
    await expect(redis().set(b, 'first', { onlyIfAbsent: true, signal })).resolves.toBe(true);
    await expect(redis().set(b, 'second', { onlyIfAbsent: true, signal })).resolves.toBe(false);
    await expect(redis().mget([a, missing, b], { signal })).resolves.toEqual(['["u1","u2"]', null, 'first']);
    await expect(redis().mget([], { signal })).resolves.toEqual([]);
    // A plain SET replaces the value and drops the TTL.
    await redis().set(a, 'v', { signal });
    expect(await ttl(a)).toBe(-1);
    expect(await ttl(missing)).toBe(-2);
    await expect(redis().del([a, b, missing], { signal })).resolves.toBe(2);
    await expect(redis().del([], { signal })).resolves.toBe(0);
    await expect(redis().set(a, 'v', { ttlSeconds: 0, signal })).rejects.toMatchObject({ code: 'command' });
  });

  it('strings: a key past its TTL reads as missing', async () => {
    const k = key();
    await redis().set(k, 'v', { ttlSeconds: 1, signal });
    await elapse(1_100);
    await expect(redis().get(k, { signal })).resolves.toBeNull();
    await expect(redis().mget([k], { signal })).resolves.toEqual([null]);
    expect(await ttl(k)).toBe(-2);
    await expect(redis().set(k, 'again', { onlyIfAbsent: true, signal })).resolves.toBe(true);
  });

  it('sorted sets: zadd counts new members and keeps the maxLength highest; del removes them', async () => {
    const k = key();
    const members = [1, 2, 3, 4, 5].map((score) => ({ score, member: `m${score}` }));
    await expect(redis().zadd(k, members, { maxLength: 4, signal })).resolves.toBe(5);
    expect((await redis().zrevrangeByScore(k, { signal })).map((m) => m.member)).toEqual(['m5', 'm4', 'm3', 'm2']);
    // An existing member gets its new score and is not counted as new.
    await expect(redis().zadd(k, [{ score: 9, member: 'm2' }], { signal })).resolves.toBe(0);
    await expect(redis().zrevrangeByScore(k, { count: 1, signal })).resolves.toEqual([{ member: 'm2', score: 9 }]);
    await expect(redis().zadd(k, [], { signal })).resolves.toBe(0);
    await expect(redis().zadd(k, [{ score: 1, member: 'x' }], { maxLength: 0, signal })).rejects.toMatchObject({ code: 'command' });
    await expect(redis().del(k, { signal })).resolves.toBe(1);
    await expect(redis().zrevrangeByScore(k, { signal })).resolves.toEqual([]);
  });

  it('sorted sets: zrevrangeByScore orders ties by member, newest first, and pages by bounds', async () => {
    const k = key();
    const at = (score: number, member: string) => ({ score, member });
    await redis().zadd(k, [at(7, 'a'), at(7, 'c'), at(7, 'b'), at(9, 'z'), at(3, 'y'), at(0, '~')], { signal });
    const all = await redis().zrevrangeByScore(k, { signal });
    expect(all).toEqual([at(9, 'z'), at(7, 'c'), at(7, 'b'), at(7, 'a'), at(3, 'y'), at(0, '~')]);
    await expect(redis().zrevrangeByScore(k, { max: 7, count: 2, signal })).resolves.toEqual([at(7, 'c'), at(7, 'b')]);
    await expect(redis().zrevrangeByScore(k, { max: 7, exclusiveMax: true, signal })).resolves.toEqual([at(3, 'y'), at(0, '~')]);
    await expect(redis().zrevrangeByScore(k, { min: 3, offset: 2, count: 2, signal })).resolves.toEqual([at(7, 'b'), at(7, 'a')]);
    await expect(redis().zrevrangeByScore(k, { offset: 5, signal })).resolves.toEqual([at(0, '~')]);
    await expect(redis().zrevrangeByScore(k, { max: 8, min: 8, signal })).resolves.toEqual([]);
  });
}
