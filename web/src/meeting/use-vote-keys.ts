import { useEffect, useRef, useState } from "react";
import type { Axis } from "./protocol.js";

function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
}

/**
 * Keyboard voting anywhere on the page (outside text fields): a digit picks the likelihood,
 * the next digit the impact, and so on alternately; Enter submits; Escape starts over at
 * likelihood. Returns the axis the next digit goes to.
 */
export function useVoteKeys(opts: {
  enabled: boolean;
  pick: (axis: Axis, value: number) => boolean;
  submit: () => void;
}): Axis {
  const [next, setNext] = useState<Axis>("likelihood");
  const ref = useRef({ ...opts, next });
  useEffect(() => {
    ref.current = { ...opts, next };
  });
  useEffect(() => {
    if (!opts.enabled) return;
    const onKey = (e: KeyboardEvent): void => {
      if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
      const o = ref.current;
      if (/^[0-9]$/.test(e.key)) {
        const value = e.key === "0" ? 10 : Number(e.key);
        if (o.pick(o.next, value)) {
          e.preventDefault();
          setNext(o.next === "likelihood" ? "impact" : "likelihood");
        }
      } else if (e.key === "Enter") {
        // Enter on a focused control keeps its own meaning (pressing that card or button).
        if (e.target instanceof HTMLElement && e.target.closest("button, a, summary")) return;
        e.preventDefault();
        o.submit();
      } else if (e.key === "Escape") {
        setNext("likelihood");
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [opts.enabled]);
  return next;
}
