// Logs at INFO and EMF on, as in Lambda. Import this first: the shared Powertools instances read the
// environment once, when a test file first imports them.
process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
process.env.POWERTOOLS_METRICS_DISABLED = 'false';
process.env.POWERTOOLS_DEV = 'false';
