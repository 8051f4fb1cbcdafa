import { z } from '@hono/zod-openapi';
import { NUL_FREE_MESSAGE, NUL_FREE_PATTERN } from '#shared/app/text-constraints.ts';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '#shared/auth/password-hash.ts';

/** Handles: 3-30 letters, digits or underscores; unique regardless of case. */
export const HandleSchema = z
  .string()
  .regex(/^[A-Za-z0-9_]{3,30}$/, 'Use 3 to 30 letters, digits or underscores')
  .openapi({ example: 'ada_lovelace' });

/** A password as sent: any characters, 8 to 128 of them (stored only as a hash, ADR 0025). */
export const PasswordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters`)
  .openapi({ format: 'password', example: 'correct horse battery staple' });

/** Body of `POST /users`. Strict: unknown fields are rejected, not silently dropped. */
export const CreateUserBodySchema = z
  .strictObject({
    handle: HandleSchema,
    password: PasswordSchema,
    displayName: z.string().regex(NUL_FREE_PATTERN, NUL_FREE_MESSAGE).trim().min(1).max(80).openapi({ example: 'Ada Lovelace' }),
    bio: z.string().max(280).regex(NUL_FREE_PATTERN, NUL_FREE_MESSAGE).optional().openapi({ example: 'Analyst of engines' }),
  })
  .openapi('CreateUser');

export type CreateUserBody = z.infer<typeof CreateUserBodySchema>;

/** Path parameters of `GET /users/{id}`. */
export const UserIdParamsSchema = z.object({
  id: z.uuid().openapi({ param: { name: 'id', in: 'path' }, example: '0b9f4a52-64f1-4c43-9d5b-5b1f1c0e2a11' }),
});

/** A user as the API returns it. */
export const UserSchema = z
  .object({
    id: z.uuid(),
    handle: z.string(),
    displayName: z.string(),
    bio: z.string(),
    createdAt: z.iso.datetime(),
    /** Kept in the same transaction as every follow / unfollow. */
    followerCount: z.number().int().nonnegative(),
    followeeCount: z.number().int().nonnegative(),
  })
  .openapi('User');

export type User = z.infer<typeof UserSchema>;

/** Body of `POST /sessions`. Only the length bounds of a password are checked here. */
export const LoginBodySchema = z
  .strictObject({
    handle: HandleSchema,
    password: z.string().min(1).max(PASSWORD_MAX_LENGTH).openapi({ format: 'password', example: 'correct horse battery staple' }),
  })
  .openapi('Login');

export type LoginBody = z.infer<typeof LoginBodySchema>;

/** Reply of `POST /users` and `POST /sessions`: the user and an access token to act as them. */
export const SignUpResponseSchema = z
  .object({
    user: UserSchema,
    token: z.string().openapi({ description: 'HS256 JWT; send it as `Authorization: Bearer <token>`' }),
    expiresAt: z.iso.datetime(),
  })
  .openapi('SignUp');
