// What makes server processes one cluster, for `npm run start:cluster` and bench:scale alike:
// the same database and the same Redis for every node, and one simulator for all of them.
export function clusterNodeEnv(
  env: NodeJS.ProcessEnv,
  { databaseUrl, redisUrl, node }: { databaseUrl: string; redisUrl?: string; node: number },
): NodeJS.ProcessEnv {
  return {
    ...env,
    DATABASE_URL: databaseUrl,
    // One node alone needs no change feed.
    ...(redisUrl && { REDIS_URL: redisUrl }),
    // Every node would otherwise invent its own demo district's problems.
    ...(node > 1 && { SIMULATOR: 'off' }),
  };
}
