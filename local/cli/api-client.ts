import { Sha256 } from '@aws-crypto/sha256-js';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { SignatureV4 } from '@smithy/signature-v4';

/** An error answer of the API, with its status and message. */
export class ApiError extends Error {
  public constructor(
    public readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const EXECUTE_API = /^https:\/\/[a-z0-9]+\.execute-api\.([a-z0-9-]+)\.amazonaws\.com/;

/**
 * A client of the incident API: the local server (optionally with a bearer token), or a deployed
 * API, whose requests are signed with SigV4 using the standard AWS credential chain.
 */
export class ApiClient {
  private readonly signer?: SignatureV4;

  public constructor(
    private readonly baseUrl: string,
    private readonly token?: string,
    region?: string,
  ) {
    const deployedRegion = region ?? EXECUTE_API.exec(baseUrl)?.[1];
    if (deployedRegion || baseUrl.startsWith('https://')) {
      this.signer = new SignatureV4({
        service: 'execute-api',
        region: deployedRegion ?? process.env.AWS_REGION ?? 'us-east-1',
        credentials: defaultProvider(),
        sha256: Sha256,
      });
    }
  }

  public async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const url = new URL(`${this.baseUrl.replace(/\/$/, '')}${path}`);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    let headers: Record<string, string> = {
      accept: 'application/json',
      host: url.host,
      ...(payload ? { 'content-type': 'application/json' } : {}),
    };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (this.signer) {
      const signed = await this.signer.sign({
        method,
        protocol: url.protocol,
        hostname: url.hostname,
        port: url.port ? Number(url.port) : undefined,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers,
        body: payload,
      });
      headers = signed.headers as Record<string, string>;
    }
    const response = await fetch(url, { method, headers, body: payload });
    const text = await response.text();
    if (!response.ok) {
      let message = text;
      try {
        message = (JSON.parse(text) as { message?: string }).message ?? text;
      } catch {
        // not JSON
      }
      throw new ApiError(response.status, message);
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }
}
