import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  OAuthScope,
  UserPool,
  type UserPoolClient,
  type UserPoolDomain,
  UserPoolGroup,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { CONSOLE_ROLES } from '../../functions/api/route-table.ts';

/** Properties of {@link ConsoleUsers}. */
export interface ConsoleUsersProps {
  /** The hosted sign-in page's prefix (`<prefix>.auth.<region>.amazoncognito.com`), unique in the region. */
  readonly domainPrefix: string;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Who may use the console: a Cognito user pool (no self sign-up, MFA required, strong passwords),
 * its hosted sign-in page, and one group per console role (viewer, responder, admin). People are
 * added by an administrator, or come from the company's identity provider (docs/console.md).
 */
export class ConsoleUsers extends Construct {
  public readonly userPool: UserPool;
  public readonly domain: UserPoolDomain;

  public constructor(scope: Construct, id: string, props: ConsoleUsersProps) {
    super(scope, id);
    this.userPool = new UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.ESSENTIALS,
      deletionProtection: (props.removalPolicy ?? RemovalPolicy.RETAIN) === RemovalPolicy.RETAIN,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    for (const role of CONSOLE_ROLES) {
      new UserPoolGroup(this, `Group-${role}`, {
        userPool: this.userPool,
        groupName: role,
        description: GROUP_DESCRIPTIONS[role],
        precedence: CONSOLE_ROLES.length - CONSOLE_ROLES.indexOf(role),
      });
    }
    this.domain = this.userPool.addDomain('SignIn', { cognitoDomain: { domainPrefix: props.domainPrefix } });
    const plus =
      "Threat protection (advanced security) needs Cognito's Plus plan, billed per active user; MFA is required of everyone and self sign-up is off. Choose the Plus plan where the account's policy asks for it.";
    Validations.of(this.userPool).acknowledge(
      { id: 'AwsSolutions::AwsSolutions-COG3', reason: plus },
      { id: 'AwsSolutions::AwsSolutions-COG8', reason: plus },
    );
  }

  /**
   * The console's app client: authorization code with PKCE, no client secret (a browser cannot keep
   * one), tokens valid an hour, sessions renewed for a working day.
   */
  public addConsoleClient(consoleUrl: string): UserPoolClient {
    return this.userPool.addClient('Console', {
      generateSecret: false,
      authFlows: {},
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [consoleUrl],
        logoutUrls: [consoleUrl],
      },
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
      enableTokenRevocation: true,
    });
  }

  /** The hosted sign-in page's base address. */
  public get signInUrl(): string {
    return this.domain.baseUrl();
  }
}

const GROUP_DESCRIPTIONS: Readonly<Record<(typeof CONSOLE_ROLES)[number], string>> = {
  viewer: 'Reads incidents, alerts, silences, status and insights in the console',
  responder: 'Also acknowledges, notes and resolves incidents',
  admin: 'Also creates and expires silences, merges and splits incidents',
};
