import type { SqlDriver } from './driver.ts';

export interface AuditEntry {
  action: string;
  entity: string;
  entityId?: string | null;
  actor?: string | null;
  device?: string | null;
  detail?: unknown;
  at?: string;
}

/**
 * Appends one audit row; call it inside the transaction of the change it records (after the interview row exists:
 * an interview's rows carry its key, see audit_interview).
 */
export function appendAudit(db: SqlDriver, e: AuditEntry): void {
  db.run(
    `INSERT INTO audit_log (audit_uuid, at, actor, device, action, entity, entity_id, detail, interview_key)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, (SELECT interview_key FROM interviews WHERE ? = 'interview' AND interview_id = ?))`,
    [
      crypto.randomUUID(),
      e.at ?? nowIso(),
      e.actor ?? null,
      e.device ?? null,
      e.action,
      e.entity,
      e.entityId ?? null,
      e.detail === undefined ? null : JSON.stringify(e.detail),
      e.entity,
      e.entityId ?? null,
    ],
  );
}

export function nowIso(): string {
  return new Date().toISOString();
}
