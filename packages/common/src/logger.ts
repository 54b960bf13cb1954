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
      // At the top of a line and one level down: code logs ids and counts, so these are a net
      // for a mistake, not the means of keeping data out.
      paths: [
        ...['nhsNumber', 'name', 'givenName', 'familyName', 'dateOfBirth', 'postcode', 'address', 'phone'],
        ...['password', 'otp', 'variables'],
      ].flatMap((k) => [k, `*.${k}`]),
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

export type { Logger };
