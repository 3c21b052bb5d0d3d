export { takeSlots, giveBack, signInKeys, windowAt, THROTTLE_LIMITS, THROTTLE_WINDOW_MS, type ThrottleKey, type ThrottleSlot } from "./throttle";
export { reportRefusals } from "./report";
