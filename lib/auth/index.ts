export { currentUser, guardWrite, guardPublicWrite, guardAction, sessionCookieOptions, type AllowedWrite, type ActionCheck } from './guard';
export { ROLES, hasRole, isRole, type Role } from './roles';
export { SESSION_COOKIE, type SessionUser } from './sessions';
