import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import chromium from '@sparticuz/chromium';
import puppeteer from 'puppeteer-core';
import { buildConsole } from '../console/build.ts';
import { batchWriteAll } from '../functions/adapters/batch-write.ts';
import { toItem } from '../functions/adapters/incident-store.ts';
import { DEFAULT_ALERT_POLICY } from '../functions/core/alerts/policy.ts';
import type { Alert } from '../functions/core/alerts/types.ts';
import { applyAlerts, startIncident } from '../functions/core/incidents/lifecycle.ts';
import type { Incident } from '../functions/core/incidents/types.ts';
import { singleCandidate } from '../functions/core/incidents/placement.ts';
import { parseConfig } from '../lib/load-config.ts';
import { startApiServer } from '../local/api-server.ts';
import { LocalRuntime } from '../local/runtime.ts';
import type { Figure } from './measure.ts';

const INCIDENTS = 100_000;
const CLUSTERS = Array.from({ length: 20 }, (_, i) => `cluster-${i}`);
const TEAMS = ['operations', 'platform', 'security', 'devops', 'development', 'infrastructure'];
const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
const STATUSES = ['open', 'acknowledged', 'resolved', 'resolved', 'resolved'] as const;
const RULES = [
  'crash-loop-backoff',
  'node-not-ready',
  'pod-exec',
  'privileged-pod-created',
  'etcd-request-timeout',
  'image-pull-not-found',
];

function alert(i: number, start: number): Alert {
  const fingerprint = `fpBench${String(i).padStart(15, '0')}`;
  const startedAt = new Date(start + i * 30_000).toISOString();
  return {
    id: `${fingerprint}.1`,
    fingerprint,
    generation: 1,
    status: STATUSES[i % 5],
    severity: SEVERITIES[(i * 7) % 5],
    rule: RULES[i % 6],
    title: 'Benchmark incident',
    summary: 's',
    runbook: 'r',
    category: 'reliability',
    component: 'workload',
    team: TEAMS[i % 6],
    source: 'eks-audit',
    cluster: CLUSTERS[i % 20],
    namespace: `ns-${i % 50}`,
    resource: { kind: 'Pod', namespace: `ns-${i % 50}`, name: `pod-${i}` },
    count: 1 + (i % 40),
    firstSeen: startedAt,
    lastSeen: startedAt,
    startedAt,
    flaps: 0,
    samples: [],
    actors: [{ username: 'bench' }],
    seen: {},
    version: 1,
  };
}

/** The incident of one benchmark alert, as ingestion would have started it (alone: policy `alert`). */
function incident(i: number, start: number): Incident {
  const member = { ...alert(i, start), incidentId: undefined };
  const { policy, group, groupKey, title } = singleCandidate(member);
  const at = Date.parse(member.firstSeen);
  const started = startIncident({ policy, group, groupKey, title, generation: 1 }, member, at);
  return applyAlerts(started, [{ alert: member, symptom: false }], DEFAULT_ALERT_POLICY, at).next;
}

/**
 * Milliseconds from navigating to the console until the queue shows its first page of incidents, in a
 * real headless Chromium: the median of five fresh loads.
 */
async function consoleFirstPage(url: string): Promise<number> {
  const browser = await puppeteer.launch({
    executablePath: await chromium.executablePath(),
    args: chromium.args,
    headless: true,
  });
  try {
    const page = await browser.newPage();
    const runs: number[] = [];
    for (let i = 0; i < 6; i++) {
      const t = performance.now();
      await page.goto(`${url}/?run=${i}`);
      await page.waitForSelector('table.queue tbody tr:nth-child(25)');
      // The first load unpacks and warms the browser: not counted.
      if (i > 0) runs.push(performance.now() - t);
    }
    return percentile(runs, 0.5);
  } finally {
    await browser.close();
  }
}

const percentile = (xs: number[], p: number): number =>
  xs.sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

/** 100,000 incidents in the local store; pages of the list API with filters over real HTTP. */
export async function apiBench(): Promise<Figure[]> {
  const now = Date.now();
  const start = now - INCIDENTS * 30_000;
  const runtime = await LocalRuntime.start({ config: parseConfig({}), escalation: false, clock: () => now });
  const built = await buildConsole(mkdtempSync(join(tmpdir(), 'watchkeeper-console-bench-')));
  const server = await startApiServer(runtime.apiHandler(), { port: 0, consoleDir: built.dir });
  try {
    const loadStart = performance.now();
    const batches: Array<Array<Record<string, unknown>>> = [];
    for (let i = 0; i < INCIDENTS; i += 25)
      batches.push(Array.from({ length: Math.min(25, INCIDENTS - i) }, (_, k) => toItem(incident(i + k, start))));
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < batches.length) {
          const batch = batches[next++];
          await batchWriteAll(
            runtime.doc,
            runtime.dynamo.tableName,
            batch.map((Item) => ({ PutRequest: { Item } })),
          );
        }
      }),
    );
    const loadSeconds = (performance.now() - loadStart) / 1000;
    const queries = [
      'status=open',
      'cluster=cluster-7',
      'team=security&status=open',
      'severity=critical',
      'cluster=cluster-3&rule=pod-exec',
      'namespace=ns-12',
      '',
    ];
    const times: number[] = [];
    let pages = 0;
    runtime.dynamo.counter.reset();
    for (const query of queries) {
      let cursor: string | null = null;
      for (let page = 0; page < 20; page++) {
        const t = performance.now();
        const response = await fetch(
          `${server.url}/incidents?limit=25${query ? `&${query}` : ''}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        const body = (await response.json()) as { items: unknown[]; nextCursor: string | null };
        times.push(performance.now() - t);
        if (response.status !== 200) throw new Error(`list failed: ${JSON.stringify(body)}`);
        pages++;
        cursor = body.nextCursor;
        if (!cursor) break;
      }
    }
    const requests = [...runtime.dynamo.counter.byOperation.values()].reduce((a, b) => a + b, 0);
    if (runtime.dynamo.counter.byOperation.get('Scan')) throw new Error('a list used Scan');
    const consoleMs = await consoleFirstPage(server.url);
    return [
      {
        key: 'apiIncidentsLoaded',
        label: `incidents loaded into the local store (${Math.round(INCIDENTS / loadSeconds)}/s)`,
        value: INCIDENTS,
        unit: 'items',
      },
      {
        key: 'apiStoreRequestsPerPage',
        label: `DynamoDB requests per list page (${pages} pages, 7 filter sets)`,
        value: Math.round((requests / pages) * 1000) / 1000,
        unit: 'requests',
        target: '1',
      },
      {
        key: 'apiPageP50Ms',
        label: 'list page latency p50 (local HTTP + dynalite)',
        value: Math.round(percentile(times, 0.5) * 10) / 10,
        unit: 'ms',
      },
      {
        key: 'apiPageP99Ms',
        label: 'list page latency p99 (local HTTP + dynalite)',
        value: Math.round(percentile(times, 0.99) * 10) / 10,
        unit: 'ms',
      },
      {
        key: 'consoleFirstPageMs',
        label: 'console: queue first page rendered, median of 5 (Chromium)',
        value: Math.round(consoleMs),
        unit: 'ms',
        target: '< 1000',
      },
      {
        key: 'consoleJsKbGzip',
        label: 'console: initial JavaScript, gzip',
        value: Math.round((built.jsGzipBytes / 1024) * 10) / 10,
        unit: 'KB',
        target: '<= 150',
      },
    ];
  } finally {
    await server.close();
    await runtime.close();
  }
}
