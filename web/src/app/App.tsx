import type { ComponentType } from "react";
import { createBrowserRouter } from "react-router";
import { RouterProvider } from "react-router/dom";
import { Assessments } from "../pages/Assessments.js";
import { Login } from "../pages/Login.js";
import { MetaTable } from "../pages/MetaTable.js";
import { Mitigations } from "../pages/Mitigations.js";
import { RowPage } from "../pages/RowPage.js";
import { Versions } from "../pages/Versions.js";
import "../styles.css";
import { AssessmentLayout } from "./AssessmentLayout.js";
import { AuthProvider, RequireAuth } from "./auth.js";
import { Layout, NotFound } from "./Layout.js";

/**
 * A page loaded on first visit (its own chunk): the Respond, Trace and incident pages, the
 * handbook, the meeting room, the heatmap and the import are not in the first download.
 */
function page<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  return async () => ({ Component: (await load())[name] });
}

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
      { path: "import", lazy: page(() => import("../pages/Import.js"), "Import") },
      {
        path: "a/:assessment",
        element: <AssessmentLayout />,
        children: [
          { index: true, element: <Versions /> },
          { path: "diff", element: <Versions /> },
          { path: "table", element: <MetaTable /> },
          { path: "rows/:row", element: <RowPage /> },
          { path: "meeting", lazy: page(() => import("../pages/MeetingRoom.js"), "MeetingRoom") },
          { path: "heatmap", lazy: page(() => import("../pages/Heatmap.js"), "Heatmap") },
          { path: "mitigations", element: <Mitigations /> },
          { path: "*", element: <NotFound /> },
        ],
      },
      {
        path: "inspect",
        lazy: page(() => import("../respond/TokenInspector.js"), "TokenInspector"),
      },
      { path: "bans", lazy: page(() => import("../respond/BansPage.js"), "BansPage") },
      { path: "bans/new", lazy: page(() => import("../respond/NewBan.js"), "NewBan") },
      { path: "trace", lazy: page(() => import("../trace/TraceExplorer.js"), "TraceExplorer") },
      { path: "alerts", lazy: page(() => import("../trace/AlertsPage.js"), "AlertsPage") },
      {
        path: "incidents",
        lazy: page(() => import("../incidents/IncidentsPage.js"), "IncidentsPage"),
      },
      {
        path: "incidents/:id",
        lazy: page(() => import("../incidents/IncidentPage.js"), "IncidentPage"),
      },
      { path: "handbook", lazy: page(() => import("../handbook/HandbookPage.js"), "HandbookPage") },
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
