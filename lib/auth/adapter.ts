import "server-only";
import { PrismaAdapter } from "@auth/prisma-adapter";
import type { PrismaClient } from "@prisma/client";
import type { Adapter } from "next-auth/adapters";
import { db } from "@/lib/db";
import { normalizeEmail } from "@/lib/users/email";

/**
 * Auth.js's Prisma adapter on our client, with emails stored the way the rest of the site stores them
 * (trimmed, lower-case): magic links already arrive that way, OAuth profiles may not, and a
 * "Ada@Example.com" from GitHub must find the account of "ada@example.com".
 */
export function authAdapter(): Adapter {
  // Our generated client (prisma/generated/…) has the adapter's models under the same names.
  const base = PrismaAdapter(db as unknown as PrismaClient);
  return {
    ...base,
    createUser: (user) => base.createUser!({ ...user, email: normalizeEmail(user.email) }),
    getUserByEmail: (email) => base.getUserByEmail!(normalizeEmail(email)),
    // Deleting an account deletes its sessions; signing out of it afterwards finds none, which is fine.
    deleteSession: async (sessionToken) => {
      try {
        await base.deleteSession!(sessionToken);
      } catch (error) {
        if ((error as { code?: unknown } | null)?.code !== "P2025") throw error;
      }
    },
  };
}
