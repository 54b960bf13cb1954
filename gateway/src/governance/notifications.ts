import type { CareContext, PersonAccess } from '@care/common';
import { randomUUID } from 'node:crypto';
import type { CpNotificationDoc } from './documents';
import type { GovernanceStore } from './store';
import type { WindowsService } from './windows-service';

/** The same viewer seeing the same child again within this time is one attendance, not many. */
const REPEAT_WINDOW_MS = 30 * 60_000;

/**
 * CP-IS: when unscheduled care views a child protection flag, the child's social worker (or the
 * borough's duty team when none is allocated) is told who looked, when and where.
 */
export async function notifyUnscheduledViews(
  store: GovernanceStore,
  windows: WindowsService,
  viewer: CareContext,
  views: PersonAccess[],
  now: Date,
): Promise<void> {
  const nhsNumbers = views.map((v) => v.nhsNumber).filter((n): n is string => n !== null);
  const [index, recent] = await Promise.all([
    store.persons.find({ _id: { $in: nhsNumbers } }, { projection: ['borough', 'allocatedWorker'] }),
    store.notifications.find(
      {
        nhsNumber: { $in: nhsNumbers },
        viewedBy: viewer.sub,
        at: { $gt: new Date(now.getTime() - REPEAT_WINDOW_MS).toISOString() },
      },
      { projection: ['nhsNumber'] },
    ),
  ]);
  const already = new Set(recent.map((r) => r.nhsNumber));
  const byNhs = new Map(index.map((p) => [p._id, p]));
  const docs: CpNotificationDoc[] = [];
  for (const v of views) {
    if (!v.nhsNumber || already.has(v.nhsNumber)) continue;
    const person = byNhs.get(v.nhsNumber);
    docs.push({
      _id: `CPN-${randomUUID()}`,
      nhsNumber: v.nhsNumber,
      toWorker: person?.allocatedWorker ?? null,
      toBorough: person?.borough ?? null,
      viewedBy: viewer.sub,
      viewedByName: viewer.name,
      viewerRole: viewer.role,
      viewerOrg: viewer.org,
      location: await windows.presenceLocation(v.nhsNumber, viewer.org, now),
      at: now.toISOString(),
      fields: v.notify,
    });
  }
  await store.notifications.insertMany(docs);
}
