import { authorize, type Actor } from "../../accounts/index.js";
import type { Clock } from "../../core/clock.js";
import { ConflictError, NotFoundError, ValidationError } from "../../core/errors.js";
import type { TxRunner } from "../../store/index.js";
import type { RiskRepos } from "../risk.repos.js";
import type { StoredMethodology } from "../versions/assessments.repository.js";
import { BUILTIN_METHODOLOGIES } from "./builtins.js";
import { parseCisoRiskMatrix } from "./ciso-import.js";
import { parseMethodology } from "./methodology.schema.js";

export type MethodologyFormat = "ttt" | "ciso";

/** Methodologies as data: the built-ins, plus imported or hand-written ones. */
export class MethodologyService {
  constructor(private readonly deps: { tx: TxRunner<RiskRepos>; clock: Clock }) {}

  /**
   * Adds the built-ins a store does not have yet (run at every start). An installed one is never
   * rewritten: frozen versions were scored against it, so a changed built-in gets a new id.
   */
  async installBuiltins(): Promise<void> {
    await this.deps.tx.write(async (repos) => {
      for (const m of BUILTIN_METHODOLOGIES) {
        if (await repos.assessments.getMethodology(m.id)) continue;
        await repos.assessments.upsertMethodology({
          id: m.id,
          name: m.name,
          source: "builtin",
          definition: m,
          createdAt: this.deps.clock.now().toISOString(),
        });
      }
    });
  }

  async list(actor: Actor): Promise<StoredMethodology[]> {
    authorize(actor, "methodology:read");
    return this.deps.tx.read(({ assessments }) => assessments.listMethodologies());
  }

  async get(actor: Actor, id: string): Promise<StoredMethodology> {
    authorize(actor, "methodology:read");
    const m = await this.deps.tx.read(({ assessments }) => assessments.getMethodology(id));
    if (!m) throw new NotFoundError("methodology", id);
    return m;
  }

  /**
   * Imports a methodology: TTT's own JSON shape, or a CISO Assistant risk matrix (YAML/JSON).
   * A methodology already used by an assessment is never replaced: scores depend on it.
   */
  async import(
    actor: Actor,
    input: { format: MethodologyFormat; content: string | object; id?: string | undefined },
  ): Promise<StoredMethodology> {
    authorize(actor, "methodology:manage");
    const definition =
      input.format === "ciso"
        ? parseCisoRiskMatrix(
            typeof input.content === "string" ? input.content : JSON.stringify(input.content),
            input.id === undefined ? {} : { id: input.id },
          )
        : parseMethodology({
            ...(typeof input.content === "string" ? parseContent(input.content) : input.content),
            ...(input.id === undefined ? {} : { id: input.id }),
          });
    return this.deps.tx.write(async (repos) => {
      const existing = await repos.assessments.getMethodology(definition.id);
      if (existing?.source === "builtin")
        throw new ConflictError(
          "methodology_builtin",
          `methodology '${definition.id}' is built in; import under another id`,
        );
      if (existing && (await repos.assessments.methodologyInUse(definition.id))) {
        throw new ConflictError(
          "methodology_in_use",
          `methodology '${definition.id}' is used by an assessment and cannot be replaced; import under another id`,
        );
      }
      const stored: StoredMethodology = {
        id: definition.id,
        name: definition.name,
        source: input.format === "ciso" ? "ciso-assistant" : "imported",
        definition,
        createdAt: this.deps.clock.now().toISOString(),
      };
      await repos.assessments.upsertMethodology(stored);
      await repos.audit.append({
        at: stored.createdAt,
        actor: actor.name,
        action: existing ? "methodology.replace" : "methodology.import",
        target: `methodology:${stored.id}`,
        before: existing?.definition,
        after: definition,
      });
      return stored;
    });
  }
}

/** TTT's own format as text: JSON, with an error that names the content rather than the body. */
function parseContent(text: string): object {
  try {
    const value: unknown = JSON.parse(text);
    if (value !== null && typeof value === "object" && !Array.isArray(value)) return value;
  } catch (err) {
    throw new ValidationError(`content: not valid JSON (${(err as Error).message})`, [
      { path: "content", message: "not valid JSON" },
    ]);
  }
  throw new ValidationError("content: a methodology must be a JSON object", [
    { path: "content", message: "not an object" },
  ]);
}
