// The try-out copy of deploy/nginx.conf: the same file (one config to read and to test), with
// this machine's nodes and port in the marked places, and everything nginx writes (pid, logs,
// temp files) under its own prefix directory, so it runs without root and beside another nginx.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const NGINX_TEMPLATE = resolve(import.meta.dirname, '../../deploy/nginx.conf');

/** Replaces each `# @<name>` … `# @end` block's lines with `lines` (indentation kept). */
function fill(text: string, name: string, lines: string[]): string {
  const block = new RegExp(`^([ \\t]*)# @${name}\\n[\\s\\S]*?^[ \\t]*# @end\\n`, 'gm');
  if (!block.test(text)) throw new Error(`${NGINX_TEMPLATE}: no "# @${name}" block`);
  return text.replace(block, (_m, indent: string) => lines.map((l) => `${indent}${l}\n`).join(''));
}

export interface TryOutNginx {
  /** Where nginx keeps its pid, logs and temp files (`nginx -p <prefix>`). */
  prefix: string;
  port: number;
  /** host:port of each node. */
  nodes: string[];
}

export function tryOutNginxConfig(o: TryOutNginx): string {
  let text = readFileSync(NGINX_TEMPLATE, 'utf8');
  text = fill(
    text,
    'nodes',
    o.nodes.map((n) => `server ${n} max_fails=1 fail_timeout=10s;`),
  );
  // The first node takes the imports; the others take over only while it is down.
  text = fill(
    text,
    'import-nodes',
    o.nodes.map((n, i) => `server ${n} max_fails=1 fail_timeout=10s${i > 0 ? ' backup' : ''};`),
  );
  text = fill(text, 'listen', [`listen 127.0.0.1:${o.port};`]);
  // Everything nginx writes goes under the prefix: pid, logs, and the temp files whose
  // compiled-in defaults (/var/lib/nginx) need root.
  text = text
    .replaceAll('/run/nginx.pid', join(o.prefix, 'nginx.pid'))
    .replaceAll('/var/log/nginx/', `${o.prefix}/`)
    .replace(/^worker_processes .*$/m, 'worker_processes 1;');
  const temps = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((k) => `    ${k}_temp_path ${join(o.prefix, `tmp-${k}`)};`)
    .join('\n');
  return text.replace(/^http \{\n/m, `http {\n${temps}\n`);
}

/** The arguments that run nginx in the foreground on a config written by tryOutNginxConfig. */
export function nginxArgs(prefix: string, configFile: string): string[] {
  return ['-p', prefix, '-e', join(prefix, 'error.log'), '-c', configFile, '-g', 'daemon off;'];
}
