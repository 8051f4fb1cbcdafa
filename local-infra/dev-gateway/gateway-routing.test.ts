import { describe, expect, it } from 'vitest';
import { resolveGatewayRoute } from './gateway-routing.ts';

const targets = [
  { name: 'users', routePrefixes: ['/users'] },
  { name: 'timeline', routePrefixes: ['/timelines'] },
];

describe('resolveGatewayRoute', () => {
  it('routes a function prefix and its sub-paths unchanged', () => {
    expect(resolveGatewayRoute(targets, '/users')).toMatchObject({ kind: 'function', target: { name: 'users' }, path: '/users' });
    expect(resolveGatewayRoute(targets, '/users/42')).toMatchObject({ kind: 'function', path: '/users/42' });
    expect(resolveGatewayRoute(targets, '/timelines/7')).toMatchObject({ target: { name: 'timeline' } });
  });

  it('rewrites /<fn>/health* to that function health routes, before prefix matching', () => {
    expect(resolveGatewayRoute(targets, '/users/health')).toMatchObject({ target: { name: 'users' }, path: '/health' });
    expect(resolveGatewayRoute(targets, '/users/health/deep')).toMatchObject({ path: '/health/deep' });
    expect(resolveGatewayRoute(targets, '/timeline/health/ready')).toMatchObject({ target: { name: 'timeline' }, path: '/health/ready' });
  });

  it('rewrites /<fn>/__events/<topic> to that function event push endpoint', () => {
    expect(resolveGatewayRoute(targets, '/timeline/__events/post.created')).toMatchObject({
      target: { name: 'timeline' },
      path: '/__events/post.created',
    });
    expect(resolveGatewayRoute(targets, '/users/__events')).toMatchObject({ target: { name: 'users' }, path: '/users/__events' });
  });

  it('does not match look-alike prefixes', () => {
    expect(resolveGatewayRoute(targets, '/usersx').kind).toBe('none');
    expect(resolveGatewayRoute(targets, '/users/healthy')).toMatchObject({ path: '/users/healthy' });
  });

  it('serves the index at / and nothing elsewhere', () => {
    expect(resolveGatewayRoute(targets, '/').kind).toBe('index');
    expect(resolveGatewayRoute(targets, '/metrics').kind).toBe('none');
  });
});
