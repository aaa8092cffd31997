// Compiled by contract/check.sh against the types openapi-typescript makes from
// openapi/openapi.json: the README's own requests must type-check, so a schema change
// that breaks a client shows up in CI, not in a phone team's build.
import type { components } from "./schema.d.ts";

type S = components["schemas"];

export const assign: S["TransitionRequest"] = {
  action: "assign",
  department_code: "fire_rescue",
  responsible_party: "长宁示范餐饮有限公司",
  deadline: "2099-06-30",
};
export const submit: S["TransitionRequest"] = { action: "submit", note: "杂物已清理，通道畅通" };
export const approve: S["TransitionRequest"] = { action: "approve", note: "复查通过" };
export const reopen: S["TransitionRequest"] = { action: "reopen", reason: "隐患反弹", deadline: "2099-07-31" };

export function titles(page: S["HazardViewPage"]): string[] {
  return page.items.map((h) => h.title);
}

// Staff see who reported a hazard; API clients get the redacted view without it.
export function reporter(h: S["HazardView"]): string | undefined {
  return "reported_by" in h ? h.reported_by : undefined;
}

export function problemFields(p: S["Problem"]): string[] {
  return (p.errors ?? []).map((e) => e.field);
}
