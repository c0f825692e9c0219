/** Prisma's error codes we branch on (https://www.prisma.io/docs/orm/reference/error-reference). */
function prismaCode(error: unknown): string | undefined {
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === "string" ? code : undefined;
}

/** A unique constraint said no: the row is already there. */
export const isUniqueViolation = (error: unknown): boolean => prismaCode(error) === "P2002";

/** A foreign key points at a row that does not exist. */
export const isForeignKeyViolation = (error: unknown): boolean => prismaCode(error) === "P2003";
