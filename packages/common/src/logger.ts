import pino, { type Logger } from 'pino';

/**
 * Structured JSON logs. Personal data never goes in a log line: NHS numbers, names and values are
 * redacted wherever they appear under these keys, and code logs ids and counts, not records.
 */
export function createLogger(
  service: string,
  // Jest runs quietly unless LOG_LEVEL asks otherwise.
  level = process.env.LOG_LEVEL ?? (process.env.JEST_WORKER_ID ? 'warn' : 'info'),
): Logger {
  // The service goes in `service`, not pino's `name`: `name` is redacted as personal data below.
  return pino({
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
