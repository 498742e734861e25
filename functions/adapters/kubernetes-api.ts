import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { KubeAnswer, KubeReader, KubeRequest } from '../core/actions/requests.ts';

/** Where a cluster's API is and how to prove who is asking. */
export interface ClusterAccess {
  /** `https://<id>.gr7.<region>.eks.amazonaws.com` (DescribeCluster's `endpoint`). */
  readonly endpoint: string;
  /** The cluster's CA bundle, base64 PEM (DescribeCluster's `certificateAuthority.data`). */
  readonly caData?: string;
  token(): Promise<string>;
}

/** Answers larger than this are cut off: a pod list of a huge node is still far below. */
const MAX_ANSWER_BYTES = 8 * 1024 * 1024;

/**
 * A cluster's Kubernetes API over HTTPS with its own CA and an EKS bearer token. Small on purpose:
 * it sends exactly the requests an action planned (the dry run shows the same), nothing else.
 */
export class KubernetesApi implements KubeReader {
  public constructor(
    private readonly access: ClusterAccess,
    private readonly timeoutMs = 15_000,
  ) {}

  public get(path: string): Promise<KubeAnswer> {
    return this.send({ api: 'kubernetes', method: 'GET', path });
  }

  public async send(req: KubeRequest): Promise<KubeAnswer> {
    const url = new URL(req.path, this.access.endpoint);
    const payload = req.body === undefined ? undefined : JSON.stringify(req.body);
    const headers: Record<string, string> = {
      accept: 'application/json',
      authorization: `Bearer ${await this.access.token()}`,
      ...(payload
        ? {
            'content-type': req.contentType ?? 'application/json',
            'content-length': String(Buffer.byteLength(payload)),
          }
        : {}),
    };
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<KubeAnswer>((resolve, reject) => {
      const outgoing = send(
        url,
        {
          method: req.method,
          headers,
          timeout: this.timeoutMs,
          ...(this.access.caData ? { ca: Buffer.from(this.access.caData, 'base64') } : {}),
        },
        (incoming) => {
          const chunks: Buffer[] = [];
          let size = 0;
          incoming.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_ANSWER_BYTES) {
              incoming.destroy(new Error(`${req.method} ${req.path}: answer over ${MAX_ANSWER_BYTES} bytes`));
              return;
            }
            chunks.push(chunk);
          });
          incoming.on('error', reject);
          incoming.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let body: unknown = text;
            try {
              body = text ? JSON.parse(text) : undefined;
            } catch {
              // A proxy's HTML error page: kept as text for the audit.
            }
            resolve({ status: incoming.statusCode ?? 0, body });
          });
        },
      );
      outgoing.on('timeout', () =>
        outgoing.destroy(new Error(`${req.method} ${req.path}: no answer in ${this.timeoutMs} ms`)),
      );
      outgoing.on('error', reject);
      outgoing.end(payload);
    });
  }
}
