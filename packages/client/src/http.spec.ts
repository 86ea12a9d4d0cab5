import { ROUTES, type TApiError, type TSavedPlan } from '@learnweek/contracts';
import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import { ApiError, conflictOf, NetworkError } from './errors.js';
import { createApi, type TCallInput } from './http.js';

const ID = '3f0e4a52-7c1b-4d2e-9a8f-1b2c3d4e5f60';
const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

/** A fetch standing in for the network: records each request and answers with the next of `answers`. */
function fakeFetch(...answers: Response[]) {
  const requests: { url: string; method: string; headers: Record<string, string>; body: unknown }[] = [];
  const f = vi.fn((url: string, init?: RequestInit) => {
    requests.push({ url, method: init?.method ?? 'GET', headers: { ...(init?.headers as Record<string, string>) }, body: init?.body });
    const answer = answers.shift();
    return answer ? Promise.resolve(answer) : Promise.reject(new TypeError('no answer left'));
  });
  return { fetch: f as unknown as typeof fetch, requests };
}

function client(answers: Response[], token: string | null = 'tok') {
  const net = fakeFetch(...answers);
  const onUnauthorized = vi.fn();
  const api = createApi({ fetch: net.fetch, token: () => token, locale: () => 'en', onUnauthorized });
  return { api, requests: net.requests, onUnauthorized };
}

const plan = {
  participationId: ID,
  leadingBody: '校长室',
  budgetNote: '',
  publicity: '校园网',
  text: '人人读书',
  version: 4,
  revision: 2,
  updatedAt: '2017-10-20T08:00:00.000Z',
};

describe('createApi().call', () => {
  it('puts the params into the path, encoded, and serializes the query without empty values', async () => {
    const { api, requests } = client([json(200, { items: [], total: 0, page: 2, pageSize: 20 })]);
    await api.call(ROUTES.participations.list, {
      params: { id: 'a b/c' },
      query: { page: 2, town: '春江镇', late: 'true', q: '', state: undefined },
    });
    expect(requests[0]).toMatchObject({
      method: 'GET',
      url: `/api/campaigns/a%20b%2Fc/participations?page=2&town=${encodeURIComponent('春江镇')}&late=true`,
    });
    expect(requests[0]!.headers).toEqual({ 'Accept-Language': 'en', Authorization: 'Bearer tok' });
    expect(requests[0]!.body).toBeUndefined();
  });

  it('sends a JSON body and resolves with the answer, typed by the declaration', async () => {
    const { api, requests } = client([json(200, plan)]);
    const saved = api.call(ROUTES.participations.updatePlan, { params: { id: ID }, body: { text: '人人读书', version: 4 } });
    expectTypeOf(saved).resolves.toEqualTypeOf<TSavedPlan>();
    expect(await saved).toEqual(plan);
    expect(requests[0]).toMatchObject({
      method: 'PUT',
      url: `/api/participations/${ID}/plan`,
      headers: { 'Content-Type': 'application/json' },
    });
    expect(JSON.parse(requests[0]!.body as string)).toEqual({ text: '人人读书', version: 4 });
  });

  it('needs no input where the route has no parts, and sends no token when signed out', async () => {
    const { api, requests } = client([json(200, { items: [] })], null);
    await api.call(ROUTES.campaigns.list);
    expect(requests[0]).toEqual({ url: '/api/campaigns', method: 'GET', headers: { 'Accept-Language': 'en' }, body: undefined });
  });

  it('resolves a 204 with undefined', async () => {
    const { api, requests } = client([new Response(null, { status: 204 })]);
    await expect(api.call(ROUTES.participations.deleteActivity, { params: { id: ID, activityId: 'x' } })).resolves.toBeUndefined();
    expect(requests[0]).toMatchObject({ method: 'DELETE', url: `/api/participations/${ID}/activities/x` });
  });

  it('rejects with an ApiError carrying the status, the server’s body and Retry-After', async () => {
    const body: TApiError = { statusCode: 503, code: 'unavailable', message: 'Service busy' };
    const { api, onUnauthorized } = client([json(503, body, { 'Retry-After': '5' })]);
    const err = await api.call(ROUTES.auth.me).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 503, body, retryAfter: 5, message: 'Service busy', name: 'ApiError' });
    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it('gives a stale edit’s current value, typed by the route’s conflict, and nothing for other refusals', async () => {
    const stale: TApiError = {
      statusCode: 409,
      code: 'staleVersion',
      message: 'Someone else changed this; reload and try again',
      current: plan,
    };
    const { api } = client([json(409, stale), json(409, { ...stale, code: 'notEditable' }), json(409, { ...stale, current: { text: 1 } })]);
    const err = await api
      .call(ROUTES.participations.updatePlan, { params: { id: ID }, body: { text: '我的', version: 3 } })
      .catch((e: unknown) => e);
    const current = conflictOf(ROUTES.participations.updatePlan, err);
    expectTypeOf(current).toEqualTypeOf<TSavedPlan | undefined>();
    expect(current).toEqual(plan);
    expect(conflictOf(ROUTES.participations.markDisc, err)).toBeUndefined();
    for (let i = 0; i < 2; i++) {
      const other = await api
        .call(ROUTES.participations.updatePlan, { params: { id: ID }, body: { text: '我的', version: 3 } })
        .catch((e: unknown) => e);
      expect(other).toBeInstanceOf(ApiError);
      expect(conflictOf(ROUTES.participations.updatePlan, other)).toBeUndefined();
    }
  });

  it('keeps field errors, and stands in for a body that is not the API’s', async () => {
    const invalid: TApiError = {
      statusCode: 400,
      code: 'invalid',
      message: '请求中有无效字段',
      errors: [{ path: 'name', message: '必填' }],
    };
    const { api } = client([json(400, invalid), new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' })]);
    await expect(api.call(ROUTES.units.createTown, { body: { name: '' } })).rejects.toMatchObject({
      status: 400,
      body: invalid,
      retryAfter: undefined,
    });
    await expect(api.call(ROUTES.auth.me)).rejects.toMatchObject({
      status: 502,
      body: { statusCode: 502, code: 'internal', message: 'Bad Gateway' },
    });
  });

  it('rejects with a NetworkError (a TypeError too) when no answer came, and lets an abort through as it is', async () => {
    const { api, onUnauthorized } = client([]);
    const lost = await api.call(ROUTES.auth.me).catch((e: unknown) => e);
    expect(lost).toBeInstanceOf(NetworkError);
    expect(lost).toBeInstanceOf(TypeError);
    expect((lost as NetworkError).cause).toEqual(new TypeError('no answer left'));
    expect(onUnauthorized).not.toHaveBeenCalled();

    const aborted = new DOMException('The operation was aborted.', 'AbortError');
    const abortingFetch = vi.fn(() => Promise.reject(aborted)) as unknown as typeof fetch;
    await expect(createApi({ fetch: abortingFetch }).call(ROUTES.auth.me)).rejects.toBe(aborted);
  });

  it('ends the sign-in on a 401 to a request that carried a token, not otherwise', async () => {
    const unauthorized = () => json(401, { statusCode: 401, code: 'unauthorized', message: '请先登录' });
    const signedIn = client([unauthorized()]);
    await expect(signedIn.api.call(ROUTES.auth.me)).rejects.toMatchObject({ status: 401 });
    expect(signedIn.onUnauthorized).toHaveBeenCalledTimes(1);
    const signedOut = client([unauthorized()], null);
    await expect(signedOut.api.call(ROUTES.auth.login, { body: { username: 'a', password: 'wrong' } })).rejects.toMatchObject({
      status: 401,
    });
    expect(signedOut.onUnauthorized).not.toHaveBeenCalled();
  });

  it('sends an .xlsx as the body, and a multipart file beside its fields', async () => {
    const { api, requests } = client([json(201, { items: [] }), json(201, {})]);
    const xlsx = new Blob(['PK'], { type: '' });
    await api.call(ROUTES.participations.importSchedule, { params: { id: ID }, body: xlsx });
    expect(requests[0]).toMatchObject({ method: 'POST', url: `/api/participations/${ID}/activities.xlsx`, body: xlsx });
    expect(requests[0]!.headers['Content-Type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');

    await api.call(ROUTES.participations.uploadPhoto, {
      params: { id: ID },
      body: { file: new File(['jpeg'], '合影.jpg', { type: 'image/jpeg' }), activityId: ID, caption: '开幕' },
    });
    const form = requests[1]!.body as FormData;
    expect(requests[1]!.headers['Content-Type']).toBeUndefined(); // the boundary is fetch's to write
    expect((form.get('file') as File).name).toBe('合影.jpg');
    expect(Object.fromEntries([...form.entries()].filter(([k]) => k !== 'file'))).toEqual({ activityId: ID, caption: '开幕' });
  });

  it('checks answers against the declaration when asked', async () => {
    const net = fakeFetch(json(200, { ...plan, revision: 'two' }), json(201, plan), json(200, plan));
    const api = createApi({ fetch: net.fetch, checkResponses: true });
    await expect(api.call(ROUTES.participations.updatePlan, { params: { id: ID }, body: { text: 't', version: 4 } })).rejects.toThrow(
      /PUT \/participations\/:id\/plan → 200: the body does not match its schema: revision/,
    );
    await expect(api.call(ROUTES.participations.updatePlan, { params: { id: ID }, body: { text: 't', version: 4 } })).rejects.toThrow(
      'the declaration says 200',
    );
    await expect(api.call(ROUTES.participations.updatePlan, { params: { id: ID }, body: { text: 't', version: 4 } })).resolves.toEqual(
      plan,
    );
  });

  it('is typed by the declaration', () => {
    const api = createApi({ fetch: fakeFetch().fetch });
    expectTypeOf<TCallInput<typeof ROUTES.participations.updateActivity>['params']>().toEqualTypeOf<{ id: string; activityId: string }>();
    expectTypeOf<TCallInput<typeof ROUTES.notifications.read>>().toEqualTypeOf<{ params: { id: string } }>();
    expectTypeOf<TCallInput<typeof ROUTES.units.import>>().toEqualTypeOf<{
      query?: { campaignId?: string | undefined; confirm?: string | undefined };
      body: Blob;
    }>();
    expectTypeOf<Awaited<ReturnType<typeof api.call<typeof ROUTES.participations.deletePhoto>>>>().toBeUndefined();
    // @ts-expect-error: a file is downloaded, not called
    void api.call(ROUTES.console.exportStatus, { params: { id: ID } }).catch(() => undefined);
    // @ts-expect-error: the route has a second path parameter
    void api.call(ROUTES.participations.deleteActivity, { params: { id: ID } }).catch(() => undefined);
  });
});

describe('createApi().download', () => {
  it('gives the file under the server’s name, counting the bytes as they come', async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new Uint8Array(3));
        c.enqueue(new Uint8Array(4));
        c.close();
      },
    });
    const { api, requests } = client([
      new Response(stream, {
        headers: {
          'Content-Type': 'application/zip',
          'Content-Disposition': `attachment; filename="summaries.zip"; filename*=UTF-8''${encodeURIComponent('总结材料.zip')}`,
        },
      }),
    ]);
    const progress: number[] = [];
    const file = await api.download(ROUTES.console.exportSummaries, { params: { id: ID } }, (b) => progress.push(b));
    expect(requests[0]).toMatchObject({ method: 'GET', url: `/api/campaigns/${ID}/exports/summaries.zip` });
    expect([file.name, file.type, file.size]).toEqual(['总结材料.zip', 'application/zip', 7]);
    expect(progress).toEqual([3, 7]);
  });

  it('passes the query, and rejects as a call does', async () => {
    const { api, requests, onUnauthorized } = client([json(401, { statusCode: 401, code: 'unauthorized', message: '请先登录' })]);
    await expect(
      api.download(ROUTES.participations.exportSchedule, { params: { id: ID }, query: { template: '1' } }),
    ).rejects.toBeInstanceOf(ApiError);
    expect(requests[0]!.url).toBe(`/api/participations/${ID}/activities.xlsx?template=1`);
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });
});

describe('createApi().upload', () => {
  /** An XMLHttpRequest standing in for the browser's: the test answers it. */
  class FakeXhr {
    static last: FakeXhr;
    method = '';
    url = '';
    headers: Record<string, string> = {};
    body: unknown;
    status = 0;
    statusText = '';
    responseText = '';
    upload: { onprogress?: (e: { lengthComputable: boolean; loaded: number; total: number }) => void } = {};
    onload?: () => void;
    onerror?: () => void;
    private answerHeaders: Record<string, string> = {};
    constructor() {
      FakeXhr.last = this;
    }
    open(method: string, url: string) {
      [this.method, this.url] = [method, url];
    }
    setRequestHeader(k: string, v: string) {
      this.headers[k] = v;
    }
    send(body: unknown) {
      this.body = body;
    }
    getResponseHeader(k: string) {
      return this.answerHeaders[k] ?? null;
    }
    answer(status: number, body: unknown, headers: Record<string, string> = {}) {
      [this.status, this.responseText, this.answerHeaders] = [status, JSON.stringify(body), headers];
      this.onload?.();
    }
  }
  afterEach(() => vi.unstubAllGlobals());

  it('reports the percent sent and resolves with the answer', async () => {
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    const { api } = client([]);
    const percents: number[] = [];
    const done = api.upload(ROUTES.exemplars.addPhoto, { params: { id: ID }, body: { file: new Blob(['x']) } }, (p) => percents.push(p));
    const xhr = FakeXhr.last;
    expect([xhr.method, xhr.url, xhr.headers]).toEqual([
      'POST',
      `/api/nominations/${ID}/photos`,
      { 'Accept-Language': 'en', Authorization: 'Bearer tok' },
    ]);
    expect((xhr.body as FormData).get('file')).toBeInstanceOf(Blob);
    xhr.upload.onprogress?.({ lengthComputable: true, loaded: 1, total: 3 });
    xhr.answer(201, { id: ID });
    expect(await done).toEqual({ id: ID });
    expect(percents).toEqual([33]);
  });

  it('rejects with an ApiError (Retry-After too), or a NetworkError when the network failed', async () => {
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    const { api } = client([]);
    const refused = api.upload(
      ROUTES.participations.uploadPhoto,
      { params: { id: ID }, body: { file: new Blob(['x']), activityId: ID } },
      () => undefined,
    );
    FakeXhr.last.answer(429, { statusCode: 429, code: 'tooManyRequests', message: '太频繁' }, { 'Retry-After': '30' });
    await expect(refused).rejects.toMatchObject({ status: 429, retryAfter: 30, body: { code: 'tooManyRequests' } });
    const lost = api.upload(ROUTES.participations.importSchedule, { params: { id: ID }, body: new Blob(['PK']) }, () => undefined);
    FakeXhr.last.onerror?.();
    await expect(lost).rejects.toBeInstanceOf(NetworkError);
  });
});
