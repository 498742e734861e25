import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServiceRequest } from '../../local/fake-services.ts';
import { FakeServices } from '../../local/fake-services.ts';

/** The fake GitHub (`/github`), Jira (`/jira`) and webhooks (`/hooks`) over real HTTP on 127.0.0.1. */
export async function startFakeServiceServer(): Promise<{
  url: string;
  services: FakeServices;
  close(): Promise<void>;
}> {
  const services = new FakeServices();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const [, root = '', ...rest] = (req.url ?? '/').split('/');
      const service = ({ github: 'github', jira: 'jira', hooks: 'webhook' } as const)[root];
      const text = Buffer.concat(chunks).toString('utf8');
      const answer = service
        ? services.handle({
            service,
            method: req.method ?? 'GET',
            path: `/${rest.join('/')}`,
            headers: req.headers as ServiceRequest['headers'],
            body: text ? JSON.parse(text) : undefined,
          })
        : { status: 404 };
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(answer.body === undefined ? undefined : JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    services,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
