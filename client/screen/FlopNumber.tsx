// A headline number that flips the digits that changed (split-flap style). The element's text is
// the exact new value from the first frame — the flip is decoration on each digit — so anyone
// reading the DOM (tests, screen readers) never sees an in-between number.
export interface FlopNumberProps {
  text: string;
  testId?: string;
}

export function FlopNumber({ text, testId }: FlopNumberProps) {
  const chars = [...text];
  return (
    <span className="flop" data-testid={testId}>
      {chars.map((c, i) => {
        // Keyed by place from the right and by the character: a changed digit remounts (and its
        // CSS flip runs again), an unchanged one stays still.
        const place = chars.length - i;
        return (
          <span key={`${place}:${c}`} className={/\d/.test(c) ? 'flop-digit' : 'flop-sep'}>
            {c}
          </span>
        );
      })}
    </span>
  );
}
