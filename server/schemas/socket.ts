// TypeBox schemas of every socket payload, checked below against shared/protocol.ts as the write
// bodies are (schemas/ingest.ts): one definition validates at run time and types at compile time.
import Type, { type Static } from 'typebox';
import { BRIEFING_ID_PATTERN, REGION_LEVELS } from '../../shared/protocol';
import type { BriefingGoto, BriefingState, RegionRef } from '../../shared/protocol';

export const ScopeSchema = Type.Object(
  {
    level: Type.Enum([...REGION_LEVELS]),
    id: Type.String({ minLength: 1, maxLength: 80 }),
  },
  { additionalProperties: false },
);

export const BriefingIdSchema = Type.String({
  maxLength: 64,
  pattern: BRIEFING_ID_PATTERN.source,
  description: '1–64 letters, digits, dots, dashes or underscores',
});

/** The largest scene index a briefing file may have (1,000 scenes). */
const MAX_SCENE_INDEX = 999;

export const BriefingGotoSchema = Type.Object(
  {
    briefingId: BriefingIdSchema,
    sceneIndex: Type.Integer({ minimum: 0, maximum: MAX_SCENE_INDEX }),
    frozenAt: Type.String({ format: 'date-time', maxLength: 40 }),
    presenterToken: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);

/** A step another node took, as it tells the others through Redis (server/cluster). */
export const BriefingStateSchema = Type.Object(
  {
    briefingId: BriefingIdSchema,
    sceneIndex: Type.Integer({ minimum: 0, maximum: MAX_SCENE_INDEX }),
    frozenAt: Type.String({ format: 'date-time', maxLength: 40 }),
    startedAt: Type.String({ format: 'date-time', maxLength: 40 }),
  },
  { additionalProperties: false },
);

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const proofs: [
  Same<Static<typeof ScopeSchema>, RegionRef>,
  Same<Static<typeof BriefingGotoSchema>, BriefingGoto>,
  Same<Static<typeof BriefingStateSchema>, BriefingState>,
] = [true, true, true];
void proofs;
