import type { RiskLevel } from "../api/types.js";
import { readableText } from "./color.js";

/** A risk level in the methodology's colour, with its label always written out. */
export function LevelBadge({
  label,
  color,
  className,
}: {
  label: string;
  color: string | null | undefined;
  className?: string;
}) {
  const bg = color ?? "#9e9e9e";
  return (
    <span
      className={`level-badge${className ? ` ${className}` : ""}`}
      style={{ backgroundColor: bg, color: readableText(bg) }}
    >
      {label}
    </span>
  );
}

/** Looks a level id up in a methodology's levels and shows it; falls back to the id. */
export function LevelById({ id, levels }: { id: string | null; levels: RiskLevel[] | undefined }) {
  if (id === null) return <span className="muted">unscored</span>;
  const level = levels?.find((l) => l.id === id);
  return <LevelBadge label={level?.label ?? id} color={level?.color} />;
}
