import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { AnnotationForm } from '@/components/AnnotationForm';
import { MySearchesPage } from '@/components/MySearches';
import { SessionProvider } from '@/components/session';
import { annotationRequest, mySearchesPath, pageAfterDelete, pageCount, resultHref, searchDate } from '@/lib/my-searches';
import type { Annotation, MySearch } from '@/lib/types';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('my searches paging', () => {
  it('asks for each page by offset and limit', () => {
    expect(mySearchesPath(0)).toBe('/me/searches?offset=0&limit=20');
    expect(mySearchesPath(2, 20)).toBe('/me/searches?offset=40&limit=20');
    expect(mySearchesPath(-1, 10)).toBe('/me/searches?offset=0&limit=10');
  });
  it('counts pages, one for an empty list', () => {
    expect(pageCount(0, 20)).toBe(1);
    expect(pageCount(20, 20)).toBe(1);
    expect(pageCount(21, 20)).toBe(2);
  });
  it('steps back a page when a delete empties the last one', () => {
    expect(pageAfterDelete(2, 1)).toBe(1);
    expect(pageAfterDelete(2, 5)).toBe(2);
    expect(pageAfterDelete(0, 1)).toBe(0);
  });
  it("reopens a search at the Lab's result page and dates it in UTC", () => {
    expect(resultHref('ab/c d')).toBe('/lab/ab%2Fc%20d');
    expect(searchDate(Date.UTC(2026, 11, 4, 18, 5))).toBe('2026-12-04 18:05 UTC');
  });
});

describe('annotation', () => {
  it('PUTs the verdict and note to the 0-based candidate', () => {
    const { path, init } = annotationRequest('job 1', 2, { verdict: 'planet' });
    expect(path).toBe('/searches/job%201/candidates/2/annotation');
    expect(init.method).toBe('PUT');
    expect(JSON.parse(init.body as string)).toEqual({ verdict: 'planet', note: '' });
  });

  it('sends what the form holds and reports the saved annotation', async () => {
    const saved: Annotation = { verdict: 'false_positive', note: 'V-shaped', updated_ms: 1 };
    const fetch = vi.fn(async () => Response.json({ id: 'j1', candidate: 1, annotation: saved }));
    vi.stubGlobal('fetch', fetch);
    const onSaved = vi.fn();
    render(<AnnotationForm id="j1" index={1} annotation={null} onSaved={onSaved} />);
    fireEvent.change(screen.getByTestId('annotation-verdict'), { target: { value: 'false_positive' } });
    fireEvent.change(screen.getByTestId('annotation-note'), { target: { value: 'V-shaped' } });
    fireEvent.click(screen.getByTestId('annotation-save'));
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(saved));
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/v1/searches/j1/candidates/1/annotation');
    expect(init.method).toBe('PUT');
    expect(JSON.parse(init.body as string)).toEqual({ verdict: 'false_positive', note: 'V-shaped' });
  });

  it("shows the API's error when the save is refused", async () => {
    vi.stubGlobal('fetch', async () => Response.json({ error: { code: 'forbidden', message: 'Only the owner can annotate.' } }, { status: 403 }));
    const onSaved = vi.fn();
    render(<AnnotationForm id="j1" index={0} annotation={{ verdict: 'planet', note: '', updated_ms: 0 }} onSaved={onSaved} />);
    fireEvent.click(screen.getByTestId('annotation-save'));
    expect((await screen.findByRole('alert')).textContent).toBe('Only the owner can annotate.');
    expect(onSaved).not.toHaveBeenCalled();
  });
});

describe('My searches page', () => {
  const search = (id: string): MySearch => ({ id, status: 'done', target: `TIC ${id}`, filenames: ['a.fits'], created_ms: 0, url: `/api/v1/searches/${id}`, candidate_count: 1, candidates: [{ index: 0, period: 3.2888, label: 'planet', planet_probability: 0.96, annotation: { verdict: 'unsure', note: '', updated_ms: 0 } }] });

  it('pages by offset, reopens each search and shows a refused delete', async () => {
    const calls: { url: string; method: string }[] = [];
    vi.stubGlobal('confirm', () => true);
    vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
      calls.push({ url, method: init?.method ?? 'GET' });
      if (url === '/api/session/me') return Response.json({ user: { email: 'a@b.org', role: 'user' } });
      if (init?.method === 'DELETE') return Response.json({ error: { code: 'not_finished', message: 'The search is still running.' } }, { status: 409 });
      const offset = Number(new URL(url, 'http://x').searchParams.get('offset'));
      return Response.json({ searches: [search(`s${offset}`)], total: 25, offset, limit: 20 });
    });
    render(
      <SessionProvider>
        <MySearchesPage />
      </SessionProvider>,
    );
    expect((await screen.findByTestId('my-searches-count')).textContent).toBe('25 searches · page 1 of 2');
    expect(screen.getByRole('link', { name: 'TIC s0' }).getAttribute('href')).toBe('/lab/s0');
    expect(screen.getByTestId('my-annotation').textContent).toBe('you: Unsure');
    fireEvent.click(screen.getByTestId('my-searches-next'));
    await screen.findByRole('link', { name: 'TIC s20' });
    expect(calls.map((c) => c.url)).toContain('/api/v1/me/searches?offset=20&limit=20');
    expect((screen.getByTestId('my-searches-next') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByTestId('my-search-delete'));
    expect((await screen.findByRole('alert')).textContent).toBe('The search is still running.');
    expect(calls.find((c) => c.method === 'DELETE')?.url).toBe('/api/v1/searches/s20');
  });
});
