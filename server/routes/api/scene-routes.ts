// The scene files of the presentation modes, read from SCENES_DIR on every request so that an
// edited tour shows up on the next screen reload, without a rebuild or a restart.
import Type from 'typebox';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { HttpError } from '../../http-error';
import { ERRORS, SceneFileSchema } from '../../schemas/responses';

export function sceneRoutes(app: FastifyInstance, scenesDir: string): void {
  app.withTypeProvider<TypeBoxTypeProvider>().get(
    '/api/scenes/:name',
    {
      schema: {
        tags: ['read'],
        summary: 'The scene file of a presentation mode (tour = exhibition, briefing)',
        params: Type.Object({ name: Type.Enum(['tour', 'briefing']) }),
        response: { 200: SceneFileSchema, ...ERRORS },
      },
    },
    async (req, reply) => {
      // The answer names the file as SCENES_DIR/<name>.json: where the server keeps it is for
      // its log, not for an anonymous screen.
      const name = `${req.params.name}.json`;
      const file = join(scenesDir, name);
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (err) {
        req.log.warn({ file, code: (err as NodeJS.ErrnoException).code }, 'scene file unreadable');
        throw new HttpError(
          404,
          'no_scene_file',
          `${name} does not exist in SCENES_DIR; see README "Presentation modes" for its format`,
        );
      }
      try {
        JSON.parse(text);
      } catch (err) {
        req.log.warn({ file, err }, 'scene file is not JSON');
        throw new HttpError(
          500,
          'bad_scene_file',
          `${name} in SCENES_DIR is not valid JSON: ${(err as Error).message}`,
        );
      }
      return reply
        .type('application/json; charset=utf-8')
        .header('cache-control', 'no-cache')
        .send(text);
    },
  );
}
