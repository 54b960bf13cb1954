import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Structured JSON logs. Personal data never goes in a log line: NHS numbers, names and values are
 * redacted wherever they appear under these keys, and code logs ids and counts, not records.
 */
export function createLogger(
  service: string,
  // Jest runs quietly unless LOG_LEVEL asks otherwise.
  level = process.env.LOG_LEVEL ?? (process.env.JEST_WORKER_ID ? 'warn' : 'info'),
  /** Where lines go (standard output when unset); tests pass a stream to read them. */
  destination?: DestinationStream,
): Logger {
  // The service goes in `service`, not pino's `name`: `name` is redacted as personal data below.
  const options: pino.LoggerOptions = {
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
  };
  return destination ? pino(options, destination) : pino(options);
}

export type { Logger };
