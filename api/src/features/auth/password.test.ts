import { hashPassword, verifyPassword } from './password.js';

// A cheap cost keeps the test fast; the format and the checks are the same.
const cheap = { N: 1024, r: 8, p: 1 };

describe('seed - password hashes', () => {
  it('should store scrypt parameters, salt and hash, and verify only the right password', async () => {
    const stored = await hashPassword('kopi-jambi-2026', cheap);
    expect(stored).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9+/]+={0,2}\$[A-Za-z0-9+/]+={0,2}$/);
    await expect(verifyPassword('kopi-jambi-2026', stored)).resolves.toBe(true);
    await expect(verifyPassword('kopi-jambi-2025', stored)).resolves.toBe(false);
  });

  it('should salt each hash, so equal passwords do not show', async () => {
    expect(await hashPassword('sama', cheap)).not.toBe(await hashPassword('sama', cheap));
  });

  it('should refuse stored values that are not scrypt hashes', async () => {
    await expect(verifyPassword('x', 'plain-text')).resolves.toBe(false);
    await expect(verifyPassword('x', 'scrypt$0$8$1$c2FsdA==$aGFzaA==')).resolves.toBe(false);
  });
});
