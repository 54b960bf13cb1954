import type { ReactNode } from 'react';
import { AuditPage } from './pages/admin/audit';
import { BreakGlassAlertsPage } from './pages/admin/break-glass-alerts';
import { PolicyMatrixPage } from './pages/admin/policy-matrix';
import { PolicyVersionsPage } from './pages/admin/policy-versions';
import { ExternalTransfersPage } from './pages/admin/external-transfers';
import { MatchingPage } from './pages/admin/matching';
import { PreviewPage } from './pages/admin/preview';
import { ReportsPage } from './pages/reports/reports-page';
import { FindPersonPage } from './pages/find-person';
import { PersonPage } from './pages/person/person-page';
import { SchemaTypesPage } from './pages/schema/schema-types';
import { CaseloadPage } from './pages/social-care/caseload';
import { CorrectionsInboxPage } from './pages/social-care/corrections-inbox';
import { CorrectionsProposedPage } from './pages/social-care/corrections-proposed';
import { CpNotificationsPage } from './pages/social-care/cp-notifications';
import { DischargeInboxPage, DischargeSentPage } from './pages/social-care/discharge-inbox';
import { PendingConsentsPage } from './pages/social-care/pending-consents';
import { ReferralsInboxPage } from './pages/social-care/referrals-inbox';
import { ReferralsSentPage } from './pages/social-care/referrals-sent';
import { TransferImportPage } from './pages/social-care/transfer-import';

export interface Route {
  path: string;
  render: (params: Record<string, string>, role: string) => ReactNode;
}

/** Every page of the app. The gateway enforces who may see what; the routes only lay pages out. */
export const routes: Route[] = [
  { path: '/people', render: (_p, role) => <FindPersonPage role={role} /> },
  // Keyed by person so that moving between people starts each page afresh (forms, break-glass).
  { path: '/people/:nhs', render: (p, role) => <PersonPage key={p.nhs} nhsParam={p.nhs} role={role} /> },
  { path: '/caseload', render: () => <CaseloadPage /> },
  { path: '/referrals', render: (_p, role) => <ReferralsInboxPage role={role} /> },
  { path: '/referrals/sent', render: () => <ReferralsSentPage /> },
  { path: '/cp-notifications', render: () => <CpNotificationsPage /> },
  { path: '/consents', render: () => <PendingConsentsPage /> },
  { path: '/corrections', render: () => <CorrectionsInboxPage /> },
  { path: '/corrections/proposed', render: () => <CorrectionsProposedPage /> },
  { path: '/discharge-notices', render: (_p, role) => <DischargeInboxPage role={role} /> },
  { path: '/discharge-notices/sent', render: () => <DischargeSentPage /> },
  { path: '/transfers/import', render: () => <TransferImportPage /> },
  { path: '/reports', render: () => <ReportsPage /> },
  { path: '/admin/matching', render: () => <MatchingPage /> },
  { path: '/admin/transfers', render: () => <ExternalTransfersPage /> },
  { path: '/admin/policy', render: () => <PolicyMatrixPage /> },
  { path: '/admin/versions', render: () => <PolicyVersionsPage /> },
  { path: '/admin/preview', render: () => <PreviewPage /> },
  { path: '/admin/audit', render: () => <AuditPage /> },
  { path: '/admin/break-glass', render: () => <BreakGlassAlertsPage /> },
  { path: '/schema', render: () => <SchemaTypesPage /> },
];
