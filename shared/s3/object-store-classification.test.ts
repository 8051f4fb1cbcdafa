import { describe, expect, it } from 'vitest';
import { classifyS3Error } from '../reliability/dependency-defaults.ts';
import { classifyFailure, countsAgainstBreaker } from '../reliability/failure-classification.ts';
import { ObjectStoreError } from './object-store.port.ts';

// How the S3 dependency policy judges the port's errors: a client's broken upload body must
// never open the breaker that protects every other upload; a store that does not answer must.
describe('object store errors under the S3 dependency policy', () => {
  const kind = (error: unknown) => classifyFailure(error, classifyS3Error);

  it("treats a failed upload body as the caller's fault", () => {
    const error = new ObjectStoreError('invalid_body', 'the upload body stream failed', {
      cause: new Error('body ended after 10 of 20 declared bytes'),
    });
    expect(kind(error)).toBe('caller');
    expect(countsAgainstBreaker(kind(error))).toBe(false);
  });

  it('counts a store that refuses connections against the breaker', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9000'), { code: 'ECONNREFUSED' });
    expect(countsAgainstBreaker(kind(new ObjectStoreError('unavailable', 'S3 unavailable (Error)', { cause: refused })))).toBe(true);
  });
});
