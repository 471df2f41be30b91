import { useState } from "react";
import { Link, useSearchParams } from "react-router";
import { respondApi, type BanView } from "../api/respond.js";
import { useApi } from "../api/useApi.js";
import { useAuth } from "../app/auth.js";
import { may } from "../app/roles.js";
import { ErrorBanner, Loading, Notice } from "../components/Feedback.js";
import { useTitle } from "../components/useTitle.js";
import { BanExport } from "./BanExport.js";
import { BanFilterBar } from "./BanFilterBar.js";
import { BansTable } from "./BansTable.js";
import { CreatedBanNotice } from "./CreatedBanNotice.js";
import { FeedStatus } from "./FeedStatus.js";
import { LiftBanDialog } from "./LiftBanDialog.js";
import {
  filterBans,
  filtersFromParams,
  filtersToParams,
  serverQuery,
  type BanFilters,
} from "./ban-filters.js";
import "./respond.css";

/** Every ban with filters, lifting, the middleware ban files and the feed's delivery per site. */
export function BansPage() {
  useTitle("Bans");
  const { user } = useAuth();
  const [params, setParams] = useSearchParams();
  const filters = filtersFromParams(params);
  const sq = serverQuery(filters);
  const { data, error, loading, reload } = useApi(
    (s) => respondApi.bans(sq, s),
    [sq.state, sq.kind],
  );
  const [lifting, setLifting] = useState<BanView | null>(null);
  const [lifted, setLifted] = useState<BanView | null>(null);
  const manage = may(user?.role, "ban:manage");
  const shown = data ? filterBans(data, filters) : [];

  const update = (patch: Partial<BanFilters>) =>
    setParams(filtersToParams({ ...filters, ...patch }), { replace: true });

  return (
    <section aria-labelledby="bans-h">
      <div className="page-head">
        <h1 id="bans-h">Bans</h1>
        <div className="actions">
          <Link to="/inspect" className="btn">
            Inspect a token
          </Link>
          {manage ? (
            <Link to="/bans/new" className="btn btn-primary" data-testid="ban-new">
              New ban
            </Link>
          ) : null}
        </div>
      </div>
      <CreatedBanNotice />
      {lifted ? (
        <Notice>
          <span data-testid="ban-lifted">
            Ban <code>{lifted.id}</code> lifted: {lifted.denies} is no longer denied.
          </span>
        </Notice>
      ) : null}
      <BanFilterBar filters={filters} update={update} />
      {loading && !data ? <Loading what="bans" /> : null}
      <ErrorBanner error={error} title="Could not load the bans" onRetry={reload} />
      {data ? (
        <p className="muted small" aria-live="polite">
          {shown.length === data.length
            ? `${data.length} ban(s)`
            : `${shown.length} of ${data.length} ban(s) match`}
        </p>
      ) : null}
      {shown.length > 0 ? (
        <BansTable bans={shown} onLift={manage ? (b) => setLifting(b) : undefined} />
      ) : null}
      <LiftBanDialog
        ban={lifting}
        onClose={() => setLifting(null)}
        onLifted={(b) => {
          setLifting(null);
          setLifted(b);
          reload();
        }}
      />
      <BanExport />
      <FeedStatus />
    </section>
  );
}
