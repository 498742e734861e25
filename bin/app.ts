#!/usr/bin/env node
/** CDK entry: reads and validates configuration once, then composes the stacks. */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { controlTowerValidator } from '../lib/control-tower.ts';
import { loadConfigFile } from '../lib/load-config.ts';
import { stageOf } from '../lib/stages.ts';
import { fleetStacks } from '../lib/fleet-stacks.ts';

const app = new App();
// Every synth runs cdk-nag (AwsSolutions, Serverless) and the Control Tower proactive controls;
// unacknowledged findings fail it.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app), controlTowerValidator());
const configFile = app.node.tryGetContext('config') as string | undefined;
fleetStacks(app, loadConfigFile(configFile), stageOf(app.node.tryGetContext('stage')));
