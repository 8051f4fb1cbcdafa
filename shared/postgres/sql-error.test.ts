import { describe, expect, it } from 'vitest';
import { isConstraintViolation, SqlError } from './sql-error.ts';

describe('isConstraintViolation', () => {
  const duplicate = new SqlError('constraint', 'duplicate key', {
    sqlState: '23505',
    constraint: 'users_handle_key',
    constraintKind: 'unique',
  });

  it('matches the kind, and the constraint name when one is given', () => {
    expect(isConstraintViolation(duplicate, 'unique')).toBe(true);
    expect(isConstraintViolation(duplicate, 'unique', 'users_handle_key')).toBe(true);
    expect(isConstraintViolation(duplicate, 'unique', 'posts_pkey')).toBe(false);
    expect(isConstraintViolation(duplicate, 'foreign_key')).toBe(false);
  });

  it('is false for other errors', () => {
    expect(isConstraintViolation(new SqlError('unavailable', 'down'), 'unique')).toBe(false);
    expect(isConstraintViolation(new Error('duplicate key'), 'unique')).toBe(false);
  });
});
