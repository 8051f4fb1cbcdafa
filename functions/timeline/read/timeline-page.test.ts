import { describe, expect, it } from 'vitest';
import { timelineCursors } from '../cursors/timeline-cursor.ts';
import type { TimelineEntry } from '../model/timeline-entry.ts';
import { cutPage, entriesAfter, exactTop, mergeFeeds, pageSize } from './timeline-page.ts';

/** Post ids that sort like their number (uuid-shaped, lowercase hex). */
const id = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const e = (score: number, n: number): TimelineEntry => ({ score, postId: id(n) });

describe('mergeFeeds', () => {
  it('merges newest first, ties broken by the larger post id (Redis ZREVRANGE order)', () => {
    const own = [e(50, 1), e(30, 2), e(10, 3)];
    const celebrity = [e(40, 4), e(30, 9), e(5, 5)];
    expect(mergeFeeds([own, celebrity], 10)).toEqual([e(50, 1), e(40, 4), e(30, 9), e(30, 2), e(10, 3), e(5, 5)]);
  });

  it('keeps a post present in two feeds once', () => {
    const merged = mergeFeeds([[e(50, 1), e(40, 2)], [e(40, 2), e(30, 3)], [e(40, 2)]], 10);
    expect(merged.map((entry) => entry.postId)).toEqual([id(1), id(2), id(3)]);
  });

  it('stops at want and handles empty feeds', () => {
    expect(mergeFeeds([[e(3, 1), e(2, 2), e(1, 3)], []], 2)).toEqual([e(3, 1), e(2, 2)]);
    expect(mergeFeeds([[], []], 5)).toEqual([]);
    expect(mergeFeeds([[e(3, 1), e(3, 1), e(1, 2)]], 5)).toEqual([e(3, 1), e(1, 2)]);
  });
});

describe('page arithmetic', () => {
  it('bounds the page by the limit and by what remains of the cap', () => {
    expect(pageSize(20, undefined, 800)).toBe(20);
    expect(pageSize(20, { after: e(1, 1), served: 790 }, 800)).toBe(10);
    expect(pageSize(20, { after: e(1, 1), served: 800 }, 800)).toBe(0);
  });

  it('gives a next cursor only when a look-ahead entry exists', () => {
    const more = cutPage([e(5, 1), e(4, 2), e(3, 3)], 2, undefined, 800);
    expect(more.entries).toEqual([e(5, 1), e(4, 2)]);
    expect(timelineCursors.decode(more.nextCursor ?? '')).toEqual({ after: e(4, 2), served: 2 });
    const last = cutPage([e(5, 1), e(4, 2)], 2, undefined, 800);
    expect(last.nextCursor).toBeNull();
  });

  it('stops handing out cursors at the cap', () => {
    const page = cutPage([e(5, 1), e(4, 2), e(3, 3)], 2, { after: e(6, 9), served: 798 }, 800);
    expect(page.entries).toHaveLength(2);
    expect(page.nextCursor).toBeNull();
  });

  it('drops entries at or before a position, keeping later ties', () => {
    const entries = [e(7, 1), e(5, 9), e(5, 4), e(5, 2), e(3, 3)];
    expect(entriesAfter(entries, e(5, 4))).toEqual([e(5, 2), e(3, 3)]);
    expect(entriesAfter(entries, undefined)).toEqual(entries);
  });
});

describe('exactTop (microsecond rows re-ordered by millisecond and id)', () => {
  it('is exact when the query ran dry', () => {
    const rows = [e(5, 1), e(5, 2)];
    expect(exactTop(rows, 3, 10)).toEqual({ top: [e(5, 2), e(5, 1)], exact: true });
  });

  it('is exact when the last kept row is strictly newer than the last fetched one', () => {
    const rows = [e(9, 1), e(8, 2), e(7, 3), e(6, 4)];
    expect(exactTop(rows, 2, 4)).toEqual({ top: [e(9, 1), e(8, 2)], exact: true });
  });

  it('asks for more when the cut falls inside the millisecond of the last fetched row', () => {
    // Rows of millisecond 8 not fetched could have larger ids and belong before e(8, 2).
    const rows = [e(9, 1), e(8, 2), e(8, 3)];
    expect(exactTop(rows, 2, 3).exact).toBe(false);
  });
});
