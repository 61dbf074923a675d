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

  it('names the log xinyong.local/ledger unless told otherwise, and refuses an origin that is not a C2SP key name', () => {
    // The origin is the key name of the checkpoints' signature: a name with a space or a plus cannot be one (c2sp.org/signed-note).
    expect(loadConfig({}, {}).logOrigin).toBe('xinyong.local/ledger');
    expect(loadConfig({}, { XINYONG_LOG_ORIGIN: 'credit.example.gov.cn/ledger' }).logOrigin).toBe('credit.example.gov.cn/ledger');
    for (const bad of ['credit example', 'a+b', 'line\nbreak', 'tab\there'])
      expect(() => loadConfig({}, { XINYONG_LOG_ORIGIN: bad }), bad).toThrow(/logOrigin \(XINYONG_LOG_ORIGIN\) must be a key name/);
    expect(() => loadConfig({ logOrigin: '' }, {})).toThrow(ConfigError);
  });

  it('allows 600 reads of the transparency log a minute per client unless told otherwise (0: no limit)', () => {
    expect(loadConfig({}, {}).logRequestsPerMinute).toBe(600);
    expect(loadConfig({}, { XINYONG_LOG_REQUESTS_PER_MINUTE: '0' }).logRequestsPerMinute).toBe(0);
    expect(loadConfig({}, { XINYONG_LOG_REQUESTS_PER_MINUTE: '30' }).logRequestsPerMinute).toBe(30);
    expect(() => loadConfig({}, { XINYONG_LOG_REQUESTS_PER_MINUTE: '-1' })).toThrow(/XINYONG_LOG_REQUESTS_PER_MINUTE must be a whole number from 0 to 1000000/);
  });

  it('reads the witnesses’ keys separated by commas or newlines, none by default', () => {
    expect(loadConfig({}, {}).logWitnesses).toEqual([]);
    expect(loadConfig({}, { XINYONG_LOG_WITNESSES: ' w1+0102abcd+BA==,\nw2+0a0b0c0d+BA==\n\n' }).logWitnesses).toEqual(['w1+0102abcd+BA==', 'w2+0a0b0c0d+BA==']);
    expect(() => loadConfig({ logWitnesses: 'w1+0102abcd+BA==' as unknown as string[] }, {})).toThrow(/must be a list of verifier keys/);
  });
});
