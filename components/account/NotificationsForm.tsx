import Link from "next/link";
import type { NotificationPreferences } from "@/lib/users";
import { saveNotifications } from "./actions";

/** Launch emails: one global switch, and one per model the person is waiting for. */
export function NotificationsForm({
  preferences,
  modelNames,
  saved,
}: {
  preferences: NotificationPreferences;
  modelNames: Record<string, string>;
  saved: boolean;
}) {
  return (
    <form action={saveNotifications} className="space-y-4">
      <label className="flex items-start gap-3 text-sm">
        <input type="checkbox" name="launchEmails" defaultChecked={preferences.launchEmails} className="mt-0.5 size-4" />
        <span>
          <span className="font-medium">Email me when a model I wait for goes live</span>
          <span className="block text-muted">Turn this off to get no launch emails at all.</span>
        </span>
      </label>
      {preferences.models.length === 0 ? (
        <p className="text-sm text-muted">
          You are not waiting for any model. Use &ldquo;tell me when it&apos;s live&rdquo; on a{" "}
          <Link href="/models" className="link">
            coming-soon model
          </Link>
          .
        </p>
      ) : (
        <fieldset className="space-y-2">
          <legend className="mb-1 text-sm font-medium">Models you wait for</legend>
          {preferences.models.map((model) => (
            <label key={model.signupId} className="flex items-center gap-3 text-sm">
              <input type="checkbox" name="notify" value={model.modelId} defaultChecked={model.notify} className="size-4" />
              <Link href={`/models/${model.modelId}`} className="link">
                {modelNames[model.modelId] ?? model.modelId}
              </Link>
            </label>
          ))}
        </fieldset>
      )}
      <div className="flex items-center gap-3">
        <button type="submit" className="btn btn-secondary">
          Save email preferences
        </button>
        {saved ? (
          <p role="status" className="text-sm text-live">
            Saved.
          </p>
        ) : null}
      </div>
    </form>
  );
}
