#!/usr/bin/env node
/** CDK entry: reads and validates configuration once, then composes the stack. */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { loadConfigFile } from '../lib/load-config.ts';
import { WatchkeeperStack } from '../lib/watchkeeper-stack.ts';
import { stageOf } from '../lib/stages.ts';

const app = new App();
// Every synth runs the AwsSolutions and Serverless packs; unacknowledged findings fail it.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
const configFile = app.node.tryGetContext('config') as string | undefined;
const config = loadConfigFile(configFile);
const stage = stageOf(app.node.tryGetContext('stage'));
new WatchkeeperStack(app, `Watchkeeper-${stage.name}`, {
  config,
  stage,
  description: 'Watchkeeper: incident response for Kubernetes on AWS',
});
