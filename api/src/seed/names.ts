/**
 * Full names as SIAK holds them, in the style of the household's background: one or two names for
 * Malay, Javanese and Minang families (some Jambi Malay ones with a title of the old sultanate's
 * nobility), a given name and the family name for Batak and Chinese-Indonesian families.
 */
import type { Random } from './random.js';
import { type Background, jambiTitles, namesByBackground, secondNames } from './reference-data.js';

export type Sex = 'L' | 'P';

export function fullName(
  random: Random,
  background: Background,
  sex: Sex,
  familyName?: string,
): string {
  const names = namesByBackground[background];
  const given = random.pick(sex === 'L' ? names.male : names.female);
  if (names.family) return `${given} ${familyName ?? random.pick(names.family)}`;
  let name = given;
  if (random.chance(0.55)) {
    const second = random.chance(0.5)
      ? random.pick(secondNames[sex === 'L' ? 'male' : 'female'])
      : random.pick(sex === 'L' ? names.male : names.female);
    if (second !== given) name += ` ${second}`;
  }
  if (background === 'MELAYU' && random.chance(0.04)) {
    name = `${random.pick(sex === 'L' ? jambiTitles.male : jambiTitles.female)} ${name}`;
  }
  return name;
}
