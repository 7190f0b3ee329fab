// The data:build command line: what a district office types, and what it is told when it is wrong.
import { describe, expect, it } from 'vitest';
import { parseBuildArgs } from '../../scripts/data/build';

describe('data:build arguments', () => {
  it('reads a full command line into options', () => {
    const o = parseBuildArgs([
      '--division',
      '360702',
      '--out',
      'data/zhanggong',
      '--communities',
      'c.zip',
      '--datum',
      'gcj-02',
      '--tolerance',
      '1.5',
      '--no-repair',
      '--no-history',
      '--history-ends-on',
      '2026-11-20',
    ]);
    expect(o).toMatchObject({
      division: '360702',
      out: 'data/zhanggong',
      communities: 'c.zip',
      datum: 'GCJ02',
      tolerance: 1.5,
      repair: 'refuse',
      history: false,
      historyEndsOn: '2026-11-20',
      seed: 20240106,
    });
  });

  it.each([
    [['--out', 'x'], '--division needs a 6-digit division code'],
    [['--division', '51010', '--out', 'x'], '--division needs a 6-digit division code'],
    [['--division', '510106'], '--out needs a directory'],
    [
      ['--division', '510106', '--out', 'x', '--datum', 'UTM'],
      '--datum must be one of WGS84, GCJ02, BD09',
    ],
    [
      ['--division', '510106', '--out', 'x', '--tolerance', '0'],
      '--tolerance needs a number of metres > 0',
    ],
    [
      ['--division', '510106', '--out', 'x', '--no-repair', '--as-is'],
      '--no-repair and --as-is exclude each other',
    ],
    [
      ['--division', '510106', '--out', 'x', '--history-ends-on', '20.11.2026'],
      '--history-ends-on needs YYYY-MM-DD',
    ],
  ])('%j is refused: %s', (argv, message) => {
    expect(() => parseBuildArgs(argv)).toThrow(message);
  });

  it('names an unknown option', () => {
    expect(() =>
      parseBuildArgs(['--division', '510106', '--out', 'x', '--outlines', 'o.geojson']),
    ).toThrow(/--outlines/);
  });
});
