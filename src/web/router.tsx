import { createBrowserRouter } from 'react-router';
import { Layout } from './components/layout.tsx';
import { DossierLayout } from './components/dossier-layout.tsx';
import { NotFound } from './components/states.tsx';
import { DashboardPage } from './pages/dashboard-page.tsx';
import { DocumentsPage } from './pages/documents-page.tsx';
import { DossiersPage } from './pages/dossiers-page.tsx';
import { EditorPage } from './pages/editor-page.tsx';
import { LedgerPage } from './pages/ledger-page.tsx';
import { LetterPage } from './pages/letter-page.tsx';
import { MeetingsPage } from './pages/meetings-page.tsx';
import { PasswordPage } from './pages/password-page.tsx';
import { ReaderPage } from './pages/reader-page.tsx';
import { RedlinePage } from './pages/redline-page.tsx';
import { ResponsePage } from './pages/response-page.tsx';
import { SignInPage } from './pages/sign-in-page.tsx';
import { StatementsPage } from './pages/statements-page.tsx';
import { TimelinePage } from './pages/timeline-page.tsx';

// Every page has a stable address built from keys, so a published item's URL can be cited.
export const router = createBrowserRouter([
  { path: '/d/:dossier/responses/:response/letter', element: <LetterPage /> },
  {
    element: <Layout />,
    children: [
      { path: '/', element: <DossiersPage /> },
      { path: '/sign-in', element: <SignInPage /> },
      { path: '/password', element: <PasswordPage /> },
      {
        path: '/d/:dossier',
        element: <DossierLayout />,
        children: [
          { index: true, element: <DashboardPage /> },
          { path: 'documents', element: <DocumentsPage /> },
          { path: 'documents/:document/v/:version', element: <ReaderPage /> },
          { path: 'documents/:document/diff/:from/:to', element: <RedlinePage /> },
          { path: 'deliveries/:delivery/respond', element: <EditorPage /> },
          { path: 'responses/:response', element: <ResponsePage /> },
          { path: 'timeline', element: <TimelinePage /> },
          { path: 'meetings', element: <MeetingsPage /> },
          { path: 'statements', element: <StatementsPage /> },
          { path: 'ledger', element: <LedgerPage /> },
        ],
      },
      { path: '*', element: <NotFound /> },
    ],
  },
]);
