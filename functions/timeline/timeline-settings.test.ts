import { describe, expect, it } from 'vitest';
import { ConfigError } from '#shared/config/app-config.ts';
import { DEFAULT_TIMELINE_SETTINGS, loadTimelineSettings, timelineSettingsOf } from './timeline-settings.ts';

describe('timeline settings', () => {
  it('defaults to hybrid with an 800-entry cap', () => {
    expect(loadTimelineSettings({})).toEqual(DEFAULT_TIMELINE_SETTINGS);
    expect(DEFAULT_TIMELINE_SETTINGS).toMatchObject({ strategy: 'hybrid', maxEntries: 800 });
  });

  it('reads overrides, treating empty strings as unset', () => {
    const settings = loadTimelineSettings({ FANOUT_STRATEGY: 'write', CELEBRITY_FOLLOWER_THRESHOLD: '3', TIMELINE_MAX_ENTRIES: '' });
    expect(settings).toMatchObject({ strategy: 'write', celebrityThreshold: 3, maxEntries: 800 });
  });

  it('names every invalid variable', () => {
    try {
      loadTimelineSettings({ FANOUT_STRATEGY: 'sideways', CELEBRITY_FOLLOWER_THRESHOLD: '-1' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).issues.join(' ')).toMatch(/FANOUT_STRATEGY.*CELEBRITY_FOLLOWER_THRESHOLD/);
    }
  });

  it('parses an environment object once', () => {
    const env = { FANOUT_STRATEGY: 'read' };
    expect(timelineSettingsOf(env)).toBe(timelineSettingsOf(env));
    expect(timelineSettingsOf(env).strategy).toBe('read');
    expect(timelineSettingsOf(undefined)).toBe(DEFAULT_TIMELINE_SETTINGS);
  });
});
