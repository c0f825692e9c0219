import type { SignInMethod } from "@/lib/auth";
import { signInWithProvider } from "./actions";

/** One button per configured OAuth/OIDC provider; each is a plain form, so no JavaScript is needed. */
export function ProviderButtons({ methods, callbackUrl }: { methods: SignInMethod[]; callbackUrl: string }) {
  if (methods.length === 0) return null;
  return (
    <ul className="space-y-2">
      {methods.map((method) => (
        <li key={method.id}>
          <form action={signInWithProvider}>
            <input type="hidden" name="provider" value={method.id} />
            <input type="hidden" name="callbackUrl" value={callbackUrl} />
            <button type="submit" className="btn btn-secondary w-full">
              Continue with {method.name}
            </button>
          </form>
        </li>
      ))}
    </ul>
  );
}
