import { randomUUID } from "node:crypto";
import { describeError, Events, Notify, type Audit, type Logger } from "@roster/core";

/** An event as EventBridge hands it to a rule's target (`detail` parsed). */
export type BusEvent = {
  version: "0";
  id: string;
  "detail-type": string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: unknown;
};

export type LocalTarget = { rule: Events.BusRule; invoke(event: BusEvent): Promise<unknown> };

export type InProcessBus = Events.EventBus & {
  /** Resolves once every target invoked so far has finished (tests, shutdown). */
  idle(): Promise<void>;
};

/**
 * The local stand-in for the EventBridge bus: each entry goes to the target of every rule whose
 * pattern matches, with the same patterns and the same matching the stack's rules use. Targets run
 * asynchronously, as EventBridge invokes them after PutEvents has answered; a failing target is
 * logged (EventBridge would retry it; locally the mail viewer shows what went out).
 */
export function inProcessBus(targets: LocalTarget[], log: Logger): InProcessBus {
  const running = new Set<Promise<void>>();
  return {
    async putEvents(entries) {
      const failed: { index: number; errorCode: string; errorMessage: string }[] = [];
      entries.forEach((entry, index) => {
        let detail: unknown;
        try {
          detail = JSON.parse(entry.detail);
        } catch {
          // What EventBridge answers for a detail that is not JSON.
          failed.push({ index, errorCode: "MalformedDetail", errorMessage: "Detail is malformed." });
          return;
        }
        const event: BusEvent = {
          version: "0",
          id: randomUUID(),
          "detail-type": entry.detailType,
          source: entry.source,
          account: "000000000000",
          time: entry.time.toISOString(),
          region: "local",
          resources: [],
          detail,
        };
        for (const target of targets) {
          if (!Events.matchesPattern(target.rule.pattern, event)) continue;
          const run = Promise.resolve()
            .then(() => target.invoke(event))
            .then(
              () => undefined,
              (error: unknown) => log.error("A bus target failed", { rule: target.rule.name, type: entry.detailType, ...describeError(error) }),
            )
            .finally(() => running.delete(run));
          running.add(run);
        }
      });
      return { failed };
    },
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}

/** The target of every rule of the stack, wired to the local services. */
export function localTargets(deps: Notify.NotifyDeps): LocalTarget[] {
  return [{ rule: Events.NOTIFY_RULE, invoke: (event) => Notify.notify(deps, event.detail as Audit.AuditEvent) }];
}
