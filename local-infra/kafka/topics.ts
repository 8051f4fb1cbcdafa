/**
 * Kafka topics the project creates on the local broker (and the compose broker): the one
 * place topic names and partition counts live for local-infra.
 */
export interface TopicSpec {
  readonly topic: string;
  readonly numPartitions: number;
  readonly replicationFactor: number;
}

/** `post.created`: outbox relay -> timeline fan-out; keyed by author id, 3 partitions. */
export const KAFKA_TOPICS: readonly TopicSpec[] = [{ topic: 'post.created', numPartitions: 3, replicationFactor: 1 }];
