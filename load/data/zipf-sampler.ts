import type { Prng } from './prng.ts';

/**
 * Draws ranks 0..n-1 with probability proportional to 1 / (rank + 1)^s (Zipf's law; s = 1 is
 * the classic "the 2nd is followed half as much as the 1st"). Cumulative table + binary
 * search: O(n) memory once, O(log n) per draw.
 */
export interface ZipfSampler {
  readonly size: number;
  /** Probability of `rank` (before any sampling without replacement). */
  probability(rank: number): number;
  draw(prng: Prng): number;
}

/** Builds a sampler over `n` ranks with exponent `s` (>= 0; 0 is uniform). */
export function createZipfSampler(n: number, s: number): ZipfSampler {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`zipf: n must be a positive integer, got ${n}`);
  if (!(s >= 0)) throw new RangeError(`zipf: exponent must be >= 0, got ${s}`);
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let rank = 0; rank < n; rank += 1) {
    total += 1 / Math.pow(rank + 1, s);
    cumulative[rank] = total;
  }
  return {
    size: n,
    probability: (rank) => 1 / Math.pow(rank + 1, s) / total,
    draw(prng) {
      const target = prng.next() * total;
      let lo = 0;
      let hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((cumulative[mid] ?? 0) <= target) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    },
  };
}
