/** Why a service could not be installed or started. */
export type InfraErrorCode =
  'PORT_TAKEN' | 'EXITED' | 'HEALTH_TIMEOUT' | 'INSTALL_FAILED' | 'PREPARE_FAILED' | 'LOCKED' | 'UNKNOWN_SERVICE' | 'COMMAND_FAILED';

/**
 * A local-infra failure. The message always names the service and (when relevant) the port,
 * and ends with the last lines of the service log so the cause is visible without digging.
 */
export class InfraError extends Error {
  readonly code: InfraErrorCode;
  readonly service: string;
  readonly port: number | undefined;

  constructor(options: { code: InfraErrorCode; service: string; port?: number; message: string; logTail?: string; cause?: unknown }) {
    const tail = options.logTail?.trim() ? `\n--- last log lines ---\n${options.logTail.trimEnd()}\n---` : '';
    super(`${options.message}${tail}`, { cause: options.cause });
    this.name = 'InfraError';
    this.code = options.code;
    this.service = options.service;
    this.port = options.port;
  }
}
