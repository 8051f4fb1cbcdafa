import { describe, expect, it } from 'vitest';
import { copyField } from './copy-rows.ts';
import { followRows, planSeed, postRows, SeedError } from './seed-plan.ts';

const endAt = new Date('2026-11-25T12:00:00Z');

describe('planSeed', () => {
  it('is deterministic for (seed, prefix, endAt), ids depend on the prefix, structure does not', () => {
    const a = planSeed({ users: 100, seed: 3, prefix: 'a_', postsPerUser: 2, endAt });
    const again = planSeed({ users: 100, seed: 3, prefix: 'a_', postsPerUser: 2, endAt });
    expect(again.userIds).toEqual(a.userIds);
    expect([...followRows(again)]).toEqual([...followRows(a)]);
    expect([...postRows(again)]).toEqual([...postRows(a)]);
    const b = planSeed({ users: 100, seed: 3, prefix: 'b_', postsPerUser: 2, endAt });
    expect(b.userIds.some((id) => a.userIds.includes(id))).toBe(false);
    expect(b.graph).toEqual(a.graph);
    expect(b.handles[7]).toBe('b_7');
  });

  it('orders events in time: follows after both sign-ups, posts after the author joined, all before endAt', () => {
    const plan = planSeed({ users: 200, seed: 9, prefix: 't_', postsPerUser: 3, endAt, windowDays: 2 });
    const start = endAt.getTime() - 2 * 86_400_000;
    for (const at of plan.userCreatedAt) expect(at).toBeGreaterThanOrEqual(start);
    let follows = 0;
    for (const row of followRows(plan)) {
      expect(row.createdAtMs).toBeGreaterThanOrEqual(
        Math.max(plan.userCreatedAt[row.follower] ?? 0, plan.userCreatedAt[row.followee] ?? 0),
      );
      expect(row.createdAtMs).toBeLessThanOrEqual(endAt.getTime());
      follows += 1;
    }
    expect(follows).toBe(plan.graph.edges);
    const posts = [...postRows(plan)];
    expect(posts).toHaveLength(plan.totalPosts);
    expect(plan.totalPosts / 200).toBeGreaterThan(2);
    expect(plan.totalPosts / 200).toBeLessThan(4);
    for (const post of posts) {
      expect(post.createdAtMs).toBeGreaterThanOrEqual(plan.userCreatedAt[post.author] ?? 0);
      expect(post.text.length).toBeLessThanOrEqual(280);
    }
    expect(new Set(posts.map((post) => post.id)).size).toBe(posts.length);
  });

  it('writes followers in id order (index-friendly) covering every user once', () => {
    const plan = planSeed({ users: 50, seed: 1, prefix: 'o_', endAt });
    const ordered = [...plan.idOrder].map((i) => plan.userIds[i] ?? '');
    expect(ordered).toEqual([...plan.userIds].sort());
    const followers = [...followRows(plan)].map((row) => plan.userIds[row.follower] ?? '');
    expect(followers).toEqual([...followers].sort());
  });

  it('refuses prefixes that cannot make valid handles', () => {
    for (const prefix of ['', '1abc', 'has space', 'x'.repeat(21), 'semi;colon']) {
      expect(() => planSeed({ users: 10, seed: 1, prefix, endAt }), prefix).toThrow(SeedError);
    }
    // 20 + 11 digits > 30; checked before any generation work.
    expect(() => planSeed({ users: 20_000_000_000, seed: 1, prefix: 'a'.repeat(20), endAt })).toThrow(/too long/);
    expect(() => planSeed({ users: 20_000_000, seed: 1, prefix: 'a', endAt })).toThrow(/at most/);
  });
});

describe('copyField', () => {
  it('escapes COPY text format specials and writes null as \\N', () => {
    expect(copyField('a\tb\nc\\d\re')).toBe('a\\tb\\nc\\\\d\\re');
    expect(copyField(null)).toBe('\\N');
    expect(copyField(42)).toBe('42');
  });
});
