import type { AccessGroup, CareContext } from '@care/common';

/** Per-request state of the gateway: the caller, and what subgraphs report they returned. */
export interface GatewayContext {
  care: CareContext;
  /** Access reports from every subgraph fetch of this request (for the audit record). */
  access: AccessGroup[];
  /**
   * Set by the gateway itself, never from a client's request, for a read whose access goes into
   * an audited request's record (ExecuteOptions.foldAccessInto): no record of its own is written.
   */
  auditedByCaller?: boolean;
  /** The hash of the operation document, set once it is known. */
  operationHash?: string;
}
