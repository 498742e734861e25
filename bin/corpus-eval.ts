#!/usr/bin/env node
/**
 * `npm run corpus`: run the classifier over `../shared/corpus` (when present) and print what was
 * detected per Falco trace, per other sample, and the coverage of the rule references. Not a test:
 * a table to keep honest.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadRules } from '../functions/core/rules/catalogue.ts';
import { Classifier } from '../functions/core/rules/classifier.ts';
import type { Signal } from '../functions/core/rules/signal.ts';
import { decodeInput } from '../functions/core/sources/decode-input.ts';
import { classifyBatch } from '../functions/core/ingest/process-records.ts';
import { formatLocation } from '../functions/core/sources/problem.ts';
import type { StreamKind } from '../functions/core/sources/registry.ts';
import { severityRank } from '../functions/core/vocabulary.ts';
import { CORPUS_SECRETS, FALCO_FLAGGED, GUARDDUTY_TYPES, MALFORMED, NOT_BENIGN } from '../local/corpus/expectations.ts';
import type { CoverageRow } from '../local/corpus/coverage.ts';
import { countCovered, coverageOf, formatCoverage } from '../local/corpus/coverage.ts';
import { GUARDDUTY_EKS, GUARDDUTY_ONLY, NOT_COVERED, PANTHER } from '../local/corpus/references.ts';
import { bundledAwsRanges } from '../functions/core/sources/aws-ranges-data.ts';

const CORPUS = process.argv[2] ?? join(import.meta.dirname, '..', '..', 'shared', 'corpus');
if (!existsSync(CORPUS)) {
  console.log(`no corpus at ${CORPUS}: nothing to evaluate`);
  process.exit(0);
}
const rules = loadRules();
const classifier = new Classifier(rules, { awsRanges: bundledAwsRanges });
let failures = 0;
let output = '';

function classifyFile(path: string, stream?: StreamKind): { signals: Signal[]; problems: string[] } {
  const decoded = decodeInput(readFileSync(path, 'utf8'), { file: relative(CORPUS, path), cluster: 'corpus', stream });
  const batch = classifyBatch(decoded, classifier, relative(CORPUS, path), { includeUnmatched: true });
  // First-seen rules need a baseline of what each principal did before, which single traces do not give.
  const signals = batch.signals.filter((s) => !s.firstSeen);
  const problems = batch.problems.map((p) => `${formatLocation(p.location)}: ${p.reason}`);
  output += JSON.stringify(signals) + JSON.stringify(problems);
  return { signals: signals.filter((s) => s.rule !== null), problems };
}

const row = (...cells: string[]): void => console.log(cells.join('  '));

console.log('\n== Falco k8s-audit traces ==');
const falcoDir = join(CORPUS, 'audit', 'falco-k8s_audit-trace-files');
for (const file of readdirSync(falcoDir).sort()) {
  const { signals, problems } = classifyFile(join(falcoDir, file));
  const rulesSeen = [...new Set(signals.map((s) => `${s.rule}(${s.severity})`))].join(' ');
  let verdict: string;
  if (file === MALFORMED) verdict = problems.length > 0 ? 'ok: reported as malformed' : 'FAIL: not reported';
  else if (FALCO_FLAGGED[file])
    verdict = signals.some((s) => s.category === 'security')
      ? 'ok: flagged'
      : 'FAIL: Falco flags it, no security signal';
  else if (NOT_BENIGN[file]) verdict = `ok: ${NOT_BENIGN[file]}`;
  else
    verdict = signals.some((s) => severityRank(s.severity) <= severityRank('medium'))
      ? 'FAIL: benign trace raised medium+'
      : 'ok: benign';
  if (verdict.startsWith('FAIL')) failures++;
  row(file.padEnd(72), verdict.padEnd(44), rulesSeen || problems.join('; ') || '-');
}

console.log('\n== Other samples ==');
const others: Array<[string, StreamKind | undefined]> = [
  ['audit/audit2rbac/demo.log', undefined],
  ['controlplane/authenticator', 'authenticator'],
  ['controlplane/kube-apiserver', 'apiserver'],
  ['cwlogs-envelope', undefined],
  ['eventbridge/cloudwatch-alarm-state-change', undefined],
  ['eventbridge/cloudwatch-alarm-lambda-action', undefined],
  ['eventbridge/aws-api-call-via-cloudtrail', undefined],
  ['cloudtrail', undefined],
  ['cloudtrail/non-eks', undefined],
  ['alertmanager', undefined],
];
for (const [path, stream] of others) {
  const full = join(CORPUS, path);
  if (!existsSync(full)) continue;
  const files = statSync(full).isDirectory()
    ? readdirSync(full)
        .filter((f) => statSync(join(full, f)).isFile())
        .map((f) => join(full, f))
    : [full];
  for (const file of files) {
    if (file.endsWith('.md') || file.endsWith('.txt')) continue;
    const { signals, problems } = classifyFile(file, file.endsWith('.csv') ? undefined : stream);
    const counts = new Map<string, number>();
    for (const s of signals) counts.set(`${s.source}:${s.rule}`, (counts.get(`${s.source}:${s.rule}`) ?? 0) + 1);
    row(
      relative(CORPUS, file).padEnd(96),
      `${signals.length} signals, ${problems.length} unreadable or not EKS`.padEnd(40),
      [...counts].map(([r, n]) => `${r}×${n}`).join(' '),
    );
  }
}

console.log('\n== Coverage of public detection catalogues ==');
const section = (title: string, rows: CoverageRow[], detail = true): void => {
  row(`\n${title}: ${countCovered(rows)} covered`);
  if (detail) console.log(formatCoverage(rows));
};
const falcoTsv = join(CORPUS, 'rules', 'INDEX-derived__falco-k8saudit-rules.tsv');
if (existsSync(falcoTsv)) {
  const enabled = readFileSync(falcoTsv, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split('\t'))
    .filter(([, priority, on]) => on === 'True' && ['WARNING', 'NOTICE', 'ERROR', 'CRITICAL'].includes(priority));
  section(
    'Falco k8saudit rules, enabled, NOTICE and above (falcosecurity/plugins @ 0b3cbd8d, from the corpus)',
    coverageOf(
      'falco',
      enabled.map(([name]) => name),
      rules,
      (item) => NOT_COVERED[item],
    ),
  );
}
const sigmaDir = join(CORPUS, 'rules', 'sigma-kubernetes-audit');
if (existsSync(sigmaDir)) {
  const sigma = readdirSync(sigmaDir)
    .filter((f) => f.startsWith('kubernetes_'))
    .map((f) => f.replace(/\.yml$/, ''));
  section(
    'Sigma Kubernetes audit rules (SigmaHQ/sigma @ 8eaafff1, from the corpus)',
    coverageOf('sigma', sigma, rules, (item) => NOT_COVERED[item]),
  );
}
section(
  `Panther EKS and Kubernetes rules (${PANTHER.version})`,
  coverageOf(
    'panther',
    PANTHER.rules.map(([id]) => id),
    rules,
    (item) => NOT_COVERED[item],
  ),
);
const active = GUARDDUTY_EKS.filter((t) => !t.retired);
for (const kind of ['audit log', 'audit log, threat intelligence', 'anomaly', 'runtime', 'attack sequence'] as const) {
  const types = active.filter((t) => t.kind === kind).map((t) => t.type);
  const rows = coverageOf('guardduty', types, rules, () => `through guardduty-finding: ${GUARDDUTY_ONLY[kind]}`);
  section(
    `GuardDuty EKS finding types, ${kind} (GuardDuty User Guide, 2026-12), with a Watchkeeper rule of their own`,
    rows,
  );
}
row(
  `\nEvery GuardDuty finding of these ${active.length} types (and the retired ${GUARDDUTY_EKS.length - active.length}) reaches Watchkeeper through the guardduty source.`,
);
row(
  `GuardDuty EKS audit-log finding types without threat intelligence (earlier measure): ${GUARDDUTY_TYPES.filter((t) => rules.some((r) => r.references?.guardduty?.includes(t))).length}/${GUARDDUTY_TYPES.length} covered`,
);

const leaked = CORPUS_SECRETS.filter((secret) => output.includes(secret));
row(`\nsecret values from the corpus in the output: ${leaked.length === 0 ? 'none' : `LEAKED ${leaked.join(', ')}`}`);
if (leaked.length) failures++;
row(`${failures === 0 ? 'all expectations met' : `${failures} expectation(s) not met`}`);
