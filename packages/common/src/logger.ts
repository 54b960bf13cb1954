import pino, { type Logger } from 'pino';

/**
 * Structured JSON logs. Personal data never goes in a log line: NHS numbers, names and values are
 * redacted wherever they appear under these keys, and code logs ids and counts, not records.
 */
export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    name: service,
    level,
    base: { service },
    redact: {
      paths: [
        'nhsNumber',
        '*.nhsNumber',
        'name',
        '*.name',
        'password',
        '*.password',
        'otp',
        'variables',
        '*.variables',
      ],
      censor: '[redacted]',
    },
  });
}

export type { Logger };
