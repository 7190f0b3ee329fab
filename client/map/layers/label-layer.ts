// Place names, drawn by deck.gl (the maplibre style has no glyphs: nothing may load from the
// internet, and an exhibition hall has none). The font is the system CJK font; the character set
// is every character of every place name, fixed per dataset, so the SDF atlas is built once and
// not again when the level of detail changes. Overlaps are hidden on the GPU, big regions first.
import { TextLayer } from '@deck.gl/layers';
import { CollisionFilterExtension } from '@deck.gl/extensions';
import type { CollisionFilterExtensionProps } from '@deck.gl/extensions';
import type { RegionLevel } from '@shared/protocol';
import type { RegionFeature, RegionIndex } from '../region-index';
import { LABEL_FONT } from '../theme';

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

/** Bigger regions win a collision; stable over time, so labels do not flicker with the data. */
export function labelPriority(index: RegionIndex, f: RegionFeature): number {
  const b = index.bounds(f.properties.id);
  if (!b) return 0;
  const area = (b[1][0] - b[0][0]) * (b[1][1] - b[0][1]); // deg², ≈ 1e-5 for a grid
  return Math.max(-1000, Math.min(1000, Math.round(200 * Math.log10(area * 1e6))));
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
    getText: (f) => f.properties.name,
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
    // The filter hides a label whose anchor is covered by a higher-priority label drawn in the
    // collision pass; drawing them 1.8× larger there keeps whole names apart, not just anchors.
    collisionTestProps: { sizeScale: uiScale * 1.8 },
    updateTriggers: { getSize: level },
  });
}
