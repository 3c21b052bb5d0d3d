import { Policy, type Principal } from "@roster/core";

export const portalPath = (slug: string) => `/portal/${encodeURIComponent(slug)}`;

type Section = "overview" | "team" | "audit";

/** The portal's own sections, each shown to whoever their tenant role lets use it. */
export function PortalNav({ principal, slug, now, current }: { principal: Principal; slug: string; now: Date; current: Section }) {
  const target = { tenant: slug, now };
  const sections: { id: Section; href: string; label: string; visible: boolean }[] = [
    { id: "overview", href: portalPath(slug), label: "Overview", visible: true },
    { id: "team", href: `${portalPath(slug)}/team`, label: "Team", visible: Policy.can(principal, "tenant:clients:write", target) },
    { id: "audit", href: `${portalPath(slug)}/audit`, label: "Audit log", visible: Policy.can(principal, "tenant:audit:read", target) },
  ];
  const shown = sections.filter((s) => s.visible);
  // A single link is no navigation: a client viewer has the overview alone.
  if (shown.length < 2) return null;
  return (
    <nav class="portal-nav" aria-label="Portal">
      <ul>
        {shown.map((s) => (
          <li>
            <a href={s.href} aria-current={s.id === current ? "page" : undefined}>
              {s.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
