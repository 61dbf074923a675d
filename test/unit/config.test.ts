// Configuration from the environment: defaults, values read, and a clear error for a bad value
// (the process must not start on a setting it misread).
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/kernel/config.ts';

describe('configuration', () => {
  it('waits 10 s for a check to be logged unless told otherwise', () => {
    expect(loadConfig({}, {}).checkWaitSeconds).toBe(10);
    expect(loadConfig({}, { XINYONG_CHECK_WAIT_SECONDS: '3' }).checkWaitSeconds).toBe(3);
    expect(loadConfig({ checkWaitSeconds: 2 }, { XINYONG_CHECK_WAIT_SECONDS: '3' }).checkWaitSeconds).toBe(2);
    // Set but empty is unset.
    expect(loadConfig({}, { XINYONG_CHECK_WAIT_SECONDS: '' }).checkWaitSeconds).toBe(10);
    expect(loadConfig({}, {}).followPollSeconds).toBe(1);
    expect(loadConfig({}, { XINYONG_FOLLOW_POLL_SECONDS: '3600' }).followPollSeconds).toBe(3600);
    expect(() => loadConfig({}, { XINYONG_FOLLOW_POLL_SECONDS: '0' })).toThrow(/XINYONG_FOLLOW_POLL_SECONDS must be a whole number from 1 to 86400/);
  });

  it.each(['0', '3601', '1.5', 'ten'])('refuses XINYONG_CHECK_WAIT_SECONDS=%j with the range it takes', (value) => {
    expect(() => loadConfig({}, { XINYONG_CHECK_WAIT_SECONDS: value })).toThrow(ConfigError);
    expect(() => loadConfig({}, { XINYONG_CHECK_WAIT_SECONDS: value })).toThrow(
      `XINYONG_CHECK_WAIT_SECONDS must be a whole number from 1 to 3600, not '${value}'`,
    );
  });
});
