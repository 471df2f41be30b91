import { api } from "../api/endpoints.js";
import { useApi } from "../api/useApi.js";
import { RoundCard } from "../components/RoundCard.js";
import "./meeting.css";

/**
 * The row's earlier rounds (a re-vote keeps them), fetched over REST: the room's state carries
 * only the latest round. Refetched whenever that round changes.
 */
export function RoundHistory(props: {
  assessment: string;
  row: string;
  latest: { id: string; state: string } | null;
}) {
  const { assessment, row } = props;
  const latest = props.latest?.id ?? null;
  const { data } = useApi(
    (signal) => api.rounds(assessment, row, null, signal),
    [assessment, row, latest, props.latest?.state],
  );
  const earlier = (data ?? []).filter((r) => r.id !== latest && r.state === "revealed");
  if (earlier.length === 0) return null;
  return (
    <details className="mt-panel mt-history" data-testid="round-history">
      <summary>
        Earlier rounds on {row} ({earlier.length})
      </summary>
      {earlier
        .slice()
        .reverse()
        .map((r) => (
          <RoundCard key={r.id} round={r} />
        ))}
    </details>
  );
}
