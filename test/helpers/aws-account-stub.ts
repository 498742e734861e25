import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the stub account holds: each field is what the matching service answers. */
export interface StubAccount {
  account: string;
  bootstrapVersion?: Record<string, number>;
  concurrency: { limit: number; unreserved: number };
  trails: Array<{ name: string; multiRegion: boolean; homeRegion: string; logging: boolean; management: boolean }>;
  clusters: Record<string, { logging: string[] }>;
  sms: { sandbox: boolean; verified: string[]; spendLimit: number };
  organization?: { id: string; delegatedAdministrators: string[]; parents: Record<string, string> };
  slackWorkspaces: string[];
  teams: string[];
  secrets: string[];
  /** Services that answer AccessDenied (by their SigV4 service name). */
  denied?: string[];
}

/** A ready account: bootstrapped, room for reservations, a trail, logging on, out of the sandbox. */
export const readyAccount = (): StubAccount => ({
  account: '111122223333',
  bootstrapVersion: { 'eu-west-1': 28, 'us-east-1': 28 },
  concurrency: { limit: 1000, unreserved: 1000 },
  trails: [{ name: 'management', multiRegion: true, homeRegion: 'us-east-1', logging: true, management: true }],
  clusters: { 'prod-eu-1': { logging: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'] } },
  sms: { sandbox: false, verified: [], spendLimit: 100 },
  slackWorkspaces: [],
  teams: [],
  secrets: [],
});

/** One request the stub answered: the service, the operation, and its parameters. */
export interface StubRequest {
  readonly service: string;
  readonly operation: string;
  readonly params: Record<string, unknown>;
}

/**
 * A local stand-in for the AWS APIs `watchkeeper preflight` reads, answering in each service's
 * documented protocol and shapes: query/XML (STS, SNS), JSON 1.1 (SSM, CloudTrail, Organizations,
 * Secrets Manager) and REST-JSON (Lambda, EKS, Amazon Q Developer in chat applications). It records
 * every request, read from what the SDK sent (the SigV4 credential scope names the service).
 */
export async function startAccountStub(account: StubAccount): Promise<{
  endpoint: string;
  requests: StubRequest[];
  close: () => Promise<void>;
}> {
  const requests: StubRequest[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      const service = /Credential=[^/]+\/\d+\/([^/]+)\/([^/]+)\//.exec(req.headers.authorization ?? '')?.[2] ?? '';
      const region = /Credential=[^/]+\/\d+\/([^/]+)\//.exec(req.headers.authorization ?? '')?.[1] ?? '';
      const target = String(req.headers['x-amz-target'] ?? '');
      const query = new URLSearchParams(body);
      const operation = target ? target.split('.').pop()! : (query.get('Action') ?? `${req.method} ${req.url}`);
      const params =
        target || req.headers['content-type']?.includes('json') ? JSON.parse(body || '{}') : Object.fromEntries(query);
      requests.push({ service, operation, params });
      const json = (status: number, value: unknown, type?: string) => {
        res.writeHead(status, {
          'content-type': target ? 'application/x-amz-json-1.1' : 'application/json',
          ...(type ? { 'x-amzn-errortype': type } : {}),
        });
        res.end(JSON.stringify(type ? { __type: type, message: String(value) } : value));
      };
      const xml = (action: string, result: string, status = 200) => {
        res.writeHead(status, { 'content-type': 'text/xml' });
        res.end(
          `<${action}Response xmlns="https://${service}.amazonaws.com/doc/"><${action}Result>${result}</${action}Result><ResponseMetadata><RequestId>stub</RequestId></ResponseMetadata></${action}Response>`,
        );
      };
      if (account.denied?.includes(service)) {
        // The query services (STS, SNS) answer in XML, the others in JSON.
        if (!['sts', 'sns'].includes(service)) return json(403, 'not allowed', 'AccessDeniedException');
        res.writeHead(403, { 'content-type': 'text/xml' });
        return res.end(
          '<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not allowed</Message></Error><RequestId>stub</RequestId></ErrorResponse>',
        );
      }
      switch (operation) {
        case 'GetCallerIdentity':
          return xml(
            operation,
            `<Arn>arn:aws:iam::${account.account}:user/ana</Arn><UserId>AIDASTUB</UserId><Account>${account.account}</Account>`,
          );
        case 'GetParameter': {
          const version = account.bootstrapVersion?.[region];
          return version === undefined
            ? json(400, `Parameter ${params.Name} not found`, 'ParameterNotFound')
            : json(200, { Parameter: { Name: params.Name, Type: 'String', Value: String(version), Version: 1 } });
        }
        case 'DescribeTrails':
          return json(200, {
            trailList: account.trails.map((t) => ({
              Name: t.name,
              TrailARN: `arn:aws:cloudtrail:${t.homeRegion}:${account.account}:trail/${t.name}`,
              IsMultiRegionTrail: t.multiRegion,
              HomeRegion: t.homeRegion,
            })),
          });
        case 'GetTrailStatus':
          return json(200, {
            IsLogging: account.trails.find((t) => String(params.Name).endsWith(`/${t.name}`))?.logging,
          });
        case 'GetEventSelectors': {
          const trail = account.trails.find((t) => String(params.TrailName).endsWith(`/${t.name}`));
          return json(200, {
            TrailARN: params.TrailName,
            EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: trail?.management ?? false }],
          });
        }
        case 'GetSMSSandboxAccountStatus':
          return xml(operation, `<IsInSandbox>${account.sms.sandbox}</IsInSandbox>`);
        case 'ListSMSSandboxPhoneNumbers':
          return xml(
            operation,
            `<PhoneNumbers>${account.sms.verified.map((n) => `<member><PhoneNumber>${n}</PhoneNumber><Status>Verified</Status></member>`).join('')}</PhoneNumbers>`,
          );
        case 'GetSMSAttributes':
          return xml(
            operation,
            `<attributes><entry><key>MonthlySpendLimit</key><value>${account.sms.spendLimit}</value></entry></attributes>`,
          );
        case 'DescribeOrganization':
          return account.organization
            ? json(200, { Organization: { Id: account.organization.id, MasterAccountId: '999999999999' } })
            : json(400, 'not in an organization', 'AWSOrganizationsNotInUseException');
        case 'ListDelegatedAdministrators':
          return json(200, {
            DelegatedAdministrators: (account.organization?.delegatedAdministrators ?? []).map((Id) => ({ Id })),
          });
        case 'ListParents': {
          const parent = account.organization?.parents[String(params.ChildId)];
          return json(200, {
            Parents: parent ? [{ Id: parent, Type: parent.startsWith('r-') ? 'ROOT' : 'ORGANIZATIONAL_UNIT' }] : [],
          });
        }
        case 'DescribeSecret':
          return account.secrets.includes(String(params.SecretId))
            ? json(200, { ARN: params.SecretId, Name: String(params.SecretId).split(':').pop() })
            : json(400, "Secrets Manager can't find the specified secret.", 'ResourceNotFoundException');
      }
      const url = req.url ?? '';
      if (url.startsWith('/2016-08-19/account-settings'))
        return json(200, {
          AccountLimit: {
            ConcurrentExecutions: account.concurrency.limit,
            UnreservedConcurrentExecutions: account.concurrency.unreserved,
            CodeSizeUnzipped: 262144000,
            CodeSizeZipped: 52428800,
            TotalCodeSize: 80530636800,
          },
          AccountUsage: { FunctionCount: 3, TotalCodeSize: 1024 },
        });
      const cluster = /^\/clusters\/([^/?]+)$/.exec(url)?.[1];
      if (cluster) {
        const found = account.clusters[decodeURIComponent(cluster)];
        if (!found) return json(404, `No cluster found for name: ${cluster}.`, 'ResourceNotFoundException');
        return json(200, {
          cluster: {
            name: cluster,
            arn: `arn:aws:eks:${region}:${account.account}:cluster/${cluster}`,
            status: 'ACTIVE',
            logging: { clusterLogging: [{ types: found.logging, enabled: true }] },
          },
        });
      }
      if (url === '/describe-slack-workspaces')
        return json(200, {
          SlackWorkspaces: account.slackWorkspaces.map((id) => ({ SlackTeamId: id, SlackTeamName: 'Example' })),
        });
      if (url === '/list-ms-teams-configured-teams')
        return json(200, {
          ConfiguredTeams: account.teams.map((id) => ({
            TeamId: id,
            TenantId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
          })),
        });
      json(400, `the stub does not answer ${operation}`, 'UnknownOperationException');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
