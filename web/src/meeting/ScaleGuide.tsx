import type { RoomState } from "./protocol.js";
import "./meeting.css";

/** The scale descriptions, for everyone (voters also see them on their cards). */
export function ScaleGuide(props: { scales: RoomState["scales"]; open: boolean }) {
  return (
    <details className="mt-panel mt-guide" open={props.open}>
      <summary>Scales: what each value means</summary>
      <div className="mt-guide-cols">
        {(["likelihood", "impact"] as const).map((axis) => (
          <div key={axis}>
            <h3>{axis === "likelihood" ? "Likelihood" : "Impact"}</h3>
            <dl>
              {props.scales[axis].map((s) => (
                <div key={s.value} className="mt-guide-item">
                  <dt>
                    {s.value} · {s.label}
                  </dt>
                  <dd>{s.description}</dd>
                </div>
              ))}
            </dl>
          </div>
        ))}
      </div>
    </details>
  );
}
