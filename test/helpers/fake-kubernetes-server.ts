import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeKubernetes } from '../../local/fake-kubernetes.ts';

/** The fake Kubernetes API server over real HTTP on 127.0.0.1. */
export async function startFakeKubernetesServer(): Promise<{
  url: string;
  cluster: FakeKubernetes;
  close(): Promise<void>;
}> {
  const cluster = new FakeKubernetes();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const answer = cluster.handle({
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: req.headers as Record<string, string | undefined>,
        body: text ? JSON.parse(text) : undefined,
      });
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(answer.body === undefined ? undefined : JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, cluster, close: () => new Promise((r) => server.close(() => r())) };
}
