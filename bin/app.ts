#!/usr/bin/env node
/** CDK entry: reads and validates configuration once, then composes the stack. */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { controlTowerValidator } from '../lib/control-tower.ts';
import { loadConfigFile } from '../lib/load-config.ts';
import { stageOf } from '../lib/stages.ts';
import { WatchkeeperStack } from '../lib/watchkeeper-stack.ts';

const app = new App();
// Every synth runs cdk-nag (AwsSolutions, Serverless) and the Control Tower proactive controls;
// unacknowledged findings fail it.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app), controlTowerValidator());
const configFile = app.node.tryGetContext('config') as string | undefined;
const config = loadConfigFile(configFile);
const stage = stageOf(app.node.tryGetContext('stage'));
new WatchkeeperStack(app, `Watchkeeper-${stage.name}`, {
  config,
  stage,
  ...(config.account ? { env: { account: config.account } } : {}),
  description: 'Watchkeeper: incident response for Kubernetes on AWS',
});
