import { useQuery, type QueryClient } from '@tanstack/react-query';
import { call, dossierPath } from './client.ts';
import type {
  Delivery,
  Document,
  Dossier,
  DossierSummary,
  Draft,
  Matrix,
  Meeting,
  Response,
  ResponseSummary,
  Session,
  Statement,
  Timeline,
  Version,
} from './types.ts';

// Every read the pages make, with its cache key. Keys start with the dossier, so a live "changed"
// event for a dossier refreshes everything shown of it with one invalidation.

export const keys = {
  session: ['session'] as const,
  dossiers: ['dossiers'] as const,
  dossier: (d: string) => ['dossier', d] as const,
};

export function useSession() {
  return useQuery({
    queryKey: keys.session,
    queryFn: () => call<Session>('GET', '/session'),
    staleTime: 60_000,
  });
}

export function useDossiers() {
  return useQuery({
    queryKey: keys.dossiers,
    queryFn: () => call<{ dossiers: DossierSummary[] }>('GET', '/dossiers').then((r) => r.dossiers),
  });
}

export function useDossier(d: string) {
  return useQuery({
    queryKey: [...keys.dossier(d), 'info'],
    queryFn: () => call<Dossier>('GET', dossierPath(d)),
  });
}

export function useMatrix(d: string, at: string | null) {
  return useQuery({
    queryKey: [...keys.dossier(d), 'matrix', at],
    queryFn: () =>
      call<Matrix>('GET', dossierPath(d, 'matrix'), { query: { at: at ?? undefined, labels: 'true' } }),
    placeholderData: (previous) => previous,
  });
}

export function useDeliveries(d: string) {
  return useQuery({
    queryKey: [...keys.dossier(d), 'deliveries'],
    queryFn: () =>
      call<{ deliveries: Delivery[] }>('GET', dossierPath(d, 'deliveries')).then((r) => r.deliveries),
  });
}

export function useDelivery(d: string, delivery: string) {
  return useQuery({
    queryKey: [...keys.dossier(d), 'delivery', delivery],
    queryFn: () => call<Delivery>('GET', dossierPath(d, 'deliveries', delivery)),
  });
}

export function useDraft(d: string, delivery: string, enabled: boolean) {
  return useQuery({
    queryKey: [...keys.dossier(d), 'draft', delivery],
    queryFn: () => call<Draft>('GET', dossierPath(d, 'deliveries', delivery, 'draft')),
    enabled,
    // The editor keeps its own state once loaded; a refetch must not overwrite what is being typed.
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
}

export function useDocuments(d: string) {
  return useQuery({
    queryKey: [...keys.dossier(d), 'documents'],
    queryFn: () =>
      call<{ documents: Document[] }>('GET', dossierPath(d, 'documents')).then((r) => r.documents),
  });
}

export function useDocument(d: string, document: string) {
  return useQuery({
    queryKey: [...keys.dossier(d), 'document', document],
    queryFn: () => call<Document>('GET', dossierPath(d, 'documents', document)),
  });
}

export function useVersion(d: string, document: string, version: number | null) {
  return useQuery({
    queryKey: [...keys.dossier(d), 'version', document, version],
    queryFn: () => call<Version>('GET', dossierPath(d, 'documents', document, 'versions', version!)),
    enabled: version !== null,
  });
}

export function useResponses(d: string, delivery?: string) {
  return useQuery({
    queryKey: [...keys.dossier(d), 'responses', delivery ?? null],
    queryFn: () =>
      call<{ responses: ResponseSummary[] }>('GET', dossierPath(d, 'responses'), {
        query: { delivery },
      }).then((r) => r.responses),
  });
}

export function fetchResponse(d: string, response: string) {
  return call<Response>('GET', dossierPath(d, 'responses', response));
}

export function responseQuery(d: string, response: string) {
  return {
    queryKey: [...keys.dossier(d), 'response', response],
    queryFn: () => fetchResponse(d, response),
    staleTime: Infinity, // a submitted response never changes
  };
}

export function useResponse(d: string, response: string | null) {
  return useQuery({ ...responseQuery(d, response ?? ''), enabled: response !== null });
}

export function prefetchResponse(client: QueryClient, d: string, response: string) {
  return client.fetchQuery(responseQuery(d, response));
}

export function useStatements(d: string) {
  return useQuery({
    queryKey: [...keys.dossier(d), 'statements'],
    queryFn: () =>
      call<{ statements: Statement[] }>('GET', dossierPath(d, 'statements')).then((r) => r.statements),
  });
}

export function useMeetings(d: string) {
  return useQuery({
    queryKey: [...keys.dossier(d), 'meetings'],
    queryFn: () => call<{ meetings: Meeting[] }>('GET', dossierPath(d, 'meetings')).then((r) => r.meetings),
  });
}

export interface TimelineFilter {
  at?: string;
  from?: string;
  to?: string;
  party?: string;
  kind?: string;
  document?: string;
  point?: string;
}

export function useTimeline(d: string, filter: TimelineFilter) {
  return useQuery({
    queryKey: [...keys.dossier(d), 'timeline', filter],
    queryFn: () => call<Timeline>('GET', dossierPath(d, 'timeline'), { query: { ...filter } }),
    placeholderData: (previous) => previous,
  });
}
