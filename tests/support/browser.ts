/**
 * A tiny cookie-keeping HTTP client for driving sign-in flows without a browser: it follows redirects
 * itself and keeps one cookie jar per host, like a browser would. `route` lets requests to the app's
 * origin go straight to in-process handlers instead of over the network.
 */
export type Handler = (request: Request) => Promise<Response>;

export interface BrowserOptions {
  /** Requests whose URL starts with this origin go to `handler` rather than the network. */
  appOrigin?: string;
  handler?: (request: Request) => Promise<Response>;
}

export class TestBrowser {
  private readonly jars = new Map<string, Map<string, string>>();

  constructor(private readonly options: BrowserOptions = {}) {}

  cookie(url: string, name: string): string | undefined {
    return this.jars.get(new URL(url).host)?.get(name);
  }

  clearCookies(): void {
    this.jars.clear();
  }

  private jar(url: URL): Map<string, string> {
    let jar = this.jars.get(url.host);
    if (!jar) this.jars.set(url.host, (jar = new Map()));
    return jar;
  }

  /** One request, no redirects followed. */
  async send(url: string, init: RequestInit = {}): Promise<Response> {
    const target = new URL(url);
    const jar = this.jar(target);
    const headers = new Headers(init.headers);
    if (jar.size > 0) headers.set("cookie", [...jar].map(([k, v]) => `${k}=${v}`).join("; "));
    const request = new Request(target, { ...init, headers, redirect: "manual" });
    const { appOrigin, handler } = this.options;
    const response = appOrigin && handler && target.origin === appOrigin ? await handler(request) : await fetch(request);
    for (const line of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === "";
      if (expired) jar.delete(name);
      else jar.set(name, value);
    }
    return response;
  }

  /** A request and every redirect after it; returns the last response and the URL it came from. */
  async go(url: string, init: RequestInit = {}): Promise<{ response: Response; url: string }> {
    let current = url;
    let response = await this.send(current, init);
    for (let hops = 0; hops < 20 && response.status >= 300 && response.status < 400; hops++) {
      const location = response.headers.get("location");
      if (!location) break;
      current = new URL(location, current).toString();
      response = await this.send(current);
    }
    return { response, url: current };
  }

  /** Submits a form like a browser: urlencoded POST, following redirects. */
  submit(url: string, fields: Record<string, string>): Promise<{ response: Response; url: string }> {
    return this.go(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields).toString(),
    });
  }
}
