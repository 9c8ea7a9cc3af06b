// Typed calls for /api/v1/audit-events: the hash-chained audit log, filtered and paged.
import { http, type Page } from './http';

export interface AuditEvent {
  seq: number;
  at: string;
  actor_id: number | null;
  actor_name: string;
  action: string;
  object_type: string;
  object_id: string;
  region_code: string;
  request_id: string;
  client_ip: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  hash: string;
}

export interface AuditQuery {
  actor?: string;
  action?: string;
  object_type?: string;
  object_id?: string;
  /** RFC 3339 */
  from?: string;
  /** RFC 3339 */
  to?: string;
  page?: number;
  size?: number;
}

export function listAuditEvents(query: AuditQuery): Promise<Page<AuditEvent>> {
  return http.get<Page<AuditEvent>>('/api/v1/audit-events', { ...query });
}
