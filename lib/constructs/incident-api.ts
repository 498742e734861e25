import { Aws, Duration, Validations } from 'aws-cdk-lib';
import {
  AccessLogFormat,
  AuthorizationType,
  CognitoUserPoolsAuthorizer,
  EndpointType,
  IdentitySource,
  LambdaIntegration,
  LogGroupLogDestination,
  MethodLoggingLevel,
  RequestAuthorizer,
  RestApi,
  TokenAuthorizer,
} from 'aws-cdk-lib/aws-apigateway';
import type { IResource } from 'aws-cdk-lib/aws-apigateway';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { CONSOLE_API_PREFIX } from '../../functions/api/console-access.ts';
import type { RouteSpec } from '../../functions/api/route-table.ts';
import type { LogSettings } from './log-group.ts';
import { houseLogGroup } from './log-group.ts';

/** Properties of {@link IncidentApiGateway}. */
export interface IncidentApiGatewayProps {
  /** The routes (the same table the Lambda routes with). */
  readonly routes: readonly RouteSpec[];
  /** The API Lambda. */
  readonly handler: IFunction;
  /** The REQUEST authorizer of acknowledgement links. */
  readonly ackAuthorizer: IFunction;
  /** Stage throttling. @default 50 requests/s, burst 100 */
  readonly throttle?: { readonly rateLimit: number; readonly burstLimit: number };
  /** @default 'v1' */
  readonly stageName?: string;
  /** The access log (JSON lines per request). */
  readonly logs: LogSettings;
  /** The console's user pool: every IAM route again under `/api`, for people it signed in. */
  readonly consoleUsers?: IUserPool;
  /** The Alertmanager webhook (`POST /alertmanager`) and its bearer-token authorizer. */
  readonly alertmanager?: { readonly handler: IFunction; readonly authorizer: IFunction };
}

/**
 * The incident API on API Gateway (REST): IAM (SigV4) on every route, a Lambda authorizer on the
 * acknowledgement-link routes, stage throttling, JSON access logs, tracing.
 */
export class IncidentApiGateway extends Construct {
  public readonly api: RestApi;
  public readonly accessLogs: LogGroup;
  public readonly stageName: string;

  public constructor(scope: Construct, id: string, props: IncidentApiGatewayProps) {
    super(scope, id);
    this.accessLogs = houseLogGroup(this, 'AccessLogs', props.logs);
    this.stageName = props.stageName ?? 'v1';
    this.api = new RestApi(this, 'Api', {
      description: 'Watchkeeper incident API',
      endpointTypes: [EndpointType.REGIONAL],
      cloudWatchRole: true,
      deployOptions: {
        stageName: this.stageName,
        throttlingRateLimit: props.throttle?.rateLimit ?? 50,
        throttlingBurstLimit: props.throttle?.burstLimit ?? 100,
        accessLogDestination: new LogGroupLogDestination(this.accessLogs),
        accessLogFormat: AccessLogFormat.jsonWithStandardFields(),
        loggingLevel: MethodLoggingLevel.ERROR,
        tracingEnabled: true,
        metricsEnabled: true,
      },
      defaultMethodOptions: { authorizationType: AuthorizationType.IAM },
    });
    Validations.of(this).acknowledge(
      {
        id: 'AwsSolutions::AwsSolutions-COG4',
        reason:
          "Scripts and the CLI authenticate with IAM (SigV4); the link routes and the webhook have their own authorizers; the console's routes under /api use the Cognito user pool.",
      },
      {
        id: 'AwsSolutions::AwsSolutions-APIG2',
        reason:
          "Every request is validated by the handler with zod, which answers 400 naming the field; API Gateway's validator would only duplicate it with less precise messages.",
      },
      {
        id: 'AwsSolutions::AwsSolutions-APIG3',
        reason:
          'IAM-authenticated API with stage throttling; attach a WAF web ACL in front if the account uses one (see README, deploy guide).',
      },
      {
        id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
        reason:
          'The account-level role API Gateway needs to write access logs; AWS publishes it for exactly this purpose.',
      },
    );
    // One permission for the whole API instead of two per method: ~60 methods' worth of statements
    // exceed the 20 KB a function's resource-based policy may hold (the deploy rehearsal checks it).
    const integration = new LambdaIntegration(props.handler, { scopePermissionToMethod: false });
    const linkAuthorizer = new RequestAuthorizer(this, 'AckLinkAuthorizer', {
      handler: props.ackAuthorizer,
      identitySources: [IdentitySource.context('path')],
      resultsCacheTtl: Duration.seconds(0),
    });
    const resources = new Map<string, IResource>([['/', this.api.root]]);
    const resourceFor = (path: string): IResource => {
      let resource = resources.get(path);
      if (!resource) {
        const parent = resourceFor(path.slice(0, path.lastIndexOf('/')) || '/');
        resource = parent.addResource(path.slice(path.lastIndexOf('/') + 1));
        resources.set(path, resource);
      }
      return resource;
    };
    if (props.alertmanager) {
      const tokenAuthorizer = new TokenAuthorizer(this, 'AlertmanagerAuthorizer', {
        handler: props.alertmanager.authorizer,
        resultsCacheTtl: Duration.minutes(5),
      });
      resourceFor('/alertmanager').addMethod(
        'POST',
        new LambdaIntegration(props.alertmanager.handler, { scopePermissionToMethod: false }),
        {
          authorizationType: AuthorizationType.CUSTOM,
          authorizer: tokenAuthorizer,
        },
      );
    }
    const iamRoutes = [...props.routes, { method: 'GET', path: '/openapi.json', auth: 'iam' } as const];
    for (const route of iamRoutes) {
      resourceFor(route.path).addMethod(
        route.method,
        integration,
        route.auth === 'ack-link'
          ? { authorizationType: AuthorizationType.CUSTOM, authorizer: linkAuthorizer }
          : { authorizationType: AuthorizationType.IAM },
      );
    }
    if (props.consoleUsers) {
      // The console's routes: API Gateway checks the ID token; the handler checks the person's group.
      const signedIn = new CognitoUserPoolsAuthorizer(this, 'ConsoleAuthorizer', {
        cognitoUserPools: [props.consoleUsers],
        resultsCacheTtl: Duration.minutes(5),
      });
      for (const route of iamRoutes.filter((r) => r.auth === 'iam')) {
        resourceFor(`${CONSOLE_API_PREFIX}${route.path}`).addMethod(route.method, integration, {
          authorizationType: AuthorizationType.COGNITO,
          authorizer: signedIn,
        });
      }
    }
  }

  /**
   * The invoke URL of the stage, built from the API id alone: functions that put it in pages then
   * depend on the REST API, not on its deployment (which depends on every integrated function).
   */
  public get url(): string {
    return `https://${this.api.restApiId}.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}/${this.stageName}`;
  }
}
