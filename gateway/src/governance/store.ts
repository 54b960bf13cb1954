import type { Collection, DocStore } from '@care/common';
import type {
  BreakGlassAlertDoc,
  ConsentDoc,
  CpNotificationDoc,
  DraftDoc,
  HeadDoc,
  MatchDoc,
  PersonIndexDoc,
  PolicyVersionRecord,
  UserDoc,
  WindowDoc,
} from './documents';
import type { AuditDoc } from '../audit/record';

/** The gateway's governance database: every collection, with the indexes its queries need. */
export class GovernanceStore {
  readonly users: Collection<UserDoc>;
  readonly head: Collection<HeadDoc>;
  readonly policies: Collection<PolicyVersionRecord>;
  readonly drafts: Collection<DraftDoc>;
  readonly persons: Collection<PersonIndexDoc>;
  readonly consents: Collection<ConsentDoc>;
  readonly windows: Collection<WindowDoc>;
  readonly alerts: Collection<BreakGlassAlertDoc>;
  readonly notifications: Collection<CpNotificationDoc>;
  readonly audit: Collection<AuditDoc>;
  readonly matches: Collection<MatchDoc>;

  constructor(readonly store: DocStore) {
    this.users = store.collection('users');
    this.head = store.collection('head');
    this.policies = store.collection('policies');
    this.drafts = store.collection('drafts');
    this.persons = store.collection('persons');
    this.consents = store.collection('consents');
    this.windows = store.collection('windows');
    this.alerts = store.collection('alerts');
    this.notifications = store.collection('notifications');
    this.audit = store.collection('audit');
    this.matches = store.collection('matches');
  }

  async ensureIndexes(): Promise<void> {
    await Promise.all([
      this.policies.ensureIndex(['version'], { unique: true }),
      this.persons.ensureIndex(['nameKeys']),
      this.persons.ensureIndex(['dateOfBirth']),
      this.persons.ensureIndex(['socialCareClientId'], { sparse: true }),
      this.persons.ensureIndex(['councilId'], { sparse: true }),
      this.consents.ensureIndex(['nhsNumber']),
      this.windows.ensureIndex(['nhsNumber']),
      this.windows.ensureIndex(['holder']),
      this.alerts.ensureIndex(['status']),
      this.notifications.ensureIndex(['toBorough']),
      this.notifications.ensureIndex(['toWorker']),
      this.audit.ensureIndex(['seq'], { unique: true }),
      this.audit.ensureIndex(['persons']),
      this.audit.ensureIndex(['user']),
      this.audit.ensureIndex(['at']),
      this.matches.ensureIndex(['key']),
      this.matches.ensureIndex(['status']),
    ]);
  }

  /** Any change to consent, windows or the person index starts a new facts epoch (cache invalidation). */
  async bumpFactsEpoch(): Promise<void> {
    await this.head.updateOne({ _id: 'head' }, { $inc: { factsEpoch: 1 } });
  }

  async readHead(): Promise<HeadDoc> {
    const h = await this.head.findOne({ _id: 'head' });
    if (!h) throw new Error('governance store has no head: seed it first');
    return h;
  }
}
