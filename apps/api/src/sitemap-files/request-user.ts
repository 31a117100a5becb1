import { AuthenticatedUser } from '../auth/jwt-auth.guard';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The signed-in user's id for uuid audit columns (`created_by`, ...); a non-uuid subject is not stored. */
export function userUuid(request: { user?: AuthenticatedUser }): string | null {
  const id = request.user?.id;
  return id !== undefined && UUID.test(id) ? id : null;
}
