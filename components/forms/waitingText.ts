/** "Be the first…", "1 person is waiting", "12 people are waiting". */
export function waitingText(count: number): string {
  if (count <= 0) return "Be the first to ask for it.";
  if (count === 1) return "1 person is waiting";
  return `${count.toLocaleString("en-US")} people are waiting`;
}
