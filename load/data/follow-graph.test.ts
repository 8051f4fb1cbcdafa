import { describe, expect, it } from 'vitest';
import { followeesOf, followerLists, generateFollowGraph } from './follow-graph.ts';
import { degreeStats } from './graph-stats.ts';
import { createPrng, hashSeed } from './prng.ts';
import { createZipfSampler } from './zipf-sampler.ts';

describe('prng', () => {
  it('is deterministic per seed and independent across seeds', () => {
    const draw = (seed: number) => Array.from({ length: 5 }, createPrng(seed).next);
    expect(draw(1)).toEqual(draw(1));
    expect(draw(1)).not.toEqual(draw(2));
    expect(hashSeed(1, 'a')).not.toBe(hashSeed(1, 'b'));
  });

  it('makes well-formed v4 UUIDs and uniform-looking floats', () => {
    const prng = createPrng(7);
    for (let i = 0; i < 100; i += 1) expect(prng.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const values = Array.from({ length: 20_000 }, prng.next);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(mean).toBeGreaterThan(0.49);
    expect(mean).toBeLessThan(0.51);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
  });
});

describe('zipf sampler', () => {
  it('draws rank 0 about twice as often as rank 1 for s = 1', () => {
    const sampler = createZipfSampler(100, 1);
    const prng = createPrng(3);
    const hits = new Array<number>(100).fill(0);
    for (let i = 0; i < 200_000; i += 1) {
      const rank = sampler.draw(prng);
      hits[rank] = (hits[rank] ?? 0) + 1;
    }
    const ratio = (hits[0] ?? 0) / (hits[1] ?? 1);
    expect(ratio).toBeGreaterThan(1.8);
    expect(ratio).toBeLessThan(2.2);
    expect(sampler.probability(0) / sampler.probability(9)).toBeCloseTo(10);
  });

  it('is uniform for s = 0', () => {
    const sampler = createZipfSampler(4, 0);
    expect([0, 1, 2, 3].map((rank) => sampler.probability(rank))).toEqual([0.25, 0.25, 0.25, 0.25]);
  });
});

describe('generateFollowGraph', () => {
  it('is deterministic for a seed, and differs across seeds', () => {
    const a = generateFollowGraph({ users: 200, seed: 1 });
    expect(generateFollowGraph({ users: 200, seed: 1 })).toEqual(a);
    expect(generateFollowGraph({ users: 200, seed: 2 }).followees).not.toEqual(a.followees);
  });

  it('never has self-follows or duplicate edges, and counts match the edges', () => {
    const graph = generateFollowGraph({ users: 300, seed: 5 });
    const counts = new Array<number>(graph.users).fill(0);
    for (let i = 0; i < graph.users; i += 1) {
      const followees = [...followeesOf(graph, i)];
      expect(followees).not.toContain(i);
      expect(new Set(followees).size).toBe(followees.length);
      expect(followees.length).toBeGreaterThanOrEqual(1);
      for (const j of followees) counts[j] = (counts[j] ?? 0) + 1;
    }
    expect([...graph.followerCounts]).toEqual(counts);
    expect(followerLists(graph).map((list) => list.length)).toEqual(counts);
  });

  it('has mean ~75 followers and a heavy tail at 10k users', () => {
    const graph = generateFollowGraph({ users: 10_000, seed: 42 });
    const stats = degreeStats(graph.followerCounts);
    expect(stats.mean).toBeGreaterThan(70);
    expect(stats.mean).toBeLessThan(80);
    // Heavy tail: the median user is far below the mean, the top users are followed by most.
    expect(stats.median).toBeLessThan(stats.mean / 2);
    expect(stats.max).toBeGreaterThan(0.9 * 9_999);
    expect(stats.top1PercentShare).toBeGreaterThan(0.2);
    // Rank = index: the first users are the celebrities.
    expect(graph.followerCounts[0]).toBe(stats.max);
    expect(graph.followerCounts[0] ?? 0).toBeGreaterThan((graph.followerCounts[100] ?? 0) * 5);
  });

  it('is uniform-ish with exponent 0 (no celebrities), for contrast', () => {
    const stats = degreeStats(generateFollowGraph({ users: 10_000, seed: 42, zipfExponent: 0 }).followerCounts);
    expect(stats.max).toBeLessThan(stats.mean * 2);
    expect(stats.top1PercentShare).toBeLessThan(0.02);
  });

  it('caps the mean on small graphs and handles a user who follows everyone', () => {
    const small = generateFollowGraph({ users: 50, seed: 1 });
    expect(small.edges / 50).toBeGreaterThan(6);
    expect(small.edges / 50).toBeLessThan(18);
    const dense = generateFollowGraph({ users: 20, seed: 1, meanFollowees: 19, followeeSpread: 0 });
    expect(dense.edges).toBe(20 * 19);
  });

  it('rejects impossible options', () => {
    expect(() => generateFollowGraph({ users: 1, seed: 1 })).toThrow(RangeError);
    expect(() => generateFollowGraph({ users: 10, seed: 1, meanFollowees: 10 })).toThrow(RangeError);
  });
});
