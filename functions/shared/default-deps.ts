import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { StepFunctionsLauncher } from '../adapters/sfn-launcher.ts';
import { SnsNotifier } from '../adapters/sns-notifier.ts';
import { ChangeStore } from '../adapters/change-store.ts';
import { EscalationService } from '../core/escalation/escalation-service.ts';
import { IncidentStore } from '../adapters/incident-store.ts';
import { S3Quarantine } from '../adapters/s3-quarantine.ts';
import type { IngestDeps } from '../core/ingest/ingest.ts';
import { loadRules } from '../core/rules/catalogue.ts';
import { Classifier } from '../core/rules/classifier.ts';
import { documentClient } from './clients.ts';
import { env } from './env.ts';
import { traced } from './powertools.ts';

let deps: IngestDeps | undefined;

/** The Lambda adapters, built once per execution environment on first use. */
export function lambdaIngestDeps(): IngestDeps {
  if (!deps) {
    const policy = env.incidentPolicy();
    const client = documentClient();
    const store = new IncidentStore(client, env.tableName(), policy);
    deps = {
      classifier: new Classifier(loadRules(env.ruleOverrides())),
      incidents: store,
      escalationQueue: store,
      quarantine: new S3Quarantine(traced(new S3Client({})), env.quarantineBucket()),
      changes: new ChangeStore(client, env.tableName()),
      notifier: lambdaNotifier(),
      escalation: new EscalationService(
        env.escalationConfig(),
        new StepFunctionsLauncher(traced(new SFNClient({})), env.stateMachineArn()),
        lambdaNotifier(),
        store,
      ),
      policy,
    };
  }
  return deps;
}

let notifier: SnsNotifier | undefined;

/** The SNS notifier over the team topics, built once. */
export function lambdaNotifier(): SnsNotifier {
  notifier ??= new SnsNotifier(traced(new SNSClient({})), env.topicArns());
  return notifier;
}
