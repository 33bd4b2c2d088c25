/** SQL of package signing: this laptop's own key, and the laptops an office registered (migration 004). */
import { nowIso } from './audit.ts';
import type { SqlDriver } from './driver.ts';

export interface DeviceIdentity {
  device_id: string;
  public_key: string;
  private_key: string;
}

export function deviceIdentity(db: SqlDriver): DeviceIdentity | undefined {
  return db.get<DeviceIdentity>('SELECT device_id, public_key, private_key FROM device_identity LIMIT 1');
}

/** Stores this laptop's key unless it has one (the first stays: packages in transit were signed with it). */
export function putDeviceIdentity(db: SqlDriver, id: Omit<DeviceIdentity, never>): DeviceIdentity {
  return db.transaction(() => {
    const have = deviceIdentity(db);
    if (have) return have;
    db.run('INSERT INTO device_identity (device_id, public_key, private_key, created_at) VALUES (?, ?, ?, ?)', [
      id.device_id,
      id.public_key,
      id.private_key,
      nowIso(),
    ]);
    return id;
  });
}

export interface RegisteredDevice {
  device_id: string;
  public_key: string;
  may_revise_others: number;
}

export function registeredDevices(db: SqlDriver): Map<string, RegisteredDevice> {
  return new Map(
    db
      .all<RegisteredDevice>('SELECT device_id, public_key, may_revise_others FROM registered_devices')
      .map((d) => [d.device_id, d]),
  );
}

/** Registers (or updates the rights of) a laptop; a different key under a registered name is refused by the caller. */
export function registerDevice(db: SqlDriver, d: RegisteredDevice): void {
  db.run(
    `INSERT INTO registered_devices (device_id, public_key, may_revise_others, registered_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (device_id) DO UPDATE SET may_revise_others = excluded.may_revise_others
     WHERE registered_devices.public_key = excluded.public_key`,
    [d.device_id, d.public_key, d.may_revise_others, nowIso()],
  );
}
