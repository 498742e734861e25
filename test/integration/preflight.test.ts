import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { preflightCommand } from '../../local/cli/preflight-command.ts';
import type { StubAccount } from '../helpers/aws-account-stub.ts';
import { readyAccount, startAccountStub } from '../helpers/aws-account-stub.ts';
import { Capture } from '../helpers/capture.ts';

const dir = mkdtempSync(join(tmpdir(), 'wk-preflight-'));
let close: (() => Promise<void>) | undefined;
afterEach(async () => close?.());

/** A configuration that pages someone: one cluster, an e-mail and an SMS contact for the first line. */
const READY_CONFIG = {
  clusters: [{ name: 'prod-eu-1' }],
  contacts: {
    operations: [
      { protocol: 'email', endpoint: 'noc@example.com' },
      { protocol: 'sms', endpoint: '+31612345678', role: 'escalation' },
    ],
  },
};

/** `watchkeeper preflight --json` of `config` against a stub account; its exit code, lines and requests. */
async function preflight(config: unknown, account: StubAccount, args: string[] = []) {
  const stub = await startAccountStub(account);
  close = stub.close;
  const file = join(dir, `${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(config));
  const out = new Capture();
  const code = await preflightCommand(
    ['--config', file, '--region', 'eu-west-1', '--json', ...args],
    out,
    new Capture(),
    {
      endpoint: stub.endpoint,
    },
  );
  const { results } = JSON.parse(out.text) as {
    results: Array<{ check: string; status: string; detail: string; fix?: string }>;
  };
  return { code, results, requests: stub.requests, line: (check: string) => results.filter((r) => r.check === check) };
}

describe('watchkeeper preflight', () => {
  it('passes a ready account, asking each service only what it needs, read-only', async () => {
    // Act
    const { code, results, requests } = await preflight(READY_CONFIG, readyAccount());

    // Assess
    expect(results.filter((r) => r.status !== 'ok')).toEqual([
      // The hub's region is not named: IAM's calls (us-east-1 only) are not forwarded here.
      expect.objectContaining({ check: 'cloudtrail', status: 'warn', detail: expect.stringMatching(/us-east-1 only/) }),
    ]);
    expect(code).toBe(0);
    expect(requests.map((r) => `${r.service} ${r.operation}`).sort()).toEqual([
      'cloudtrail DescribeTrails',
      'cloudtrail GetEventSelectors',
      'cloudtrail GetTrailStatus',
      'eks GET /clusters/prod-eu-1',
      'lambda GET /2016-08-19/account-settings',
      'sns GetSMSAttributes',
      'sns GetSMSSandboxAccountStatus',
      'ssm GetParameter',
      'sts GetCallerIdentity',
    ]);
    expect(requests.find((r) => r.operation === 'GetParameter')?.params).toEqual({
      Name: '/cdk-bootstrap/hnb659fds/version',
    });
    expect(requests.find((r) => r.operation === 'DescribeTrails')?.params).toEqual({ includeShadowTrails: true });
  });

  it.each<{
    prerequisite: string;
    config?: Record<string, unknown>;
    account: (a: StubAccount) => void;
    check: string;
    says: RegExp;
    fix: RegExp;
  }>([
    {
      prerequisite: 'the account is not bootstrapped',
      account: (a) => delete a.bootstrapVersion?.['eu-west-1'],
      check: 'bootstrap',
      says: /eu-west-1: the account is not bootstrapped/,
      fix: /npx cdk bootstrap aws:\/\/111122223333\/eu-west-1/,
    },
    {
      prerequisite: "a bootstrap older than CDK's",
      account: (a) => Object.assign(a.bootstrapVersion ?? {}, { 'eu-west-1': 4 }),
      check: 'bootstrap',
      says: /version 4, CDK needs 6/,
      fix: /cdk bootstrap/,
    },
    {
      prerequisite: "a new account's concurrency quota",
      account: (a) => Object.assign(a.concurrency, { limit: 50, unreserved: 50 }),
      check: 'concurrency',
      says: /reserves 60 concurrent executions, the account has 50 unreserved of 50/,
      fix: /L-B99A9384\) to at least 160, or set "ingestConcurrency" lower/,
    },
    {
      prerequisite: 'no trail logs management events',
      account: (a) =>
        a.trails.splice(0, 1, {
          name: 'data',
          multiRegion: true,
          homeRegion: 'us-east-1',
          logging: true,
          management: false,
        }),
      check: 'cloudtrail',
      says: /no trail logs write management events/,
      fix: /create a multi-region trail/,
    },
    {
      prerequisite: 'the trail has stopped logging',
      account: (a) => Object.assign(a.trails[0], { logging: false }),
      check: 'cloudtrail',
      says: /no trail logs write management events/,
      fix: /start-logging/,
    },
    {
      prerequisite: 'a cluster that does not exist here',
      config: { ...READY_CONFIG, clusters: [{ name: 'prod-eu-2' }] },
      account: () => undefined,
      check: 'clusters',
      says: /prod-eu-2: no EKS cluster of that name in eu-west-1/,
      fix: /correct the name/,
    },
    {
      prerequisite: "a cluster's audit log turned off",
      account: (a) => Object.assign(a.clusters['prod-eu-1'], { logging: ['api', 'authenticator'] }),
      check: 'clusters',
      says: /prod-eu-1: control-plane logging of audit, controllerManager, scheduler is off/,
      fix: /"enableControlPlaneLogging": true for prod-eu-1/,
    },
    {
      prerequisite: 'an SMS number the sandbox has not verified',
      account: (a) => Object.assign(a.sms, { sandbox: true, verified: ['+31600000000'] }),
      check: 'sms',
      says: /in the SMS sandbox: \+31612345678 would receive no SMS/,
      fix: /create-sms-sandbox-phone-number/,
    },
    {
      prerequisite: 'credentials of another account than the configured one',
      config: { ...READY_CONFIG, account: '444455556666' },
      account: () => undefined,
      check: 'credentials',
      says: /credentials are of account 111122223333, the configuration names 444455556666/,
      fix: /use credentials of 444455556666/,
    },
    {
      prerequisite: 'a Slack workspace not authorized in Amazon Q Developer',
      config: {
        ...READY_CONFIG,
        collaboration: {
          chat: { operations: [{ kind: 'slack', name: 'ops', workspaceId: 'T0123ABCD', channelId: 'C0123ABCD' }] },
        },
      },
      account: (a) => a.slackWorkspaces.push('T9999ZZZZ'),
      check: 'chat',
      says: /Slack workspace T0123ABCD is not authorized/,
      fix: /Amazon Q Developer in chat applications console/,
    },
    {
      prerequisite: 'a tracker secret that does not exist',
      config: {
        ...READY_CONFIG,
        collaboration: {
          trackers: {
            development: {
              type: 'github',
              repository: 'example/shop',
              secretArn: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:github-AbCdEf',
            },
          },
        },
      },
      account: () => undefined,
      check: 'secrets',
      says: /development tracker: no secret arn:aws:secretsmanager:eu-west-1:111122223333:secret:github-AbCdEf/,
      fix: /create it/,
    },
  ])('stops at $prerequisite, saying what to do (exit 1)', async ({ config, account, check, says, fix }) => {
    // Prepare
    const stub = readyAccount();
    account(stub);

    // Act
    const result = await preflight(config ?? READY_CONFIG, stub);

    // Assess
    expect(result.code).toBe(1);
    expect(result.line(check)).toContainEqual(
      expect.objectContaining({ status: 'miss', detail: expect.stringMatching(says), fix: expect.stringMatching(fix) }),
    );
    expect(result.results.filter((r) => r.status === 'miss')).toHaveLength(1);
  });

  describe('a hub', () => {
    const hub = {
      ...READY_CONFIG,
      account: '111122223333',
      region: 'eu-west-1',
      ingest: 'stream',
      organization: { id: 'o-a1b2c3d4e5', organizationalUnits: ['ou-ab12-cdef3456'] },
      clusters: [{ name: 'prod-eu-1' }, { name: 'prod', account: '222222222222', region: 'eu-west-1' }],
    };
    const inOrganization = (a: StubAccount) => {
      a.organization = {
        id: 'o-a1b2c3d4e5',
        delegatedAdministrators: ['111122223333'],
        parents: { '222222222222': 'ou-ab12-cdef3456', 'ou-ab12-cdef3456': 'r-ab12' },
      };
    };

    it('passes when it administers StackSets and its spokes are in the OUs; bootstrapped where its stacks go', async () => {
      const stub = readyAccount();
      inOrganization(stub);
      const { code, results, requests } = await preflight(hub, stub);
      expect(results.filter((r) => r.status === 'miss')).toEqual([]);
      expect(code).toBe(0);
      // The hub's region, and us-east-1 for the stack that forwards IAM's calls.
      expect(requests.filter((r) => r.operation === 'GetParameter')).toHaveLength(2);
      expect(requests.find((r) => r.operation === 'ListDelegatedAdministrators')?.params).toEqual({
        ServicePrincipal: 'member.org.stacksets.cloudformation.amazonaws.com',
      });
      expect(results).toContainEqual(
        expect.objectContaining({
          check: 'clusters',
          status: 'warn',
          detail: expect.stringMatching(/1 cluster\(s\) of other accounts/),
        }),
      );
    });

    it.each<{ problem: string; account: (a: StubAccount) => void; says: RegExp }>([
      {
        problem: 'it is not the delegated administrator of StackSets',
        account: (a) => {
          inOrganization(a);
          a.organization!.delegatedAdministrators = [];
        },
        says: /not a delegated administrator of StackSets/,
      },
      {
        problem: 'a spoke account outside the OUs',
        account: (a) => {
          inOrganization(a);
          a.organization!.parents['222222222222'] = 'r-ab12';
        },
        says: /222222222222 is in none of ou-ab12-cdef3456/,
      },
      {
        problem: 'another organization',
        account: (a) => {
          inOrganization(a);
          a.organization!.id = 'o-zzzzzzzzzz';
        },
        says: /in o-zzzzzzzzzz, the configuration names o-a1b2c3d4e5/,
      },
      {
        problem: 'us-east-1 not bootstrapped',
        account: (a) => {
          inOrganization(a);
          delete a.bootstrapVersion?.['us-east-1'];
        },
        says: /us-east-1: the account is not bootstrapped/,
      },
    ])('stops when $problem', async ({ account, says }) => {
      const stub = readyAccount();
      account(stub);
      const { code, results } = await preflight(hub, stub);
      expect(code).toBe(1);
      expect(results.filter((r) => r.status === 'miss').map((r) => r.detail)).toEqual([expect.stringMatching(says)]);
    });
  });

  it('says what it could not check when the credentials may not read, without stopping on it', async () => {
    const stub = readyAccount();
    stub.denied = ['lambda', 'cloudtrail'];
    const { code, line } = await preflight(READY_CONFIG, stub);
    expect(code).toBe(0);
    expect(line('concurrency')).toEqual([
      expect.objectContaining({
        status: 'warn',
        detail: expect.stringMatching(/could not be checked \(AccessDenied/),
        fix: expect.stringMatching(/lambda:GetAccountSettings/),
      }),
    ]);
    expect(line('cloudtrail')[0]).toEqual(
      expect.objectContaining({ status: 'warn', fix: expect.stringMatching(/cloudtrail:DescribeTrails/) }),
    );
  });

  it('warns that nobody is paged with the default configuration', async () => {
    const { code, line } = await preflight({ clusters: [{ name: 'prod-eu-1' }] }, readyAccount());
    expect(code).toBe(0);
    expect(line('contacts').map((r) => r.detail)).toEqual([
      'the first-line team "operations" has no contacts: its pages reach nobody',
      "nobody receives Watchkeeper's own alarms",
    ]);
  });

  it('prints a checklist a person reads, and exits 1 on a miss', async () => {
    const stub = await startAccountStub({ ...readyAccount(), concurrency: { limit: 10, unreserved: 10 } });
    close = stub.close;
    const file = join(dir, 'plain.json');
    writeFileSync(file, JSON.stringify(READY_CONFIG));
    const out = new Capture();
    const code = await preflightCommand(['--config', file, '--region', 'eu-west-1'], out, new Capture(), {
      endpoint: stub.endpoint,
    });
    expect(code).toBe(1);
    expect(out.text).toMatch(/^✓ credentials +arn:aws:iam::111122223333:user\/ana/m);
    expect(out.text).toMatch(/^✗ concurrency +the stack reserves 60 .*\n +→ raise the quota/m);
    expect(out.text).toMatch(/1 thing\(s\) to fix before cdk deploy\.\n$/);
  });
});
