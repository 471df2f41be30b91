import { api, cachedMethodology } from "../api/endpoints.js";
import type { MethodologyDefinition, RowsPage, RowView } from "../api/types.js";
import { useApi, type ApiState } from "../api/useApi.js";

export type Methodology = MethodologyDefinition;
export type HeatRow = Pick<RowView, "id" | "score" | "lineage">;

export interface HeatmapData {
  methodology: Methodology;
  current: RowsPage;
  compare: RowsPage | null;
}

/**
 * The methodology (fetched once per session) and the rows of the shown version and of the
 * compared one, through the app's API client (401s send the user to the login page).
 */
export function useHeatmapData(
  assessment: string,
  methodologyId: string,
  version: string | null,
  compare: string | null,
): ApiState<HeatmapData> {
  return useApi(
    async (signal) => {
      const [m, current, other] = await Promise.all([
        cachedMethodology(methodologyId),
        api.rows(assessment, version, signal),
        compare ? api.rows(assessment, compare, signal) : Promise.resolve(null),
      ]);
      return { methodology: m.definition, current, compare: other };
    },
    [assessment, methodologyId, version, compare],
  );
}
