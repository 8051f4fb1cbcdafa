import { describe, expect, it } from 'vitest';
import { formatLagReport, partitionLag } from './lag-report.ts';

describe('lag report', () => {
  it('counts lag from the committed offset, or from the start when nothing is committed', () => {
    expect(partitionLag({ partition: 0, committed: 40, end: 42 })).toBe(2);
    expect(partitionLag({ partition: 1, committed: -1, end: 7 })).toBe(7);
    expect(partitionLag({ partition: 2, committed: 9, end: 9 })).toBe(0);
  });

  it('prints the outbox backlog, then every group with its partitions in order', () => {
    const text = formatLagReport({
      topic: 'post.created',
      backlog: { rows: 3, oldestAgeSeconds: 12.34 },
      groups: [
        {
          groupId: 'timeline.post.created',
          state: 'Stable',
          members: 2,
          partitions: [
            { partition: 1, committed: -1, end: 4 },
            { partition: 0, committed: 10, end: 15 },
          ],
        },
      ],
    });
    expect(text.split('\n')).toEqual([
      'outbox: 3 unpublished row(s), oldest 12.3 s old',
      'group timeline.post.created (Stable, 2 member(s)) on post.created: lag 9',
      '  partition 0: committed 10, end 15, lag 5',
      '  partition 1: committed -, end 4, lag 4',
    ]);
  });

  it('says so when the outbox cannot be read or no group consumes the topic', () => {
    expect(formatLagReport({ topic: 't', backlog: { error: 'ECONNREFUSED' }, groups: [] })).toBe(
      'outbox: cannot read (ECONNREFUSED)\nno consumer group has offsets on t',
    );
  });
});
