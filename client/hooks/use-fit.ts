// The wall's fit, recomputed on resize; it also sets the root font-size, which is the one scale
// every rem on the page follows (crisp text at any size, no transform zoom).
import { useLayoutEffect, useState } from 'react';
import { computeFit, type Fit } from '../screen/fit';

const current = () => computeFit(window.innerWidth, window.innerHeight);

export function useFit(): Fit {
  const [fit, setFit] = useState(current);
  useLayoutEffect(() => {
    const onResize = () =>
      setFit((prev) => {
        const next = current();
        return next.rem === prev.rem &&
          next.columnsPerSide === prev.columnsPerSide &&
          next.columnRem === prev.columnRem
          ? prev
          : next;
      });
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  useLayoutEffect(() => {
    document.documentElement.style.fontSize = `${fit.rem}px`;
  }, [fit.rem]);
  return fit;
}
