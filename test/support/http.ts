// A JSON client for the HTTP end-to-end tests: a bearer token when given, a JSON body when given,
// and the parsed response (an empty object for an empty body).
export interface JsonResponse {
  status: number;
  type: string;
  headers: Headers;
  body: Record<string, any>;
}

export async function callJson(baseUrl: string, method: string, path: string, token: string | null, body?: unknown): Promise<JsonResponse> {
  const res = await fetch(baseUrl + path, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type') ?? '', headers: res.headers, body: text ? (JSON.parse(text) as Record<string, any>) : {} };
}
