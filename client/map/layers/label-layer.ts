// Place names, drawn by deck.gl (the maplibre style has no glyphs: nothing may load from the
// internet, and an exhibition hall has none). The font is the system CJK font; the character set
// is every character of every place name, fixed per dataset, so the SDF atlas is built once and
// not again when the level of detail changes. Long names are shortened (label-text.ts) and
// overlaps are hidden on the GPU: see labelPriority for why the wider label wins.
import { TextLayer } from '@deck.gl/layers';
import { CollisionFilterExtension } from '@deck.gl/extensions';
import type { CollisionFilterExtensionProps } from '@deck.gl/extensions';
import type { RegionLevel } from '@shared/protocol';
import type { RegionFeature, RegionIndex } from '../region-index';
import { LABEL_FONT } from '../theme';
import { labelWidthEm, mapLabel } from './label-text';

export const LABEL_LAYER_ID = 'region-labels';

/** Pixels at 1080p (× uiScale): nothing under 14, so names read from about 5 m on a wall. Bigger
 * names mean fewer fit at the grid level; the collision filter below drops the overlaps. */
export const LABEL_SIZE: Record<RegionLevel, number> = {
  district: 18,
  street: 16,
  community: 15,
  grid: 14,
};

const collision = new CollisionFilterExtension();

/**
 * The collision filter tests only a label's anchor: a label is hidden when its anchor lies under
 * a higher-priority label as drawn in the collision pass (COLLISION_SCALE × its size). Two labels
 * of widths w1 ≥ w2 overlap when their anchors are closer than (w1 + w2) / 2 ≤ w1 across, and
 * h up and down; the wider one drawn COLLISION_SCALE ≥ 2 times as large covers exactly that
 * much. So the wider label must win, whatever the regions' sizes: a short town name beside
 * 赣州经开区 is hidden, never drawn across it. Among labels of one width the bigger region wins.
 */
const COLLISION_SCALE = 2.1;
/** Half-em steps of width, 0 to 16 (the longest label is LABEL_MAX_EM = 7 em). */
const WIDTH_STEPS = 16;
const AREA_STEPS = 58; // (WIDTH_STEPS + 1) × AREA_STEPS stays within the filter's ±1000

/** Priority of a label in a collision; stable over time, so labels do not flicker with the data. */
export function labelPriority(index: RegionIndex, f: RegionFeature): number {
  const width = Math.min(WIDTH_STEPS, Math.ceil(labelWidthEm(mapLabel(f.properties.name)) * 2));
  const b = index.bounds(f.properties.id);
  // deg², ≈ 1e-5 for a grid, 1e-3 for a street: log10(area) + 8 spans 0..8 for any county.
  const area = b ? (b[1][0] - b[0][0]) * (b[1][1] - b[0][1]) : 0;
  const size = area > 0 ? Math.log10(area) + 8 : 0;
  const areaRank = Math.max(0, Math.min(AREA_STEPS - 1, Math.round((size * AREA_STEPS) / 8)));
  return width * AREA_STEPS + areaRank;
}

export function labelLayer(
  index: RegionIndex,
  features: RegionFeature[],
  level: RegionLevel,
  uiScale: number,
) {
  return new TextLayer<RegionFeature, CollisionFilterExtensionProps<RegionFeature>>({
    id: LABEL_LAYER_ID,
    data: features,
    getPosition: (f) => f.properties.center,
    getText: (f) => mapLabel(f.properties.name),
    getSize: LABEL_SIZE[level],
    sizeUnits: 'pixels',
    sizeScale: uiScale,
    getColor: [232, 244, 255, 240],
    fontFamily: LABEL_FONT,
    fontWeight: 500,
    characterSet: index.characters,
    fontSettings: { sdf: true, fontSize: 64, buffer: 6, radius: 16, cutoff: 0.22 },
    outlineWidth: 3,
    outlineColor: [3, 12, 32, 230],
    getTextAnchor: 'middle',
    getAlignmentBaseline: 'center',
    extensions: [collision],
    getCollisionPriority: (f) => labelPriority(index, f),
    // Drawn COLLISION_SCALE× larger in the collision pass, so whole names stay apart (above).
    collisionTestProps: { sizeScale: uiScale * COLLISION_SCALE },
    updateTriggers: { getSize: level },
  });
}
