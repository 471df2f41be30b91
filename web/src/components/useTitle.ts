import { useEffect } from "react";

/** Sets the document title while a page is shown. */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · TTT` : "TTT — Token Trust & Traceability";
  }, [title]);
}
