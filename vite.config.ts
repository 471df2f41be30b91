import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The web app: sources in web/, built into dist/web, served by the TTT server on the same port.
// In development (`npx vite`), API and WebSocket calls go to a server on :8080.
export default defineConfig({
  root: "web",
  plugins: [react()],
  build: { outDir: "../dist/web", emptyOutDir: true, sourcemap: true },
  server: {
    proxy: {
      "/api": { target: "http://localhost:8080", ws: true },
      "/healthz": "http://localhost:8080",
    },
  },
});
