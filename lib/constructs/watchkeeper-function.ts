import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { join } from 'node:path';
import { aliasArgs, BUNDLING } from './bundling.ts';

/** Properties of {@link WatchkeeperFunction}. */
export interface WatchkeeperFunctionProps {
  /** Folder under `functions/` that holds `handler.ts`. */
  readonly entryFolder: string;
  /** Extra environment. @default {} */
  readonly environment?: Record<string, string>;
  /** @default Duration.seconds(60) */
  readonly timeout?: Duration;
  /** @default 512 */
  readonly memorySize?: number;
  /** Log retention. @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
  /** Source maps in the bundle and `--enable-source-maps` (readable stack traces, slower cold start). @default false */
  readonly sourceMaps?: boolean;
  /** Copy the runbooks into the bundle (`runbooks/`), for functions that serve them. @default false */
  readonly withRunbooks?: boolean;
  /** Passed through (e.g. reserved concurrency, on-failure destination). */
  readonly extra?: Partial<NodejsFunctionProps>;
}

const ROOT = join(import.meta.dirname, '..', '..');

/**
 * The house Lambda function: Node 22 on arm64, ESM bundle with the pinned SDK, source maps on request,
 * JSON logs to a log group with retention, X-Ray tracing, Powertools environment.
 */
export class WatchkeeperFunction extends NodejsFunction {
  /** The function's own execution role (a sibling construct: acknowledge its findings here). */
  public readonly executionRole: Role;

  public constructor(scope: Construct, id: string, props: WatchkeeperFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, { retention: props.logRetention ?? RetentionDays.ONE_MONTH });
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
        ...props.environment,
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
        ...(props.withRunbooks
          ? {
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                afterBundling: (inputDir: string, outputDir: string) => [
                  `cp -r "${inputDir}/rules/runbooks" "${outputDir}/runbooks"`,
                ],
              },
            }
          : {}),
      },
      ...props.extra,
    });
    this.executionRole = role;
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
          'X-Ray (tracing) has no resource-level permissions: xray:PutTraceSegments and xray:PutTelemetryRecords require "*".',
      },
      {
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${logicalId}.Arn>:*]`,
        reason: "The log streams of this function's own log group.",
      },
    );
  }
}
