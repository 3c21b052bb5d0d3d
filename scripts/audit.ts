/**
 * `npm run audit:prod [-- --from FILE]`: `npm audit --omit=dev` (what ships in the Lambda bundles
 * and `npm start`), failing on any high or critical advisory the README's "Supply chain" list does
 * not name with why it does not apply. An audit that gets no verdict (the registry's audit
 * endpoint unreachable or refusing) fails too, saying so: no answer is not a clean answer.
 * `--from FILE` judges a saved `npm audit --json` report instead of asking the registry.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({ options: { from: { type: "string" } } });

type Advisory = { source?: number; name: string; title: string; url: string; severity: string; range?: string };
type Report = { vulnerabilities?: Record<string, { severity: string; via: (Advisory | string)[] }>; metadata?: unknown; error?: { summary?: string }; message?: string };

function audit(): { report: Report | undefined; raw: string } {
  if (values.from) return { report: JSON.parse(readFileSync(values.from, "utf8")), raw: "" };
  const run = spawnSync("npm", ["audit", "--omit=dev", "--json"], { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  try {
    return { report: JSON.parse(run.stdout), raw: run.stdout + run.stderr };
  } catch {
    return { report: undefined, raw: run.stdout + run.stderr };
  }
}

/** The advisories (GHSA ids) the README's "Supply chain" subsection names as not applying, each on a line of its own. */
function accepted(): Set<string> {
  const readme = readFileSync(resolve(ROOT, "README.md"), "utf8");
  const section = /^### Supply chain\n([\s\S]*?)(?=^#{1,3} )/m.exec(readme)?.[1] ?? "";
  return new Set(section.match(/GHSA(-[23456789cfghjmpqrvwx]{4}){3}/g) ?? []);
}

const { report, raw } = audit();
if (!report || !report.vulnerabilities || !report.metadata) {
  const why = report?.message ?? report?.error?.summary ?? raw.trim().split("\n").slice(-3).join(" ");
  console.error(`npm audit gave no verdict (the registry's audit endpoint did not answer with a report): ${why || "no output"}`);
  console.error("Run it again where registry.npmjs.org's /-/npm/v1/security/advisories/bulk is reachable.");
  process.exit(2);
}

const allowed = accepted();
const findings = new Map<string, { advisory: Advisory; packages: Set<string> }>();
for (const [pkg, vulnerability] of Object.entries(report.vulnerabilities)) {
  for (const via of vulnerability.via) {
    // A string names another vulnerable package this one depends on: that one's own entry carries the advisory.
    if (typeof via === "string" || !["high", "critical"].includes(via.severity)) continue;
    const id = /GHSA(-[a-z0-9]{4}){3}/.exec(via.url)?.[0] ?? via.url;
    const finding = findings.get(id) ?? { advisory: via, packages: new Set<string>() };
    finding.packages.add(pkg);
    findings.set(id, finding);
  }
}

const open = [...findings].filter(([id]) => !allowed.has(id));
for (const [id, { advisory, packages }] of findings) {
  const status = allowed.has(id) ? "named in the README as not applying" : "OPEN";
  console.log(`${advisory.severity} ${id} ${advisory.name} ${advisory.range ?? ""}: ${advisory.title} (via ${[...packages].join(", ")}) — ${status}`);
}
if (open.length) {
  console.error(`${open.length} high or critical advisor${open.length === 1 ? "y" : "ies"} in the production dependencies: update or pin a patched version, or name it under the README's "Supply chain" with why it does not apply.`);
  process.exit(1);
}
console.log(`npm audit --omit=dev: no high or critical advisory open (${findings.size} named in the README).`);
