import { describe, expect, it } from 'vitest';
import { classifyFailure, countsAgainstBreaker } from '../../reliability/failure-classification.ts';
import type { FailureKind } from '../../reliability/failure-kind.ts';
import { expectFailureKind } from '../../reliability/testing/expect-failure-kind.ts';
import { ObjectStoreError } from '../object-store.port.ts';
import { toObjectStoreError } from './s3-calls.ts';

const live = new AbortController().signal;
const map = (error: unknown, signal = live): ObjectStoreError => toObjectStoreError(error, signal, 'atlas-media');
/** An SDK error as `@aws-sdk/client-s3` throws it for a store's answer. */
const answered = (status: number, name = 'Error'): Error => Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });
const refused = (): Error => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9000'), { code: 'ECONNREFUSED' });

// How the S3 dependency policy judges the SDK's errors once mapped: a client's broken upload
// body or a request the store refused must never open the breaker that protects every other
// upload; a store that does not answer must; a missing bucket or refused credentials fail fast.
describe('AWS SDK errors under the S3 policy', () => {
  it.each<[string, () => ObjectStoreError, FailureKind]>([
    ['connection refused', () => map(refused()), 'transient'],
    ['HTTP 503', () => map(answered(503, 'ServiceUnavailable')), 'transient'],
    ['HTTP 400 (our request)', () => map(answered(400, 'InvalidArgument')), 'caller'],
    ['deadline', () => map(new Error('aborted'), AbortSignal.abort(new DOMException('deadline', 'TimeoutError'))), 'transient'],
    ['caller cancelled', () => map(new Error('aborted'), AbortSignal.abort()), 'local'],
    ['bucket missing (404)', () => map(answered(404, 'NotFound')), 'dependency'],
    ['credentials refused (403)', () => map(answered(403, 'AccessDenied')), 'dependency'],
  ])('%s -> %s', (_name, mapped, kind) => expectFailureKind(mapped(), kind));

  it("treats a failed upload body as the caller's fault", () => {
    const error = new ObjectStoreError('invalid_body', 'the upload body stream failed', {
      cause: new Error('body ended after 10 of 20 declared bytes'),
    });
    expect(classifyFailure(error)).toBe('caller');
    expect(countsAgainstBreaker(classifyFailure(error))).toBe(false);
  });

  it('counts a store that refuses connections against the breaker', () => {
    expect(countsAgainstBreaker(classifyFailure(map(refused())))).toBe(true);
  });
});
