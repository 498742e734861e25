import { Duration } from 'aws-cdk-lib';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { join } from 'node:path';

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
  /** Copy the runbooks into the bundle (`runbooks/`), for functions that serve them. @default false */
  readonly withRunbooks?: boolean;
  /** Passed through (e.g. reserved concurrency, on-failure destination). */
  readonly extra?: Partial<NodejsFunctionProps>;
}

const ROOT = join(import.meta.dirname, '..', '..');

/**
 * The house Lambda function: Node 22 on arm64, ESM bundle with the pinned SDK, source maps,
 * JSON logs to a log group with retention, X-Ray tracing, Powertools environment.
 */
export class WatchkeeperFunction extends NodejsFunction {
  public constructor(scope: Construct, id: string, props: WatchkeeperFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, { retention: props.logRetention ?? RetentionDays.ONE_MONTH });
    super(scope, id, {
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
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: `watchkeeper-${props.entryFolder}`,
        POWERTOOLS_METRICS_NAMESPACE: 'Watchkeeper',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        minify: true,
        sourceMap: true,
        mainFields: ['module', 'main'],
        externalModules: [],
        banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
        ...(props.withRunbooks ? {
          commandHooks: {
            beforeBundling: () => [],
            beforeInstall: () => [],
            afterBundling: (inputDir: string, outputDir: string) => [`cp -r "${inputDir}/rules/runbooks" "${outputDir}/runbooks"`],
          },
        } : {}),
      },
      ...props.extra,
    });
  }
}
