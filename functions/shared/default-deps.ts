import { S3Client } from '@aws-sdk/client-s3';
import { IncidentStore } from '../adapters/incident-store.ts';
import { S3Quarantine } from '../adapters/s3-quarantine.ts';
import type { IngestDeps } from '../core/ingest/ingest.ts';
import { loadRules } from '../core/rules/catalogue.ts';
import { Classifier } from '../core/rules/classifier.ts';
import { documentClient } from './clients.ts';
import { env } from './env.ts';

let deps: IngestDeps | undefined;

/** The Lambda adapters, built once per execution environment on first use. */
export function lambdaIngestDeps(): IngestDeps {
  if (!deps) {
    const policy = env.incidentPolicy();
    deps = {
      classifier: new Classifier(loadRules(env.ruleOverrides())),
      incidents: new IncidentStore(documentClient(), env.tableName(), policy),
      quarantine: new S3Quarantine(new S3Client({}), env.quarantineBucket()),
      policy,
    };
  }
  return deps;
}
