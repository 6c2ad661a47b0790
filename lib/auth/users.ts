import { prisma } from '@/lib/db/client';
import { retryWhileBusy } from '@/lib/db/busy';
import { hashPassword, passwordProblem } from './password';
import { isRole, nameKey, nameProblem, type Role } from './roles';

/** The user operations behind `npm run users`; each returns an error message or the user. */
export interface UserInfo {
  id: number;
  name: string;
  role: Role;
  disabled: boolean;
  createdAt: Date;
}

const select = { id: true, name: true, role: true, disabled: true, createdAt: true } as const;

export class UserError extends Error {}

function info(u: { id: number; name: string; role: string; disabled: boolean; createdAt: Date }): UserInfo {
  return { ...u, role: isRole(u.role) ? u.role : 'reader' };
}

export async function addUser(name: string, role: string, password: string): Promise<UserInfo> {
  const bad = nameProblem(name) ?? (isRole(role) ? null : `The role must be reader, editor or admin, not "${role}".`) ?? passwordProblem(password);
  if (bad) throw new UserError(bad);
  const key = nameKey(name);
  const passwordHash = await hashPassword(password);
  return retryWhileBusy(async () => {
    const existing = await prisma.user.findUnique({ where: { nameKey: key }, select });
    if (existing) throw new UserError(`There is already a user "${existing.name}".`);
    return info(await prisma.user.create({ data: { name, nameKey: key, role, passwordHash }, select }));
  });
}

export async function listUsers(): Promise<UserInfo[]> {
  return (await prisma.user.findMany({ select, orderBy: { nameKey: 'asc' } })).map(info);
}

export async function findUser(name: string): Promise<UserInfo | null> {
  const u = await prisma.user.findUnique({ where: { nameKey: nameKey(name) }, select });
  return u ? info(u) : null;
}

async function mustFind(name: string): Promise<UserInfo> {
  const u = await findUser(name);
  if (!u) throw new UserError(`There is no user "${name}".`);
  return u;
}

/** Disables (or enables again) an account; disabling also signs it out everywhere. */
export async function setDisabled(name: string, disabled: boolean): Promise<UserInfo> {
  const u = await mustFind(name);
  return retryWhileBusy(() =>
    prisma.$transaction(async (tx) => {
      if (disabled) await tx.session.deleteMany({ where: { userId: u.id } });
      return info(await tx.user.update({ where: { id: u.id }, data: { disabled }, select }));
    }),
  );
}

/** Sets a new password and signs the account out everywhere. */
export async function setPassword(name: string, password: string): Promise<UserInfo> {
  const bad = passwordProblem(password);
  if (bad) throw new UserError(bad);
  const u = await mustFind(name);
  const passwordHash = await hashPassword(password);
  return retryWhileBusy(() =>
    prisma.$transaction(async (tx) => {
      await tx.session.deleteMany({ where: { userId: u.id } });
      return info(await tx.user.update({ where: { id: u.id }, data: { passwordHash }, select }));
    }),
  );
}

export async function setRole(name: string, role: string): Promise<UserInfo> {
  if (!isRole(role)) throw new UserError(`The role must be reader, editor or admin, not "${role}".`);
  const u = await mustFind(name);
  return retryWhileBusy(async () => info(await prisma.user.update({ where: { id: u.id }, data: { role }, select })));
}
