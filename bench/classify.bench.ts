import { gunzipSync } from 'node:zlib';
import { loadRules } from '../functions/core/rules/catalogue.ts';
import { Classifier } from '../functions/core/rules/classifier.ts';
import type { Rule } from '../functions/core/rules/rule-schema.ts';
import { decodeDocument } from '../functions/core/sources/decode-input.ts';
import { auditTraffic } from '../local/demo/audit-traffic.ts';
import { subscriptionEvent } from '../local/demo/subscription.ts';
import type { Figure } from './measure.ts';
import { interleavedMedians } from './measure.ts';
import { bundledAwsRanges } from '../functions/core/sources/aws-ranges-data.ts';

const EVENTS = 1500;

/** The realistic payload: 1,500 audit events, mostly benign system traffic, one in 25 suspicious. */
export function benchPayload() {
  const events = auditTraffic({ count: EVENTS, suspiciousEvery: 25 });
  return subscriptionEvent(
    'prod-eu-1',
    'kube-apiserver-audit-1f8e',
    events.map((e, i) => ({ timestamp: 1_764_000_000_000 + i, message: JSON.stringify(e) })),
  );
}

/** The decode floor: base64 + gunzip + JSON.parse of the envelope and of every message. */
function decodeFloor(data: string): number {
  const message = JSON.parse(gunzipSync(Buffer.from(data, 'base64')).toString('utf8')) as {
    logEvents: Array<{ message: string }>;
  };
  let n = 0;
  for (const e of message.logEvents) if (JSON.parse(e.message)) n++;
  return n;
}

function classifyAll(payload: ReturnType<typeof benchPayload>, classifier: Classifier): number {
  const decoded = decodeDocument(payload, { file: 'bench' }, { file: 'bench' });
  let n = 0;
  for (const event of decoded.events) n += classifier.classify(event).length;
  return n;
}

/**
 * Ten times the catalogue: nine variants of every rule, each on different resources, users,
 * codes or phrases (as user-added rules for CRDs and other teams' services would be).
 */
export function tenfoldRules(rules: readonly Rule[]): Rule[] {
  const out = [...rules];
  for (let i = 1; i <= 9; i++) {
    for (const rule of rules) {
      const m = rule.match;
      out.push({
        ...rule,
        id: `${rule.id}-variant-${i}`,
        match: {
          ...m,
          resources: m.resources?.map((r) =>
            r === '*' ? r : `${r.split('/')[0]}${i}.example.com${r.includes('/') ? `/${r.split('/')[1]}` : ''}`,
          ),
          users: m.users?.map((u) => `${u}-variant-${i}`),
          responseCodes: m.responseCodes?.map((c) => c + 100 * i + 1000),
          keywords: m.keywords?.map((k) => `${k} variant${i}`),
        },
      });
    }
  }
  return out;
}

/** Classification throughput against the decode floor, with the shipped and a tenfold catalogue. */
export function classifyBench(): Figure[] {
  const payload = benchPayload();
  const rules = loadRules();
  const classifier = new Classifier(rules, { awsRanges: bundledAwsRanges });
  const classifier10x = new Classifier(tenfoldRules(rules), { awsRanges: bundledAwsRanges });
  const data = payload.awslogs.data;
  const [floorMs, classifyMs, classify10Ms] = interleavedMedians(
    [() => decodeFloor(data), () => classifyAll(payload, classifier), () => classifyAll(payload, classifier10x)],
    200,
    40,
  );
  return [
    {
      key: 'classifyEventsPerSec',
      label: 'classify (decode + normalize + match)',
      value: Math.round(EVENTS / (classifyMs / 1000)),
      unit: 'events/s',
    },
    {
      key: 'decodeFloorEventsPerSec',
      label: 'decode floor (base64+gunzip+JSON.parse)',
      value: Math.round(EVENTS / (floorMs / 1000)),
      unit: 'events/s',
    },
    {
      key: 'classifyRatioToFloor',
      label: `classify / floor (${rules.length} rules)`,
      value: round(classifyMs / floorMs),
      unit: 'x',
      target: '<= 1.3',
    },
    {
      key: 'classifyRatioToFloorWith10xRules',
      label: `classify / floor (${rules.length * 10} rules)`,
      value: round(classify10Ms / floorMs),
      unit: 'x',
      target: '<= 1.4',
    },
  ];
}

const round = (x: number): number => Math.round(x * 1000) / 1000;
