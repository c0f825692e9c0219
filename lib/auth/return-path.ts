/** Only a same-site path may be a return address: "/account", never "//evil.example" or "https://…". */
export function safeReturnPath(value: unknown, fallback = "/account"): string {
  return typeof value === "string" && value.startsWith("/") && !value.startsWith("//") && !value.includes("\\")
    ? value
    : fallback;
}
