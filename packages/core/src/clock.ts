/** Time is a port so tests can stand at any instant (expiry, TOTP steps, throttling). */
export type Clock = { now(): Date };

export const systemClock: Clock = { now: () => new Date() };

export const epochSeconds = (date: Date) => Math.floor(date.getTime() / 1000);
