import { Aws, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { ICertificate } from 'aws-cdk-lib/aws-certificatemanager';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import {
  AllowedMethods,
  CacheHeaderBehavior,
  CachePolicy,
  CacheQueryStringBehavior,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeControl, CONTROL_EXCEPTIONS } from '../control-tower.ts';
import { logAccess } from './access-logs.ts';
import { houseBucketProps, notifyEventBridge } from './house-bucket.ts';
import { consoleContentSecurityPolicy } from '../../console/security-headers.ts';
import { CONSOLE_API_PREFIX } from '../../functions/api/console-access.ts';

/** Properties of {@link ConsoleHosting}. */
export interface ConsoleHostingProps {
  /** The incident API: CloudFront forwards the console's `/api/*` to it, so the console needs no CORS. */
  readonly api: RestApi;
  /** The API's stage (the origin path). */
  readonly stageName: string;
  /** The hosted sign-in page's base address (its origin joins the CSP's connect-src). */
  readonly signInUrl: string;
  /** Where the bucket's server access logs go (under `console/`). */
  readonly accessLogs: IBucket;
  /** The deployment's key: the bucket is encrypted with it, and CloudFront may decrypt what it serves. */
  readonly key: IKey;
  /** Your own name for the console, with its ACM certificate (us-east-1). @default the distribution's name */
  readonly domain?: { readonly names: readonly string[]; readonly certificate: ICertificate };
  /** A WAF web ACL (scope CLOUDFRONT) to attach. @default none */
  readonly webAclArn?: string;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The console in AWS: its files in a private, encrypted bucket that only this distribution may read
 * (origin access control), served by CloudFront over TLS with security headers and a CSP without
 * `unsafe-inline`; `/api/*` goes to the incident API's console routes (Cognito) on the same origin.
 * The files are uploaded by `watchkeeper console publish`, not by a deploy-time function.
 */
export class ConsoleHosting extends Construct {
  public readonly bucket: Bucket;
  public readonly distribution: Distribution;

  public constructor(scope: Construct, id: string, props: ConsoleHostingProps) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.bucket = new Bucket(this, 'Files', {
      ...houseBucketProps(props.key, removalPolicy),
      lifecycleRules: [{ id: 'forget-old-builds', noncurrentVersionExpiration: Duration.days(30) }],
    });
    logAccess(this.bucket, props.accessLogs, 'console', 'S3ServerAccessLogsOfTheConsole');
    notifyEventBridge(this.bucket);

    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Watchkeeper console: CSP without unsafe-inline, HSTS, no framing, no sniffing, no referrer',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: consoleContentSecurityPolicy(props.signInUrl),
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          preload: false,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
    });
    // The API's answers are per person: the token is part of the key (CloudFront forwards Authorization
    // only so), and nothing is kept longer than a second.
    const perPerson = new CachePolicy(this, 'ApiPerPerson', {
      comment: 'Watchkeeper console API calls: keyed by the token, not kept',
      defaultTtl: Duration.seconds(0),
      minTtl: Duration.seconds(0),
      maxTtl: Duration.seconds(1),
      headerBehavior: CacheHeaderBehavior.allowList('Authorization'),
      queryStringBehavior: CacheQueryStringBehavior.all(),
    });
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Watchkeeper console',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
      ...(props.domain ? { domainNames: [...props.domain.names], certificate: props.domain.certificate } : {}),
      ...(props.webAclArn ? { webAclId: props.webAclArn } : {}),
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: headers,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
      },
      additionalBehaviors: {
        [`${CONSOLE_API_PREFIX}/*`]: {
          // By the API's id, not its stage URL: the stage depends on every function, some of which link here.
          origin: new HttpOrigin(`${props.api.restApiId}.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}`, {
            originPath: `/${props.stageName}`,
            protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
            originSslProtocols: [OriginSslPolicy.TLS_V1_2],
          }),
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: perPerson,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: headers,
        },
      },
    });
    this.acknowledge(props);
  }

  /** The console's address. */
  public get url(): string {
    return `https://${this.distribution.distributionDomainName}/`;
  }

  private acknowledge(props: ConsoleHostingProps): void {
    const reasons = [
      {
        id: 'AwsSolutions::AwsSolutions-CFR1',
        reason: 'Responders are paged wherever they are; sign-in (MFA required) guards the console, not geography.',
      },
      ...(props.webAclArn
        ? []
        : [
            {
              id: 'AwsSolutions::AwsSolutions-CFR2',
              reason:
                'Static files and an API behind Cognito and stage throttling; pass `console.webAclArn` to attach the account’s web ACL (a WAF costs per rule and request).',
            },
          ]),
      {
        id: 'AwsSolutions::AwsSolutions-CFR3',
        reason:
          "CloudFront's standard logs need a bucket with ACLs enabled; the files' bucket has S3 server access logs and every API call is in API Gateway's access log.",
      },
      ...(props.domain
        ? []
        : [
            {
              id: 'AwsSolutions::AwsSolutions-CFR4',
              reason:
                'Without a domain of your own CloudFront serves its default certificate, whose policy it sets; with `console.domain` the distribution requires TLS 1.2 (2021 policy).',
            },
          ]),
    ];
    Validations.of(this.distribution).acknowledge(...reasons);
    acknowledgeControl(this.bucket, CONTROL_EXCEPTIONS.consoleBuildObjectLock);
    acknowledgeControl(this.distribution, CONTROL_EXCEPTIONS.consoleOriginFailover);
    acknowledgeControl(this.distribution, CONTROL_EXCEPTIONS.consoleDistributionLogs);
    if (!props.domain) {
      for (const exception of [
        CONTROL_EXCEPTIONS.consoleDefaultCertificate,
        CONTROL_EXCEPTIONS.consoleDefaultCertificateSni,
        CONTROL_EXCEPTIONS.consoleDefaultCertificatePolicy,
      ])
        acknowledgeControl(this.distribution, exception);
    }
  }
}
