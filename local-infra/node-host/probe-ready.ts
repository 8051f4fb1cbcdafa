/** Asks a function's `/health/ready` and summarises it for the URL table (`yes`, `NO (503)`...). */
export async function probeReady(url: string, timeoutMs = 3000): Promise<string> {
  try {
    const response = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    return response.ok ? 'yes' : `NO (${response.status})`;
  } catch (error) {
    return `NO (${error instanceof Error ? error.name : 'error'})`;
  }
}
