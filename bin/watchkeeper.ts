#!/usr/bin/env node
/** The `watchkeeper` command: classify, replay and start (the local pipeline). */
import { classifyCommand } from '../local/cli/classify-command.ts';
import { UsageError } from '../local/cli/usage-error.ts';
import { ConfigError } from '../lib/load-config.ts';

const USAGE = `usage: watchkeeper <command> [options]

commands:
  classify [--all] [--stream NAME] [--cluster NAME] [--config FILE] [FILE...]
      print one JSON line per classified signal (stdin when no FILE)
  replay [--repeat N] [--json] [--cluster NAME] [--config FILE] [FILE...]
      push inputs through the local pipeline and print a summary
  start [--scenario bad-night|crowded-ten-minutes] [--port N] [--token T] [--once] [--config FILE]
      run the whole pipeline locally on a bundled scenario and serve the API
  incidents list [--status S] [--severity S] [--cluster C] [--team T] [--namespace N] [--component C]
                 [--category C] [--rule R] [--since T] [--until T] [--limit N] [--all]
  incidents show|ack|resolve|note ID [--comment …] [--resolution …] [--text …]
  incidents merge ID --into ID | split ID --alert ALERT-ID
  alerts list [the filters of incidents list] | show ID
  review ID   the post-incident review draft of a resolved incident (Markdown)
  silences list | add [--cluster C]… [--namespace N]… [--component C]… [--rule R]… [--severity S]…
                      (--ends T | --duration 2h) [--starts T] --comment … | delete ID
      people commands take --api URL (default $WATCHKEEPER_API_URL or http://127.0.0.1:8080; an
      execute-api URL is signed with SigV4 from the AWS credential chain), --token T, --json
  console publish --outputs FILE [--stack NAME] [--region R]
      build the console and upload it to the stack's bucket (FILE from cdk deploy --outputs-file)
  rehearse [--config FILE] [--stage dev|prod] [--json]
      synthesize the configuration and check it against AWS's published rules (no account needed)
  preflight [--config FILE] [--stage dev|prod] [--region R] [--json]
      read-only checks of the account of your credentials before cdk deploy; exit 1 on a miss
  smoke (--outputs FILE [--stack NAME] | --api URL [--token T]) [--timeout SECONDS] [--json]
      send one synthetic alert through the deployed (or local) pipeline, report each hop and the
      time to page, then resolve its incident
`;

// The local pipeline runs the Lambda handlers: keep their INFO logs and EMF metrics off the terminal unless asked.
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
// X-Ray exists only in Lambda: the local runtime traces nothing.
process.env.POWERTOOLS_TRACE_ENABLED ??= 'false';

type Command = (argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream) => Promise<number>;

const COMMANDS: Record<string, () => Promise<Command>> = {
  classify: async () => classifyCommand,
  replay: async () => (await import('../local/cli/replay-command.ts')).replayCommand,
  start: async () => (await import('../local/cli/start-command.ts')).startCommand,
  incidents: async () => (await import('../local/cli/incidents-command.ts')).incidentsCommand,
  alerts: async () => (await import('../local/cli/alerts-command.ts')).alertsCommand,
  silences: async () => (await import('../local/cli/silences-command.ts')).silencesCommand,
  console: async () => (await import('../local/cli/console-command.ts')).consoleCommand,
  review: async () => (await import('../local/cli/review-command.ts')).reviewCommand,
  rehearse: async () => (await import('../local/cli/rehearse-command.ts')).rehearseCommand,
  preflight: async () => (await import('../local/cli/preflight-command.ts')).preflightCommand,
  smoke: async () => (await import('../local/cli/smoke-command.ts')).smokeCommand,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const load = name ? COMMANDS[name] : undefined;
  if (!load) {
    process.stderr.write(name && name !== '--help' ? `watchkeeper: unknown command "${name}"\n${USAGE}` : USAGE);
    return name === '--help' ? 0 : 2;
  }
  try {
    return await (await load())(rest, process.stdout, process.stderr);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`watchkeeper: ${error.message}\n${USAGE}`);
      return 2;
    }
    if (error instanceof ConfigError) {
      process.stderr.write(`watchkeeper: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
