/** The console page of an incident: routes live after `#`, so the console and the API can share an origin. */
export const consoleLink = (consoleBase: string, incidentId: string): string =>
  `${consoleBase.replace(/\/+$/, '')}/#/incidents/${encodeURIComponent(incidentId)}`;
