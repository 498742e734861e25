import { DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { DescribeClusterCommand } from '@aws-sdk/client-eks';
import { GetAccountSettingsCommand } from '@aws-sdk/client-lambda';
import {
  DescribeOrganizationCommand,
  ListDelegatedAdministratorsCommand,
  ListParentsCommand,
} from '@aws-sdk/client-organizations';
import { DescribeSecretCommand } from '@aws-sdk/client-secrets-manager';
import {
  GetSMSAttributesCommand,
  GetSMSSandboxAccountStatusCommand,
  ListSMSSandboxPhoneNumbersCommand,
} from '@aws-sdk/client-sns';
import { GetParameterCommand } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { escalationOf } from '../../functions/core/config/schema.ts';
import type { WatchkeeperConfig } from '../../functions/core/config/schema.ts';
import { reservedConcurrency, UNRESERVED_MINIMUM } from '../../lib/concurrency.ts';
import { LOG_TYPES } from '../../lib/constructs/control-plane-logging.ts';
import { homeOf, isHomeCluster, spokesOf } from '../../functions/core/config/fleet.ts';
import type { StageSettings } from '../../lib/stages.ts';
import type { AccountClients } from './account.ts';

/** One line of the checklist. `miss` blocks the deploy (or makes it useless); `warn` is worth reading. */
export interface CheckResult {
  readonly check: string;
  readonly status: 'ok' | 'miss' | 'warn';
  readonly detail: string;
  /** What to do about a miss or a warning. */
  readonly fix?: string;
}

/** What a check reads: the configuration, the stage, the account's clients and its id (once known). */
export interface PreflightContext {
  readonly config: WatchkeeperConfig;
  readonly stage: StageSettings;
  readonly clients: AccountClients;
  readonly region: string;
  account?: string;
}

/** The version of the bootstrap stack CDK's default synthesizer requires (its CheckBootstrapVersion rule). */
export const MIN_BOOTSTRAP_VERSION = 6;
/** The service principal of CloudFormation StackSets in an organization. */
const STACKSETS = 'member.org.stacksets.cloudformation.amazonaws.com';

const ok = (check: string, detail: string): CheckResult => ({ check, status: 'ok', detail });
const miss = (check: string, detail: string, fix: string): CheckResult => ({ check, status: 'miss', detail, fix });
const warn = (check: string, detail: string, fix?: string): CheckResult => ({ check, status: 'warn', detail, fix });

/** An error the SDK raised, by its name. */
const named = (error: unknown): string => (error as Error).name ?? 'Error';
const denied = (error: unknown) => /AccessDenied|UnauthorizedOperation|Forbidden|NotAuthorized/i.test(named(error));
/** A read that was refused or failed: the line says it could not be checked, and what would let it. */
const unchecked = (check: string, error: unknown, permission: string): CheckResult =>
  warn(
    check,
    `could not be checked (${named(error)}: ${(error as Error).message?.slice(0, 160)})`,
    denied(error) ? `run preflight with credentials that may ${permission}` : undefined,
  );

/** Who the credentials are, in which account: the configured account, if one is named. */
async function credentials(ctx: PreflightContext): Promise<CheckResult[]> {
  const check = 'credentials';
  try {
    const identity = await ctx.clients.sts().send(new GetCallerIdentityCommand({}));
    ctx.account = identity.Account;
    if (ctx.config.account && ctx.config.account !== identity.Account)
      return [
        miss(
          check,
          `the credentials are of account ${identity.Account}, the configuration names ${ctx.config.account}`,
          `use credentials of ${ctx.config.account} (AWS_PROFILE), or correct "account"`,
        ),
      ];
    return [ok(check, `${identity.Arn} in account ${identity.Account}, region ${ctx.region}`)];
  } catch (error) {
    return [
      miss(
        check,
        `no usable AWS credentials (${named(error)})`,
        'configure credentials (aws configure sso, or AWS_PROFILE)',
      ),
    ];
  }
}

/** The regions the hub account deploys stacks to: its own, us-east-1 for IAM's calls, the destinations'. */
function hubRegions(ctx: PreflightContext): string[] {
  const { config } = ctx;
  const regions = new Set([ctx.region]);
  if (config.account && config.region && config.region !== 'us-east-1') regions.add('us-east-1');
  if (config.organization) for (const spoke of spokesOf(config)) regions.add(spoke.region);
  return [...regions];
}

/** `cdk bootstrap` has been run, recently enough, in every region the hub deploys to. */
async function bootstrap(ctx: PreflightContext): Promise<CheckResult[]> {
  const check = 'bootstrap';
  return Promise.all(
    hubRegions(ctx).map(async (region) => {
      const run = `npx cdk bootstrap aws://${ctx.account ?? '<account>'}/${region}`;
      try {
        const { Parameter } = await ctx.clients
          .ssm(region)
          .send(new GetParameterCommand({ Name: '/cdk-bootstrap/hnb659fds/version' }));
        const version = Number(Parameter?.Value);
        return version >= MIN_BOOTSTRAP_VERSION
          ? ok(check, `${region}: bootstrap version ${version}`)
          : miss(check, `${region}: bootstrap version ${version}, CDK needs ${MIN_BOOTSTRAP_VERSION} or later`, run);
      } catch (error) {
        if (named(error) === 'ParameterNotFound')
          return miss(check, `${region}: the account is not bootstrapped for CDK`, run);
        return unchecked(check, error, 'ssm:GetParameter on /cdk-bootstrap/*');
      }
    }),
  );
}

/** The account's Lambda concurrency leaves room for what the stack reserves, and Lambda's 100 unreserved. */
async function concurrency(ctx: PreflightContext): Promise<CheckResult[]> {
  const check = 'concurrency';
  const { total } = reservedConcurrency(ctx.config, ctx.stage);
  if (total === 0) return [ok(check, 'the configuration reserves no concurrency')];
  try {
    const { AccountLimit } = await ctx.clients.lambda().send(new GetAccountSettingsCommand({}));
    const limit = AccountLimit?.ConcurrentExecutions ?? 0;
    const unreserved = AccountLimit?.UnreservedConcurrentExecutions ?? 0;
    const left = unreserved - total;
    if (left >= UNRESERVED_MINIMUM)
      return [ok(check, `reserves ${total} of ${unreserved} unreserved concurrent executions (quota ${limit})`)];
    return [
      miss(
        check,
        `the stack reserves ${total} concurrent executions, the account has ${unreserved} unreserved of ${limit}: Lambda refuses a reservation that leaves fewer than ${UNRESERVED_MINIMUM}`,
        `raise the quota (Service Quotas: AWS Lambda, "Concurrent executions", L-B99A9384) to at least ${limit - left + UNRESERVED_MINIMUM}, or set "ingestConcurrency" lower (0 reserves none)`,
      ),
    ];
  } catch (error) {
    return [unchecked(check, error, 'lambda:GetAccountSettings')];
  }
}

/** A trail logs management events (EventBridge gets "AWS API Call via CloudTrail" only from one). */
async function cloudTrail(ctx: PreflightContext): Promise<CheckResult[]> {
  const check = 'cloudtrail';
  const results: CheckResult[] = [];
  try {
    const client = ctx.clients.cloudTrail();
    const { trailList = [] } = await client.send(new DescribeTrailsCommand({ includeShadowTrails: true }));
    const usable: string[] = [];
    for (const trail of trailList) {
      if (!trail.TrailARN || (!trail.IsMultiRegionTrail && trail.HomeRegion !== ctx.region)) continue;
      const [status, selectors] = await Promise.all([
        client.send(new GetTrailStatusCommand({ Name: trail.TrailARN })),
        client.send(new GetEventSelectorsCommand({ TrailName: trail.TrailARN })),
      ]);
      const management =
        (selectors.EventSelectors ?? []).some(
          (s) => s.IncludeManagementEvents !== false && s.ReadWriteType !== 'ReadOnly',
        ) ||
        (selectors.AdvancedEventSelectors ?? []).some((s) =>
          s.FieldSelectors?.some((f) => f.Field === 'eventCategory' && f.Equals?.includes('Management')),
        );
      if (status.IsLogging && management) usable.push(trail.Name ?? trail.TrailARN);
    }
    results.push(
      usable.length > 0
        ? ok(check, `management events logged by ${usable.join(', ')}`)
        : miss(
            check,
            'no trail logs write management events here: EventBridge then receives no "AWS API Call via CloudTrail" (cluster deleted, logging turned off, admin access granted)',
            'create a multi-region trail that logs management events (aws cloudtrail create-trail --is-multi-region-trail …; start-logging)',
          ),
    );
  } catch (error) {
    results.push(unchecked(check, error, 'cloudtrail:DescribeTrails, GetTrailStatus, GetEventSelectors'));
  }
  if (ctx.region !== 'us-east-1' && !(ctx.config.account && ctx.config.region))
    results.push(
      warn(
        check,
        "IAM's calls (a node role's policy detached) reach EventBridge in us-east-1 only",
        'name "account" and "region" in the configuration: a stack in us-east-1 then forwards them here',
      ),
    );
  return results;
}

/** Every cluster of this account and region exists and has the log types Watchkeeper reads turned on. */
async function clusters(ctx: PreflightContext): Promise<CheckResult[]> {
  const check = 'clusters';
  const home = ctx.config.clusters.filter((c) => isHomeCluster(c, homeOf(ctx.config)));
  const elsewhere = ctx.config.clusters.length - home.length;
  const results = await Promise.all(
    home.map(async (cluster): Promise<CheckResult> => {
      try {
        const { cluster: found } = await ctx.clients.eks().send(new DescribeClusterCommand({ name: cluster.name }));
        const on = new Set(
          (found?.logging?.clusterLogging ?? []).filter((l) => l.enabled).flatMap((l) => l.types ?? []),
        );
        const off = LOG_TYPES.filter((type) => !on.has(type));
        if (off.length === 0) return ok(check, `${cluster.name}: every control-plane log type is on`);
        if (cluster.enableControlPlaneLogging)
          return ok(
            check,
            `${cluster.name}: ${off.join(', ')} off; the deploy turns them on (enableControlPlaneLogging)`,
          );
        return miss(
          check,
          `${cluster.name}: control-plane logging of ${off.join(', ')} is off: Watchkeeper would see nothing of it`,
          `set "enableControlPlaneLogging": true for ${cluster.name}, or aws eks update-cluster-config --name ${cluster.name} --logging '{"clusterLogging":[{"types":${JSON.stringify(LOG_TYPES)},"enabled":true}]}'`,
        );
      } catch (error) {
        if (named(error) === 'ResourceNotFoundException')
          return miss(
            check,
            `${cluster.name}: no EKS cluster of that name in ${ctx.region}`,
            'correct the name, or the region of the credentials',
          );
        return unchecked(check, error, `eks:DescribeCluster on ${cluster.name}`);
      }
    }),
  );
  if (home.length === 0 && elsewhere === 0)
    results.push(
      warn(check, 'no cluster is configured: nothing will be watched', 'list your clusters under "clusters"'),
    );
  if (elsewhere > 0)
    results.push(
      warn(
        check,
        `${elsewhere} cluster(s) of other accounts or regions: checked by running preflight there (--region, that account's credentials)`,
      ),
    );
  return results;
}

/** Every SMS number can receive: out of the SMS sandbox or verified in it, and a spend limit that sends. */
async function sms(ctx: PreflightContext): Promise<CheckResult[]> {
  const check = 'sms';
  const { config } = ctx;
  const numbers = [
    ...Object.values(config.contacts).flat(),
    ...(config.alarmContacts ?? []),
    ...config.businessContacts,
  ]
    .filter((c) => c.protocol === 'sms')
    .map((c) => c.endpoint);
  if (numbers.length === 0) return [];
  try {
    const client = ctx.clients.sns();
    const results: CheckResult[] = [];
    const { IsInSandbox } = await client.send(new GetSMSSandboxAccountStatusCommand({}));
    if (IsInSandbox) {
      const { PhoneNumbers = [] } = await client.send(new ListSMSSandboxPhoneNumbersCommand({}));
      const verified = new Set(PhoneNumbers.filter((p) => p.Status === 'Verified').map((p) => p.PhoneNumber));
      const unverified = [...new Set(numbers)].filter((n) => !verified.has(n));
      results.push(
        unverified.length === 0
          ? ok(check, 'in the SMS sandbox, and every configured number is verified')
          : miss(
              check,
              `the account is in the SMS sandbox: ${unverified.join(', ')} would receive no SMS`,
              'verify them (aws sns create-sms-sandbox-phone-number), or move the account out of the sandbox (SNS console: Text messaging)',
            ),
      );
    } else results.push(ok(check, 'out of the SMS sandbox'));
    const { attributes = {} } = await client.send(new GetSMSAttributesCommand({ attributes: ['MonthlySpendLimit'] }));
    const limit = Number(attributes.MonthlySpendLimit ?? 1);
    if (limit <= 1)
      results.push(
        warn(
          check,
          `the monthly SMS spend limit is ${limit} USD: a busy night can exhaust it and SMS stop`,
          'raise it (a support case, then aws sns set-sms-attributes)',
        ),
      );
    return results;
  } catch (error) {
    return [unchecked(check, error, 'sns:GetSMSSandboxAccountStatus, ListSMSSandboxPhoneNumbers, GetSMSAttributes')];
  }
}

/** A hub: the organization is the configured one, this account administers StackSets, spokes are in the OUs. */
async function organization(ctx: PreflightContext): Promise<CheckResult[]> {
  const check = 'organization';
  const { config } = ctx;
  if (!config.organization) return [];
  const client = ctx.clients.organizations();
  try {
    const { Organization } = await client.send(new DescribeOrganizationCommand({}));
    if (Organization?.Id !== config.organization.id)
      return [
        miss(
          check,
          `the account is in ${Organization?.Id}, the configuration names ${config.organization.id}`,
          'correct "organization.id"',
        ),
      ];
    const results = [ok(check, `in ${Organization.Id}`)];
    const units = config.organization.organizationalUnits;
    if (units.length === 0) return results;
    const { DelegatedAdministrators = [] } = await client.send(
      new ListDelegatedAdministratorsCommand({ ServicePrincipal: STACKSETS }),
    );
    results.push(
      DelegatedAdministrators.some((a) => a.Id === ctx.account)
        ? ok(check, 'this account is a delegated administrator of StackSets')
        : miss(
            check,
            'this account is not a delegated administrator of StackSets: the spoke StackSet (service-managed, called as delegated admin) cannot be created',
            `in the management account: enable trusted access for StackSets, then aws organizations register-delegated-administrator --account-id ${ctx.account} --service-principal ${STACKSETS}`,
          ),
    );
    for (const spoke of spokesOf(config)) {
      const path = await ancestors(client, spoke.account);
      results.push(
        path.some((id) => units.includes(id))
          ? ok(
              check,
              `${spoke.account} is in ${units.filter((u) => path.includes(u)).join(', ')}: the StackSet forwards its events`,
            )
          : miss(
              check,
              `${spoke.account} is in none of ${units.join(', ')}: with a StackSet its cdk-deployed spoke carries only the clusters, so nothing would forward its events`,
              `move ${spoke.account} into one of the organizationalUnits, or list its OU`,
            ),
      );
    }
    return results;
  } catch (error) {
    return [unchecked(check, error, 'organizations:DescribeOrganization, ListDelegatedAdministrators, ListParents')];
  }
}

/** The OUs (and root) an account is in, nearest first. */
async function ancestors(client: ReturnType<AccountClients['organizations']>, child: string): Promise<string[]> {
  const path: string[] = [];
  let id = child;
  for (let depth = 0; depth < 6; depth++) {
    const { Parents = [] } = await client.send(new ListParentsCommand({ ChildId: id }));
    const parent = Parents[0];
    if (!parent?.Id) break;
    path.push(parent.Id);
    if (parent.Type === 'ROOT') break;
    id = parent.Id;
  }
  return path;
}

/** Slack workspaces and Teams teams of the channels are authorized in Amazon Q Developer in chat applications. */
async function chat(ctx: PreflightContext): Promise<CheckResult[]> {
  const check = 'chat';
  const channels = Object.values(ctx.config.collaboration.chat).flat();
  const slack = [...new Set(channels.flatMap((c) => (c.kind === 'slack' ? [c.workspaceId] : [])))];
  const teams = [...new Set(channels.flatMap((c) => (c.kind === 'teams' ? [c.teamId] : [])))];
  const results: CheckResult[] = [];
  const authorize =
    'authorize it in the Amazon Q Developer in chat applications console (configure a chat client), once per account';
  try {
    if (slack.length > 0) {
      const { SlackWorkspaces = [] } = await ctx.clients.chatbot<{ SlackWorkspaces?: Array<{ SlackTeamId: string }> }>(
        '/describe-slack-workspaces',
        { MaxResults: 100 },
      );
      const known = new Set(SlackWorkspaces.map((w) => w.SlackTeamId));
      for (const id of slack)
        results.push(
          known.has(id)
            ? ok(check, `Slack workspace ${id} is authorized`)
            : miss(check, `Slack workspace ${id} is not authorized`, authorize),
        );
    }
    if (teams.length > 0) {
      const { ConfiguredTeams = [] } = await ctx.clients.chatbot<{ ConfiguredTeams?: Array<{ TeamId: string }> }>(
        '/list-ms-teams-configured-teams',
        { MaxResults: 100 },
      );
      const known = new Set(ConfiguredTeams.map((t) => t.TeamId));
      for (const id of teams)
        results.push(
          known.has(id)
            ? ok(check, `Microsoft Teams team ${id} is authorized`)
            : miss(check, `Microsoft Teams team ${id} is not authorized`, authorize),
        );
    }
  } catch (error) {
    results.push(unchecked(check, error, 'chatbot:DescribeSlackWorkspaces, ListMicrosoftTeamsConfiguredTeams'));
  }
  return results;
}

/** The secrets the configuration names exist (their values are not read). */
async function secrets(ctx: PreflightContext): Promise<CheckResult[]> {
  const check = 'secrets';
  const { chat: channels, trackers } = ctx.config.collaboration;
  const configured = [
    ...Object.entries(trackers).flatMap(([team, t]) => (t.secretArn ? [[`${team} tracker`, t.secretArn]] : [])),
    ...Object.entries(channels).flatMap(([team, list]) =>
      list.flatMap((c) => (c.kind === 'webhook' && c.secretArn ? [[`${team}/${c.name}`, c.secretArn]] : [])),
    ),
  ];
  return Promise.all(
    configured.map(async ([what, arn]): Promise<CheckResult> => {
      try {
        await ctx.clients.secrets(arn.split(':')[3]).send(new DescribeSecretCommand({ SecretId: arn }));
        return ok(check, `${what}: ${arn} exists`);
      } catch (error) {
        if (named(error) === 'ResourceNotFoundException')
          return miss(
            check,
            `${what}: no secret ${arn}`,
            'create it, or leave secretArn out and the stack creates one to fill in',
          );
        return unchecked(check, error, 'secretsmanager:DescribeSecret');
      }
    }),
  );
}

/** Someone receives the pages and alarms (a configuration check: no call). */
async function contacts(ctx: PreflightContext): Promise<CheckResult[]> {
  const check = 'contacts';
  const first = escalationOf(ctx.config).firstLineTeam;
  const results: CheckResult[] = [];
  if ((ctx.config.contacts[first] ?? []).length === 0)
    results.push(
      warn(
        check,
        `the first-line team "${first}" has no contacts: its pages reach nobody`,
        `add "contacts": {"${first}": [{"protocol": "email", "endpoint": "…"}]}`,
      ),
    );
  if ((ctx.config.alarmContacts ?? ctx.config.contacts[first] ?? []).length === 0)
    results.push(
      warn(check, "nobody receives Watchkeeper's own alarms", `add contacts to "${first}", or "alarmContacts"`),
    );
  if (results.length === 0) results.push(ok(check, `the first-line team "${first}" and the alarms have contacts`));
  return results;
}

/** Every check, in the order of the checklist. */
export const CHECKS: ReadonlyArray<(ctx: PreflightContext) => Promise<CheckResult[]>> = [
  credentials,
  bootstrap,
  concurrency,
  cloudTrail,
  clusters,
  sms,
  organization,
  chat,
  secrets,
  contacts,
];

/** Run the checklist: the credentials first (the others need the account), then the rest side by side. */
export async function preflight(ctx: PreflightContext): Promise<CheckResult[]> {
  const [first, ...rest] = CHECKS;
  const identity = await first(ctx);
  if (identity.some((r) => r.status === 'miss' && r.detail.startsWith('no usable'))) return identity;
  return [...identity, ...(await Promise.all(rest.map((check) => check(ctx)))).flat()];
}
