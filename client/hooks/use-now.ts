// The wall clock, ticking on the second boundary (so HH:MM:SS never skips or stutters).
import { useEffect, useState } from 'react';

export function useNow(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    const tick = () => {
      const d = new Date();
      setNow(d);
      timer = setTimeout(tick, 1000 - d.getMilliseconds() + 5);
    };
    timer = setTimeout(tick, 1000 - new Date().getMilliseconds() + 5);
    return () => clearTimeout(timer);
  }, []);
  return now;
}
