/**
 * `GET /health`: what a Route 53 health check asks of one region. The region is healthy when it can do
 * a sign-in's two risky steps: a strongly consistent read of the used-token table (in a three-region
 * deployment that needs the multi-Region strong consistency quorum, which an isolated region has lost)
 * and signing with the active assertion key (the key ring read and the private key unwrapped in memory).
 */

/** One thing a sign-in needs; `check` throws when it cannot be done now. */
export interface HealthCheck {
  readonly name: string;
  check(): Promise<void>;
}

export interface HealthReport {
  readonly healthy: boolean;
  /** The names of the checks that failed, with their errors (for the log, not the answer). */
  readonly failures: readonly { readonly name: string; readonly error: unknown }[];
}

/** Runs every check at once; each check bounds its own calls (the SDK clients' timeouts). */
export async function runHealthChecks(checks: readonly HealthCheck[]): Promise<HealthReport> {
  const results = await Promise.allSettled(checks.map((health) => health.check()));
  const failures = checks.flatMap((health, index) => {
    const result = results[index];
    return result?.status === 'rejected' ? [{ name: health.name, error: result.reason as unknown }] : [];
  });
  return { healthy: failures.length === 0, failures };
}
