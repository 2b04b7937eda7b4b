/**
 * Which level an escalation is at, pure: the first raise stays at the breach's level; every later
 * round (the officer did not act within the acknowledgement time, or the next level's time came
 * while the step was still late) climbs one level, and stays at the top once there.
 */
export interface EscalationLevel {
  level: number;
  at: string;
  group: string;
}

export interface EscalationStep {
  level: number;
  group: string;
  promoted: boolean;
  next: EscalationLevel | undefined;
  /** The top level was reminded `topLevelReminders` times without answer: give up. */
  exhausted: boolean;
}

/** Rounds at the top level before an unanswered escalation ends. */
export const topLevelReminders = 3;

export function escalationStep(
  levels: EscalationLevel[],
  currentLevel: number,
  round: number,
): EscalationStep {
  const sorted = [...levels].sort((a, b) => a.level - b.level);
  const top = sorted[sorted.length - 1];
  const target = round <= 1 ? currentLevel : Math.min(currentLevel + 1, top?.level ?? currentLevel);
  const here = sorted.find((l) => l.level === target) ?? top;
  const topLevel = top?.level ?? currentLevel;
  return {
    // One round per level on the way up, then the reminders at the top.
    exhausted: target === topLevel && round > sorted.length + topLevelReminders,
    level: here?.level ?? target,
    group: here?.group ?? 'camat',
    promoted: target > currentLevel,
    next: sorted.find((l) => l.level > (here?.level ?? target)),
  };
}
