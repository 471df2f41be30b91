const ICON: Record<string, string> = { draft: "✎", frozen: "❄", released: "✔" };

/** A version's state as a badge: icon, word and colour together. */
export function StateBadge({ state }: { state: string }) {
  const icon = ICON[state] ?? "";
  return (
    <span className={`state-badge state-${state}`}>
      <span aria-hidden="true">{icon} </span>
      {state}
    </span>
  );
}
