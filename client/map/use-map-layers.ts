// What MapView derives from its input once per change: the deck.gl layers below and above the
// animated ones, the colour scale of the legend, and whether any shown region is generated
// (the legend then says so).
import { useMemo } from 'react';
import type { Layer } from '@deck.gl/core';
import type { ColorScale } from './color-scale';
import { baseLayers, labelLayers, type BaseInput } from './layers';
import { fillFeatures, fillScale } from './layers/region-layer';
import type { RegionIndex } from './region-index';

export interface MapLayers {
  base: Layer[];
  labels: Layer[];
  scale: ColorScale | null;
  synthetic: boolean;
}

export function useMapLayers(
  input: BaseInput | null,
  index: RegionIndex | null,
  generation: number,
): MapLayers {
  // Layer instances hold state of the Deck (and WebGL context) that initialised them: a new
  // generation after a context loss needs new instances, or deck asserts on the dead buffers.
  const base = useMemo(() => (input ? baseLayers(input) : []), [input, generation]);
  const labels = useMemo(() => (input ? labelLayers(input) : []), [input, generation]);
  const scale = useMemo(
    () => (input && index ? fillScale({ ...input, index }) : null),
    [input, index],
  );
  const synthetic = useMemo(
    () =>
      input && index
        ? fillFeatures({ ...input, index }).some((f) => f.properties.synthetic)
        : false,
    [input, index],
  );
  return { base, labels, scale, synthetic };
}
