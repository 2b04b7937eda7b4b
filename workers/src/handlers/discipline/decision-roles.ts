/**
 * Who decides a disciplinary case, by the level the superior proposes. PP 94/2021 Pasal 18 ff.
 * assigns the officials by position; that assignment is not verified for kecamatan staff
 * (research §5), so it lives here, as configuration: a light sanction is decided by the direct
 * superior, a medium or heavy one goes up to the Camat, who forwards it to the PPK when the
 * regulation says so.
 */
export type ProposedLevel = 'NONE' | 'RINGAN' | 'SEDANG' | 'BERAT';

/** A candidate group of the decide task, or SUPERIOR: the role of the staff member's superior. */
export const decisionRoles: Record<Exclude<ProposedLevel, 'NONE'>, string> = {
  RINGAN: 'SUPERIOR',
  SEDANG: 'camat',
  BERAT: 'camat',
};

/** The role that decides; a case not proven is closed by the superior who examined it. */
export function decisionRoleFor(
  level: ProposedLevel,
  superiorRole: string,
  roles: Record<Exclude<ProposedLevel, 'NONE'>, string> = decisionRoles,
): string {
  const role = level === 'NONE' ? 'SUPERIOR' : roles[level];
  return role === 'SUPERIOR' ? superiorRole : role;
}
