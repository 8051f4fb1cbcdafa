import { describe, expect, it } from 'vitest';
import { packByWeight } from './pack-by-weight.ts';

describe('packByWeight', () => {
  it('fills groups in order up to the weight budget', () => {
    expect(packByWeight([3, 4, 2, 5, 1], (n) => n, 7)).toEqual([[3, 4], [2, 5], [1]]);
  });

  it('gives an item heavier than the budget a group of its own', () => {
    expect(packByWeight([2, 9, 2], (n) => n, 5)).toEqual([[2], [9], [2]]);
  });

  it('also caps the number of items per group', () => {
    expect(packByWeight([1, 1, 1, 1, 1], (n) => n, 100, 2)).toEqual([[1, 1], [1, 1], [1]]);
    expect(packByWeight([], (n: number) => n, 5)).toEqual([]);
  });
});
