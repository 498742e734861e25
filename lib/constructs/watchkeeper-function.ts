import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { Construct } from 'constructs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EnvKey } from '../../functions/shared/env.ts';
import { ENV } from '../../functions/shared/env.ts';
import type { SettingsFile } from '../../functions/shared/settings.ts';
import { SETTINGS_FILE } from '../../functions/shared/settings.ts';
import { AWS_RANGES_FILE } from '../../functions/shared/aws-ranges-file.ts';
import { acknowledgeControl, CONTROL_EXCEPTIONS } from '../control-tower.ts';
import { aliasArgs, BUNDLING } from './bundling.ts';
import type { LogSettings } from './log-group.ts';
import { houseLogGroup } from './log-group.ts';
import type { FunctionNetwork } from './network.ts';

/** Properties of {@link WatchkeeperFunction}. */
export interface WatchkeeperFunctionProps {
  /** Folder under `functions/` that holds `handler.ts`. */
  readonly entryFolder: string;
  /** The configuration as the functions read it, written beside the handler (`settings.json`). */
  readonly settings: SettingsFile;
  /** What only the deployment knows, by the names of `ENV` (functions/shared/env.ts). @default {} */
  readonly environment?: FunctionEnvironment;
  /** @default Duration.seconds(60) */
  readonly timeout?: Duration;
  /** @default 512 */
  readonly memorySize?: number;
  /** Where and how long its logs are kept (encrypted with the deployment's key). */
  readonly logs: LogSettings;
  /** The VPC subnets and security groups to run in; outside any VPC when absent (see CONTROL_EXCEPTIONS). */
  readonly network?: FunctionNetwork;
  /** The account the stack deploys to, when known: written as SourceAccount on the function's permissions. */
  readonly account?: string;
  /** Source maps in the bundle and `--enable-source-maps` (readable stack traces, slower cold start). @default false */
  readonly sourceMaps?: boolean;
  /** Copy the runbooks into the bundle (`runbooks/`), for functions that serve them. @default false */
  readonly withRunbooks?: boolean;
  /** Copy AWS's address ranges beside the handler, for functions whose sources carry callers' addresses. @default false */
  readonly withAwsRanges?: boolean;
  /** Passed through (e.g. reserved concurrency, on-failure destination). */
  readonly extra?: Partial<NodejsFunctionProps>;
}

const ROOT = join(import.meta.dirname, '..', '..');

/** Environment of a function, by the keys of `ENV`: the stack and the functions name a variable once. */
export type FunctionEnvironment = Partial<Record<EnvKey, string>>;

const environmentVariables = (values: FunctionEnvironment): Record<string, string> =>
  Object.fromEntries(
    Object.entries(values).flatMap(([key, value]) => (value === undefined ? [] : [[ENV[key as EnvKey], value]])),
  );

const written = new WeakMap<SettingsFile, string>();
/** The settings as a file to copy into bundles (written once per settings object). */
function settingsFile(settings: SettingsFile): string {
  let file = written.get(settings);
  if (!file) {
    file = join(mkdtempSync(join(tmpdir(), 'watchkeeper-settings-')), SETTINGS_FILE);
    writeFileSync(file, JSON.stringify(settings));
    written.set(settings, file);
  }
  return file;
}

/**
 * The house Lambda function: Node 22 on arm64, ESM bundle with the pinned SDK, source maps on request,
 * JSON logs to a log group with retention, X-Ray tracing, Powertools environment.
 */
export class WatchkeeperFunction extends NodejsFunction {
  /** The function's own execution role (a sibling construct: acknowledge its findings here). */
  public readonly executionRole: Role;
  /** The settings bundled beside its handler. */
  public readonly settings: SettingsFile;
  /** What is copied beside the handler besides the bundle and its settings. */
  public readonly extraFiles: readonly string[];

  /** Set environment variables by their names in `ENV` (functions/shared/env.ts). */
  public setEnvironment(values: FunctionEnvironment): void {
    for (const [name, value] of Object.entries(environmentVariables(values))) this.addEnvironment(name, value);
  }

  public constructor(scope: Construct, id: string, props: WatchkeeperFunctionProps) {
    const logGroup = houseLogGroup(scope, `${id}Logs`, props.logs);
    // Its own role instead of AWSLambdaBasicExecutionRole: logs go to this function's log group only.
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Watchkeeper ${props.entryFolder}`,
    });
    role.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
    super(scope, id, {
      role,
      entry: join(ROOT, 'functions', props.entryFolder, 'handler.ts'),
      handler: 'handler',
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(60),
      tracing: Tracing.ACTIVE,
      loggingFormat: LoggingFormat.JSON,
      logGroup,
      projectRoot: ROOT,
      depsLockFilePath: join(ROOT, 'package-lock.json'),
      environment: {
        ...(props.sourceMaps ? { NODE_OPTIONS: '--enable-source-maps' } : {}),
        POWERTOOLS_SERVICE_NAME: `watchkeeper-${props.entryFolder}`,
        POWERTOOLS_METRICS_NAMESPACE: 'Watchkeeper',
        ...environmentVariables(props.environment ?? {}),
      },
      bundling: {
        format: OutputFormat.ESM,
        target: BUNDLING.target,
        minify: BUNDLING.minify,
        sourceMap: props.sourceMaps ?? false,
        mainFields: [...BUNDLING.mainFields],
        externalModules: [],
        banner: BUNDLING.banner,
        esbuildArgs: aliasArgs(),
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (inputDir: string, outputDir: string) => [
            `cp "${settingsFile(props.settings)}" "${outputDir}/${SETTINGS_FILE}"`,
            ...(props.withRunbooks ? [`cp -r "${inputDir}/rules/runbooks" "${outputDir}/runbooks"`] : []),
            ...(props.withAwsRanges
              ? [`cp "${inputDir}/rules/data/aws-ip-ranges.json" "${outputDir}/${AWS_RANGES_FILE}"`]
              : []),
          ],
        },
      },
      ...(props.network
        ? {
            vpc: props.network.vpc,
            vpcSubnets: { subnets: [...props.network.subnets] },
            securityGroups: [...props.network.securityGroups],
          }
        : {}),
      ...props.extra,
    });
    this.executionRole = role;
    this.settings = props.settings;
    this.extraFiles = [...(props.withRunbooks ? ['runbooks/'] : []), ...(props.withAwsRanges ? [AWS_RANGES_FILE] : [])];
    if (props.network) {
      // What AWSLambdaVPCAccessExecutionRole grants, without its managed policy: the function's network interfaces.
      role.addToPrincipalPolicy(
        new PolicyStatement({
          effect: Effect.ALLOW,
          actions: [
            'ec2:CreateNetworkInterface',
            'ec2:DescribeNetworkInterfaces',
            'ec2:DescribeSubnets',
            'ec2:DeleteNetworkInterface',
            'ec2:AssignPrivateIpAddresses',
            'ec2:UnassignPrivateIpAddresses',
          ],
          resources: ['*'],
        }),
      );
    } else {
      acknowledgeControl(this, CONTROL_EXCEPTIONS.lambdaOutsideVpc);
    }
    Validations.of(this).acknowledge(
      {
        id: 'AwsSolutions::AwsSolutions-L1',
        reason:
          'Pinned to nodejs22.x: the runtime the project builds, tests and benchmarks on (Node 22 devDependency); upgraded deliberately, not implicitly.',
      },
      {
        id: 'Serverless::Serverless-LambdaLatestVersion',
        reason: 'Pinned to nodejs22.x on purpose, see AwsSolutions-L1.',
      },
      {
        id: 'Serverless::Serverless-LambdaDLQ',
        reason:
          'Asynchronously invoked functions use an on-failure destination (the encrypted dead-letter queue), the successor of the DLQ setting; synchronous ones (API, authorizers, the workflow task) report failures to their caller.',
      },
    );
    const logicalId = Stack.of(this).getLogicalId(logGroup.node.defaultChild as never);
    Validations.of(role).acknowledge(
      {
        id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
        reason:
          'X-Ray (tracing) has no resource-level permissions: xray:PutTraceSegments and xray:PutTelemetryRecords require "*"; in a VPC, Lambda creates the function\'s network interfaces before they exist, so the ec2 interface actions take "*" too.',
      },
      {
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${logicalId}.Arn>:*]`,
        reason: "The log streams of this function's own log group.",
      },
    );
  }
}
