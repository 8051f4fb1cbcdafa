import type { ServerResponse } from 'node:http';
import { PROBLEM_CONTENT_TYPE, problemType } from '#shared/app/problem.ts';

/** A problem the gateway itself answers (no function was reached). */
export interface GatewayProblem {
  readonly code: string;
  readonly title: string;
  readonly detail: string;
  readonly instance: string;
}

/** Writes an RFC 9457 problem+json answer, in the same vocabulary as the functions' problems. */
export function sendProblem(
  res: ServerResponse,
  status: number,
  problem: GatewayProblem,
  headers: Readonly<Record<string, string>> = {},
): void {
  const body = JSON.stringify({
    type: problemType(problem.code.toLowerCase().replaceAll('_', '-')),
    title: problem.title,
    status,
    detail: problem.detail,
    instance: problem.instance,
    code: problem.code,
  });
  res.writeHead(status, { 'content-type': PROBLEM_CONTENT_TYPE, 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

/** Writes a JSON answer (the gateway's index and health routes). */
export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
  res.end(body);
}
