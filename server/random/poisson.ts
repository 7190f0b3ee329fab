// How many events of a Poisson process with this mean fall in one interval (Knuth's method:
// fine for the small means of one simulator tick or one back-filled day per community).
export function poisson(mean: number, random: () => number): number {
  const l = Math.exp(-mean);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= random();
  } while (p > l && k < 1000);
  return k - 1;
}
