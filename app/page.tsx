export default function Home() {
  return <main>gigarouter</main>;
}
