// Starting figures per grid, calibrated to the seeds: ≈2.4 persons per household (Jinniu ≈1.26 M
// people), 1–2 grid members per grid, volunteers ≈3–5 % of residents (seed 001: 760,000+ in a
// city of ≈21 M, higher in an urban core), in-service party members reporting ≈2–4 % of households.
import type { GridFigures } from '../../server/dataset/types';
import { mulberry32 } from '../../server/random/prng';

export const FIGURES_COLUMNS = [
  'gridId',
  'households',
  'population',
  'gridMembers',
  'volunteers',
  'partyMembers',
] as const;

export function buildFigures(households: Map<string, number>, seed: number): GridFigures[] {
  const rng = mulberry32(seed);
  return [...households.entries()].map(([gridId, hh]) => {
    const population = Math.round(hh * (2.2 + rng() * 0.4));
    return {
      gridId,
      households: hh,
      population,
      gridMembers: hh >= 440 || rng() < 0.2 ? 2 : 1,
      volunteers: Math.round(population * (0.03 + rng() * 0.02)),
      partyMembers: Math.round(hh * (0.02 + rng() * 0.02)),
    };
  });
}
