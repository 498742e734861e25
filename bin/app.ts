#!/usr/bin/env node
/** CDK entry: reads and validates configuration once, then composes the stack. */
import { App } from 'aws-cdk-lib';
import { loadConfigFile } from '../lib/load-config.ts';
import { WatchkeeperStack } from '../lib/watchkeeper-stack.ts';

const app = new App();
const configFile = app.node.tryGetContext('config') as string | undefined;
const config = loadConfigFile(configFile);
new WatchkeeperStack(app, 'Watchkeeper', {
  config,
  description: 'Watchkeeper: incident response for Kubernetes on AWS',
});
