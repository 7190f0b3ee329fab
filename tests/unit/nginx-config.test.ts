// The try-out copy of deploy/nginx.conf: every node in the screen upstreams, and exactly one
// import node with the others as its backups (imports keep their file on one node).
import { describe, expect, it } from 'vitest';
import { tryOutNginxConfig } from '../../scripts/cluster/nginx-config';

function upstream(conf: string, name: string): string[] {
  const body = conf.match(new RegExp(`upstream ${name} \\{([\\s\\S]*?)\\n    \\}`))?.[1] ?? '';
  return body
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('server '));
}

describe('tryOutNginxConfig', () => {
  const nodes = ['127.0.0.1:4001', '127.0.0.1:4002', '127.0.0.1:4003'];
  const conf = tryOutNginxConfig({ prefix: '/tmp/x', port: 8080, nodes });

  it('puts every node in both screen upstreams', () => {
    for (const name of ['screen_nodes', 'screen_nodes_by_client'])
      expect(upstream(conf, name)).toEqual(
        nodes.map((n) => `server ${n} max_fails=1 fail_timeout=10s;`),
      );
  });

  it('sends imports to the first node, the others only as backups', () => {
    expect(upstream(conf, 'import_nodes')).toEqual([
      'server 127.0.0.1:4001 max_fails=1 fail_timeout=10s;',
      'server 127.0.0.1:4002 max_fails=1 fail_timeout=10s backup;',
      'server 127.0.0.1:4003 max_fails=1 fail_timeout=10s backup;',
    ]);
    expect(conf).toMatch(/location \/api\/imports \{\n\s+proxy_pass http:\/\/import_nodes;/);
    expect(conf).not.toContain('10.0.0.1');
  });
});
