/** One consumer group's position on a topic. */
export interface GroupLag {
  readonly groupId: string;
  readonly state: string;
  readonly members: number;
  /** `committed` is -1 when the group has committed nothing for the partition yet. */
  readonly partitions: readonly { readonly partition: number; readonly committed: number; readonly end: number }[];
}

/** What {@link formatLagReport} prints. */
export interface LagReport {
  readonly topic: string;
  readonly backlog: { readonly rows: number; readonly oldestAgeSeconds: number } | { readonly error: string };
  readonly groups: readonly GroupLag[];
}

/** Lag of a partition: records past the committed offset (all of them when nothing is committed). */
export function partitionLag(partition: GroupLag['partitions'][number]): number {
  return Math.max(0, partition.end - Math.max(0, partition.committed));
}

/** Plain-text report: the outbox backlog first (events not yet in Kafka), then each group. */
export function formatLagReport(report: LagReport): string {
  const lines: string[] = [];
  lines.push(
    'error' in report.backlog
      ? `outbox: cannot read (${report.backlog.error})`
      : `outbox: ${report.backlog.rows} unpublished row(s), oldest ${report.backlog.oldestAgeSeconds.toFixed(1)} s old`,
  );
  if (report.groups.length === 0) lines.push(`no consumer group has offsets on ${report.topic}`);
  for (const group of report.groups) {
    const total = group.partitions.reduce((sum, p) => sum + partitionLag(p), 0);
    lines.push(`group ${group.groupId} (${group.state}, ${group.members} member(s)) on ${report.topic}: lag ${total}`);
    for (const p of [...group.partitions].sort((a, b) => a.partition - b.partition)) {
      lines.push(`  partition ${p.partition}: committed ${p.committed < 0 ? '-' : p.committed}, end ${p.end}, lag ${partitionLag(p)}`);
    }
  }
  return lines.join('\n');
}
