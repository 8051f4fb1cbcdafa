import { localSetting } from '#shared/config/local-defaults.ts';
import { defineRedisPortContract } from '../redis-port.contract.ts';
import { findClosedPort, startSilentServer } from '../testing/silent-server.node.ts';
import { createIoredisRedis } from './ioredis.adapter.ts';

const redisUrl = process.env.REDIS_URL ?? `redis://127.0.0.1:${localSetting('REDIS_PORT', process.env)}`;

defineRedisPortContract('ioredis', {
  connect: () => createIoredisRedis({ url: redisUrl }),
  connectUnreachable: async () => createIoredisRedis({ url: `redis://127.0.0.1:${await findClosedPort()}` }),
  connectUnresponsive: async () => {
    const server = await startSilentServer();
    return { redis: createIoredisRedis({ url: `redis://127.0.0.1:${server.port}` }), close: server.close };
  },
});
