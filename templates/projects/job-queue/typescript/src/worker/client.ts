/** The worker's side of the HTTP API: lease, heartbeat, ack and nack. */

/** The API answered 409: the lease expired or the job went to another worker. */
export class LeaseLostError extends Error {
  override name = "LeaseLostError";
}

/** Any other failure to talk to the API: refused connection, timeout, an unexpected status. */
export class ApiError extends Error {
  override name = "ApiError";
}

/** A leased job: what its handler needs, and the token that proves the lease. */
export interface Lease {
  jobId: string;
  type: string;
  payload: Record<string, unknown>;
  attempts: number;
  token: string;
}

/** What the worker needs of the API; tests give the worker a fake. */
export interface QueueApi {
  lease(queue: string, workerId: string, leaseSeconds: number, max: number): Promise<Lease[]>;
  heartbeat(lease: Lease, leaseSeconds: number): Promise<void>;
  ack(lease: Lease, result: unknown): Promise<void>;
  nack(lease: Lease, error: string): Promise<void>;
}

interface LeasedJobBody {
  id: string;
  type: string;
  payload: Record<string, unknown>;
  attempts: number;
  leaseToken: string;
}

export class QueueClient implements QueueApi {
  private readonly baseUrl: string;

  constructor(
    apiUrl: string,
    private readonly timeoutMs = 10_000,
  ) {
    this.baseUrl = apiUrl.replace(/\/+$/, "");
  }

  async lease(queue: string, workerId: string, leaseSeconds: number, max: number) {
    const body = { workerId, leaseSeconds, max };
    const { jobs } = (await this.post(`/queues/${encodeURIComponent(queue)}/leases`, body)) as {
      jobs: LeasedJobBody[];
    };
    return jobs.map((job) => ({
      jobId: job.id,
      type: job.type,
      payload: job.payload,
      attempts: job.attempts,
      token: job.leaseToken,
    }));
  }

  async heartbeat(lease: Lease, leaseSeconds: number): Promise<void> {
    await this.post(`/jobs/${lease.jobId}/heartbeat`, { leaseToken: lease.token, leaseSeconds });
  }

  async ack(lease: Lease, result: unknown): Promise<void> {
    await this.post(`/jobs/${lease.jobId}/ack`, { leaseToken: lease.token, result });
  }

  async nack(lease: Lease, error: string): Promise<void> {
    await this.post(`/jobs/${lease.jobId}/nack`, { leaseToken: lease.token, error });
  }

  private async post(path: string, body: object): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const cause = (error as Error).cause as Error | undefined;
      throw new ApiError(`POST ${path}: ${cause?.message ?? (error as Error).message}`);
    }
    const text = await response.text();
    if (response.status === 409) {
      throw new LeaseLostError(detail(text) ?? "the lease is no longer valid");
    }
    if (!response.ok) {
      throw new ApiError(`POST ${path}: ${response.status} ${detail(text) ?? response.statusText}`);
    }
    return JSON.parse(text);
  }
}

/** The `detail` of a problem response, if the body is one. */
function detail(text: string): string | undefined {
  try {
    const problem = JSON.parse(text) as { detail?: unknown };
    return typeof problem.detail === "string" ? problem.detail : undefined;
  } catch {
    return undefined;
  }
}
