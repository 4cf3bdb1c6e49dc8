import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { ConfigError, baseConfigSchema, flag, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('applies defaults when variables are unset or empty', () => {
    const config = loadConfig(baseConfigSchema, { GRPC_PORT: '', LOG_LEVEL: undefined });
    assert.equal(config.GRPC_PORT, 50051);
    assert.equal(config.LOG_LEVEL, 'info');
    assert.equal(config.SHUTDOWN_GRACE_MS, 10_000);
  });

  it('coerces numbers from strings', () => {
    assert.equal(loadConfig(baseConfigSchema, { GRPC_PORT: '7000' }).GRPC_PORT, 7000);
  });

  it('names the wrong variable and what it got', () => {
    assert.throws(
      () => loadConfig(baseConfigSchema, { GRPC_PORT: 'abc' }),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.message === 'invalid configuration: GRPC_PORT must be a number, got "abc"',
    );
  });

  it('names every problem in one message, including missing required variables', () => {
    const schema = baseConfigSchema.extend({ DATABASE_URL: z.url() });
    assert.throws(
      () => loadConfig(schema, { HTTP_PORT: '70000', LOG_LEVEL: 'loud' }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.deepEqual(error.problems, [
          'HTTP_PORT must be at most 65535, got "70000"',
          'LOG_LEVEL must be one of "fatal", "error", "warn", "info", "debug", "trace", "silent", got "loud"',
          'DATABASE_URL is required but not set',
        ]);
        return true;
      },
    );
  });

  it('refuses a duration no timer can wait: Node would fire it after 1 ms', () => {
    assert.throws(() => loadConfig(baseConfigSchema, { SHUTDOWN_GRACE_MS: '3000000000' }), /SHUTDOWN_GRACE_MS must be at most 2147483647/);
    assert.equal(loadConfig(baseConfigSchema, { SHUTDOWN_GRACE_MS: '2147483647' }).SHUTDOWN_GRACE_MS, 2 ** 31 - 1);
  });

  it('never prints a secret it refuses: URL passwords masked, secret variables not shown', () => {
    const schema = z.object({ DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }), JWT_HS256_SECRET: z.string().min(32) });
    assert.throws(
      () => loadConfig(schema, { DATABASE_URL: 'postgress://admin:S3cretPassw0rd@db:5432/shine', JWT_HS256_SECRET: 'too-short-secret' }),
      (error: ConfigError) => {
        assert.doesNotMatch(error.message, /S3cretPassw0rd|too-short-secret/);
        assert.match(error.message, /DATABASE_URL .*, got "postgress:\/\/admin:\*\*\*@db:5432\/shine"/);
        assert.match(error.message, /JWT_HS256_SECRET .*, got "<16 characters, not shown>"/);
        return true;
      },
    );
  });

  it('reads a secret from the file <NAME>_FILE names, as a mounted secret volume gives it, and never prints it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shine-config-'));
    try {
      const file = join(dir, 'jwt-secret');
      writeFileSync(file, 'a-mounted-secret-of-at-least-32-bytes!\n');
      const schema = z.object({ JWT_HS256_SECRET: z.string().min(32) });
      assert.deepEqual(loadConfig(schema, { JWT_HS256_SECRET_FILE: file }), { JWT_HS256_SECRET: 'a-mounted-secret-of-at-least-32-bytes!' });
      assert.throws(() => loadConfig(schema, { JWT_HS256_SECRET_FILE: file, JWT_HS256_SECRET: 'x'.repeat(40) }), /JWT_HS256_SECRET and JWT_HS256_SECRET_FILE are both set/);
      assert.throws(() => loadConfig(schema, { JWT_HS256_SECRET_FILE: join(dir, 'missing') }), /JWT_HS256_SECRET_FILE names a file that cannot be read \(ENOENT\)/);
      // Another program's *_FILE variable is not the service's business.
      assert.deepEqual(loadConfig(schema, { JWT_HS256_SECRET_FILE: file, COMPOSE_FILE: join(dir, 'missing') }), { JWT_HS256_SECRET: 'a-mounted-secret-of-at-least-32-bytes!' });
      writeFileSync(file, 'too-short-mounted');
      assert.throws(
        () => loadConfig(schema, { JWT_HS256_SECRET_FILE: file }),
        (error: Error) => !error.message.includes('too-short-mounted') && /JWT_HS256_SECRET .*not shown/.test(error.message),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads flags as words, so "false" is false', () => {
    const schema = z.object({ ON: flag(true), OFF: flag(true) });
    assert.deepEqual(loadConfig(schema, { ON: 'yes', OFF: 'false' }), { ON: true, OFF: false });
    assert.throws(() => loadConfig(schema, { ON: 'maybe' }), /ON must be one of/);
  });
});
