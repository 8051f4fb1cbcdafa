import { describe, expect, it } from 'vitest';
import { usersRoutes } from './users.routes.ts';

// The docs function builds the API reference from this document: auth must show in it.
const doc = usersRoutes().getOpenAPI31Document({ openapi: '3.1.0', info: { title: 'users', version: '1' } });

describe('users OpenAPI document', () => {
  it('declares the bearer JWT scheme and requires it on follow / unfollow only', () => {
    expect(doc.components?.securitySchemes?.['bearerAuth']).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    const follow = doc.paths?.['/users/{id}/following/{targetId}'];
    for (const operation of [follow?.put, follow?.delete]) {
      expect(operation?.security).toEqual([{ bearerAuth: [] }]);
      expect(Object.keys(operation?.responses ?? {})).toEqual(expect.arrayContaining(['401', '403', '404']));
    }
    for (const path of ['/users', '/users/{id}', '/users/{id}/followers', '/users/{id}/following']) {
      const item = doc.paths?.[path];
      expect(item, path).toBeDefined();
      expect((item?.get ?? item?.post)?.security, path).toBeUndefined();
    }
  });

  it('documents sign up as returning the user and a token', () => {
    const created = doc.paths?.['/users']?.post?.responses?.['201'] as { content: Record<string, { schema: { $ref: string } }> };
    expect(created.content['application/json']?.schema.$ref).toBe('#/components/schemas/SignUp');
    const signUp = doc.components?.schemas?.['SignUp'] as { required: string[] };
    expect(signUp.required.sort()).toEqual(['expiresAt', 'token', 'user']);
  });
});
