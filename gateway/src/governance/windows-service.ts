import {
  badInput,
  forbidden,
  notFound,
  tidyText,
  UNSCHEDULED_CARE_ROLES,
  type CareContext,
} from '@care/common';
import { randomUUID } from 'node:crypto';
import type { AlertReview, BreakGlassAlertDoc, WindowDoc } from './documents';
import type { HeadCache } from './head-cache';
import type { GovernanceStore } from './store';

export interface WindowSettings {
  breakGlassMinutes: number;
  presenceHours: number;
}

export const BREAK_GLASS_REASONS = [
  'EMERGENCY_CARE',
  'SAFEGUARDING',
  'LACKS_CAPACITY',
  'LEGAL_DUTY',
] as const;

/**
 * Time-limited openings kept in the store, so every replica sees them: break-glass for a user
 * (reviewed by IG), and declared presence for an unscheduled care department.
 */
const MAX_CACHED_USERS = 10_000;

export class WindowsService {
  private readonly openWindows = new Map<
    string,
    { epoch: number; windows: { nhsNumber: string; until: string }[] }
  >();

  constructor(
    private readonly store: GovernanceStore,
    private readonly head: HeadCache,
    private readonly settings: WindowSettings,
  ) {}

  private async requireKnown(nhsNumber: string) {
    const p = await this.store.persons.findOne({ _id: nhsNumber }, { projection: ['_id'] });
    if (!p) throw notFound('No system knows a person with that NHS number');
  }

  async declarePresence(ctx: CareContext, nhsNumber: string, location: string, now: Date) {
    if (!UNSCHEDULED_CARE_ROLES.includes(ctx.role)) throw forbidden('role', 'Mutation.declarePresence');
    const where = tidyText(location);
    if (where.length < 2 || where.length > 200) throw badInput('Location must be 2 to 200 characters');
    await this.requireKnown(nhsNumber);
    const until = new Date(now.getTime() + this.settings.presenceHours * 3_600_000).toISOString();
    await this.store.windows.insertOne({
      _id: `PRS-${randomUUID()}`,
      kind: 'presence',
      nhsNumber,
      holder: ctx.org,
      openedBy: ctx.sub,
      openedByRole: ctx.role,
      openedByOrg: ctx.org,
      openedAt: now.toISOString(),
      until,
      reason: 'declared present',
      detail: null,
      location: where,
    });
    await this.head.bumpFacts();
    return { nhsNumber, org: ctx.org, location: where, until };
  }

  /** Where the person was last declared present by this organisation (for CP notifications). */
  async presenceLocation(nhsNumber: string, org: string, now: Date): Promise<string | null> {
    const open = await this.store.windows.find(
      { nhsNumber, kind: 'presence', holder: org, until: { $gt: now.toISOString() } },
      { sort: { openedAt: -1 }, limit: 1 },
    );
    return open[0]?.location ?? null;
  }

  async openBreakGlass(ctx: CareContext, nhsNumber: string, reason: string, detail: string, now: Date) {
    if (!(BREAK_GLASS_REASONS as readonly string[]).includes(reason))
      throw badInput('Unknown break-glass reason');
    const text = tidyText(detail);
    if (text.length < 10 || text.length > 1000) throw badInput('Say why in 10 to 1000 characters');
    await this.requireKnown(nhsNumber);
    const until = new Date(now.getTime() + this.settings.breakGlassMinutes * 60_000).toISOString();
    const windowId = `BG-${randomUUID()}`;
    const window: WindowDoc = {
      _id: windowId,
      kind: 'break_glass',
      nhsNumber,
      holder: ctx.sub,
      openedBy: ctx.sub,
      openedByRole: ctx.role,
      openedByOrg: ctx.org,
      openedAt: now.toISOString(),
      until,
      reason,
      detail: text,
      location: null,
    };
    const alert: BreakGlassAlertDoc = {
      _id: windowId,
      windowId,
      nhsNumber,
      user: ctx.sub,
      userName: ctx.name,
      role: ctx.role,
      org: ctx.org,
      reason,
      detail: text,
      at: now.toISOString(),
      until,
      status: 'OPEN',
      reviews: [],
    };
    // The alert first: a window must never be open without the alert IG reviews.
    await this.store.alerts.insertOne(alert);
    await this.store.windows.insertOne(window);
    await this.head.bumpFacts();
    return alert;
  }

  /**
   * Break-glass windows this user has open now: carried in the signed context of every request.
   * Read from the store once per user and facts epoch (opening a window starts a new epoch, and
   * nothing else changes them), then filtered by time, so a window still closes on the second.
   */
  async openFor(user: string, now: Date, factsEpoch: number): Promise<string[]> {
    let held = this.openWindows.get(user);
    if (!held || held.epoch !== factsEpoch) {
      const open = await this.store.windows.find(
        { holder: user, kind: 'break_glass', until: { $gt: now.toISOString() } },
        { projection: ['nhsNumber', 'until'] },
      );
      held = { epoch: factsEpoch, windows: open.map((w) => ({ nhsNumber: w.nhsNumber, until: w.until })) };
      if (this.openWindows.size >= MAX_CACHED_USERS) this.openWindows.clear();
      this.openWindows.set(user, held);
    }
    const at = now.toISOString();
    return held.windows.filter((w) => w.until > at).map((w) => w.nhsNumber);
  }

  alerts(status: string | null | undefined): Promise<BreakGlassAlertDoc[]> {
    return this.store.alerts.find(status ? { status } : {}, { sort: { at: -1 }, limit: 500 });
  }

  /** How many break-glass uses wait for review. */
  openAlertCount(): Promise<number> {
    return this.store.alerts.count({ status: 'OPEN' });
  }

  usesFor(nhsNumbers: readonly string[]): Promise<BreakGlassAlertDoc[]> {
    return this.store.alerts.find({ nhsNumber: { $in: [...nhsNumbers] } }, { sort: { at: -1 } });
  }

  async review(ctx: CareContext, id: string, action: AlertReview['action'], note: string, now: Date) {
    const text = tidyText(note);
    if (text.length < 2 || text.length > 2000)
      throw badInput('A review note (2 to 2000 characters) is required');
    const alert = await this.store.alerts.findOne({ _id: id });
    if (!alert) throw notFound('No break-glass use with that id');
    const status = action === 'CLOSE' ? 'CLOSED' : action === 'FLAG' ? 'FLAGGED' : 'ESCALATED';
    const review: AlertReview = { action, note: text, by: ctx.name, at: now.toISOString() };
    await this.store.alerts.updateOne({ _id: id }, { $set: { status }, $push: { reviews: review } });
    return { ...alert, status, reviews: [...alert.reviews, review] } as BreakGlassAlertDoc;
  }
}
