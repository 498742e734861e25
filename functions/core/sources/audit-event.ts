/** The parts of an audit.k8s.io Event that Watchkeeper reads. */
export interface AuditEvent {
  kind?: string;
  apiVersion?: string;
  level?: string;
  auditID?: string;
  stage?: string;
  requestURI?: string;
  verb?: string;
  user?: { username?: string; uid?: string; groups?: string[]; extra?: Record<string, string[]> };
  impersonatedUser?: { username?: string; groups?: string[] };
  sourceIPs?: string[];
  userAgent?: string;
  objectRef?: {
    resource?: string;
    namespace?: string;
    name?: string;
    apiGroup?: string;
    apiVersion?: string;
    subresource?: string;
  };
  responseStatus?: { code?: number; status?: string; reason?: string; message?: string };
  requestObject?: Record<string, unknown>;
  responseObject?: Record<string, unknown>;
  requestReceivedTimestamp?: string;
  stageTimestamp?: string;
  annotations?: Record<string, string>;
}

/** True for anything shaped like an audit.k8s.io Event. */
export function isAuditEvent(value: unknown): value is AuditEvent {
  const v = value as AuditEvent;
  return (
    typeof v === 'object' &&
    v !== null &&
    v.kind === 'Event' &&
    (typeof v.apiVersion !== 'string' || v.apiVersion.startsWith('audit.k8s.io')) &&
    (typeof v.auditID === 'string' || typeof v.verb === 'string')
  );
}
