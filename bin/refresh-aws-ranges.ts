#!/usr/bin/env node
/**
 * `npm run refresh:aws-ranges [-- URL|FILE]`: fetch AWS's published address ranges (or read a saved
 * copy) and rewrite `rules/data/aws-ip-ranges.json`. Commit the result: functions read the shipped
 * file, never the network.
 */
import { refreshAwsRanges } from '../local/aws-ranges-refresh.ts';

process.stdout.write(`${await refreshAwsRanges(process.argv[2])}\n`);
