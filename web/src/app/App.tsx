import { createBrowserRouter } from "react-router";
import { RouterProvider } from "react-router/dom";
import { Assessments } from "../pages/Assessments.js";
import { Heatmap } from "../pages/Heatmap.js";
import { Import } from "../pages/Import.js";
import { Login } from "../pages/Login.js";
import { MeetingRoom } from "../pages/MeetingRoom.js";
import { MetaTable } from "../pages/MetaTable.js";
import { Mitigations } from "../pages/Mitigations.js";
import { RowPage } from "../pages/RowPage.js";
import { Versions } from "../pages/Versions.js";
import { AlertsPage } from "../trace/AlertsPage.js";
import { TraceExplorer } from "../trace/TraceExplorer.js";
import { BansPage } from "../respond/BansPage.js";
import { NewBan } from "../respond/NewBan.js";
import { TokenInspector } from "../respond/TokenInspector.js";
import { IncidentPage } from "../incidents/IncidentPage.js";
import { IncidentsPage } from "../incidents/IncidentsPage.js";
import { HandbookPage } from "../handbook/HandbookPage.js";
import "../styles.css";
import { AssessmentLayout } from "./AssessmentLayout.js";
import { AuthProvider, RequireAuth } from "./auth.js";
import { Layout, NotFound } from "./Layout.js";

/**
 * The routes of the web app. The server answers unknown non-API paths with index.html, so
 * every route below survives a reload.
 */
const router = createBrowserRouter([
  { path: "/login", element: <Login /> },
  {
    path: "/",
    element: (
      <RequireAuth>
        <Layout />
      </RequireAuth>
    ),
    children: [
      { index: true, element: <Assessments /> },
      { path: "import", element: <Import /> },
      {
        path: "a/:assessment",
        element: <AssessmentLayout />,
        children: [
          { index: true, element: <Versions /> },
          { path: "diff", element: <Versions /> },
          { path: "table", element: <MetaTable /> },
          { path: "rows/:row", element: <RowPage /> },
          { path: "meeting", element: <MeetingRoom /> },
          { path: "heatmap", element: <Heatmap /> },
          { path: "mitigations", element: <Mitigations /> },
          { path: "*", element: <NotFound /> },
        ],
      },
      { path: "inspect", element: <TokenInspector /> },
      { path: "bans", element: <BansPage /> },
      { path: "bans/new", element: <NewBan /> },
      { path: "trace", element: <TraceExplorer /> },
      { path: "alerts", element: <AlertsPage /> },
      { path: "incidents", element: <IncidentsPage /> },
      { path: "incidents/:id", element: <IncidentPage /> },
      { path: "handbook", element: <HandbookPage /> },
      { path: "*", element: <NotFound /> },
    ],
  },
]);

export function App() {
  return (
    <AuthProvider>
      <RouterProvider router={router} />
    </AuthProvider>
  );
}
