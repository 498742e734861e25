import { describe, expect, it } from '@jest/globals';
import { SNSClient } from '@aws-sdk/client-sns';

// The shared tracer decides once, when powertools.ts is imported, from POWERTOOLS_TRACE_ENABLED and
// whether it runs in Lambda (AWS_EXECUTION_ENV); a query string gives each case its own module.
async function tracedWith(enabled: 'true' | 'false'): Promise<SNSClient> {
  const saved = { ...process.env };
  Object.assign(process.env, { POWERTOOLS_TRACE_ENABLED: enabled, AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x' });
  try {
    const { traced } = await import(`../../../functions/shared/powertools.ts?trace=${enabled}`);
    return traced(new SNSClient({}));
  } finally {
    process.env = saved;
  }
}

describe('AWS clients in Lambda', () => {
  it('record every call as an X-Ray subsegment when tracing is on', async () => {
    // Act
    const client = await tracedWith('true');

    // Assess
    expect(client.middlewareStack.identify().join(' ')).toMatch(/XRaySDKInstrumentation/);
  });

  it('stay untouched where tracing is off (local runtime, tests)', async () => {
    // Act
    const client = await tracedWith('false');

    // Assess
    expect(client.middlewareStack.identify().join(' ')).not.toMatch(/XRay/);
  });
});
